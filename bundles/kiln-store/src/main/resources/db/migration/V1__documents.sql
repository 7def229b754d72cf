-- Kiln store, schema 1: versioned JSON documents and their unique secondary keys.
-- Portable SQL: runs unchanged on PostgreSQL 13+ and on H2 2.x (MODE=PostgreSQL, DATABASE_TO_LOWER=TRUE).

-- A document row is never removed: a delete leaves a tombstone (body NULL) whose version keeps counting, so a
-- name that is deleted and created again never reuses an old version (no ABA for clients holding a stale one).
CREATE TABLE document (
    kind     VARCHAR(64)  NOT NULL,
    name     VARCHAR(255) NOT NULL,
    version  BIGINT       NOT NULL,
    body     TEXT,
    updated  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT document_pk PRIMARY KEY (kind, name)
);

-- Unique per kind: one MAC, UUID or serial can belong to one host only, even across appliances sharing a database.
CREATE TABLE document_key (
    kind       VARCHAR(64)  NOT NULL,
    key_name   VARCHAR(64)  NOT NULL,
    key_value  VARCHAR(255) NOT NULL,
    name       VARCHAR(255) NOT NULL,
    CONSTRAINT document_key_pk PRIMARY KEY (kind, key_name, key_value),
    CONSTRAINT document_key_document_fk FOREIGN KEY (kind, name) REFERENCES document (kind, name)
);

CREATE INDEX document_key_by_document ON document_key (kind, name);
