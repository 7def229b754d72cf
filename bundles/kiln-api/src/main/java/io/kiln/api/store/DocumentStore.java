package io.kiln.api.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Versioned JSON documents by (kind, name), persisted in Kiln's database (embedded by default, PostgreSQL by
 * configuration).
 *
 * <p>Every write names the version it expects, so two operators (or two appliances sharing one database) can never
 * silently overwrite each other: the second writer gets {@link io.kiln.api.KilnException.Kind#CONFLICT} and must
 * reload. A document may carry unique secondary keys (a host's MACs, UUID, serial) that are indexed in the database
 * and can never belong to two documents of one kind.
 *
 * <p>Kinds are 1-64 and names 1-255 characters; key names 1-64 and key values 1-255. All methods throw
 * {@link io.kiln.api.KilnException}: INVALID for bad arguments, CONFLICT and NOT_FOUND as documented, and
 * UNAVAILABLE when the database fails, in which case nothing was changed.
 */
@ProviderType
public interface DocumentStore {

    /** Expected version meaning "the document must not exist yet". */
    long MUST_NOT_EXIST = 0;

    /** Expected version meaning "whatever is there, if anything" (GitOps overwrite). */
    long ANY_VERSION = -1;

    /** The current version of a document, or empty. */
    Optional<Document> get(String kind, String name);

    /** All documents of a kind, sorted by name. */
    List<Document> list(String kind);

    /**
     * The document of a kind that holds a unique key, e.g. {@code findByKey("host", "mac", "52:54:00:12:34:56")}.
     * Values are compared exactly: callers store and look up canonical forms.
     */
    Optional<Document> findByKey(String kind, String key, String value);

    /**
     * Creates or replaces a document without secondary keys (any keys it had are removed).
     *
     * @see #put(String, String, long, String, Map)
     */
    default Document put(String kind, String name, long expectedVersion, String json) {
        return put(kind, name, expectedVersion, json, Map.of());
    }

    /**
     * Creates or replaces a document and its unique secondary keys, atomically.
     *
     * @param kind            document kind
     * @param name            document name
     * @param expectedVersion the version the caller read; {@link #MUST_NOT_EXIST} to create; {@link #ANY_VERSION} to
     *                        write whatever is there
     * @param json            the document
     * @param keys            key name to values, e.g. {@code {"mac": ["52:54:00:12:34:56"], "uuid": [...]}}; they replace
     *                        the document's previous keys
     * @return the document as stored, with its new version
     * @throws io.kiln.api.KilnException CONFLICT if the version differs from the expected one, the document already
     *                                   exists (expected 0), or a key value belongs to another document of the kind;
     *                                   NOT_FOUND if an expected version &gt; 0 is given and the document does not exist
     */
    Document put(String kind, String name, long expectedVersion, String json, Map<String, Set<String>> keys);

    /**
     * Deletes a document and its keys.
     *
     * @param expectedVersion the version the caller read, or {@link #ANY_VERSION} (then deleting a document that
     *                        does not exist succeeds and changes nothing)
     * @throws io.kiln.api.KilnException NOT_FOUND if it does not exist (expected version &gt; 0); CONFLICT if its
     *                                   version differs
     */
    void delete(String kind, String name, long expectedVersion);

    /**
     * Applies a batch atomically: either every change is written or none is. Changes may move keys between
     * documents of the batch (keys are checked after all documents are written). A batch names each document at
     * most once.
     *
     * @return the documents the batch's PUTs stored, with their new versions, in the order of {@code changes}
     *         (deletes leave nothing to return)
     * @throws io.kiln.api.KilnException the first CONFLICT or NOT_FOUND, as for {@link #put} and {@link #delete};
     *                                   nothing was written
     */
    List<Document> apply(List<Change> changes);

    /**
     * How many writes the database has taken, from this appliance or any other sharing it: every document created,
     * replaced or deleted adds exactly one (a delete of nothing adds none). Cheap enough to poll every few seconds;
     * a value other than the one last seen means someone wrote.
     */
    long revision();

    /**
     * {@link #revision()} counting the writes of documents of these kinds only: it moves when one of them is created,
     * replaced or deleted, and stays put while other kinds are written (the workflow runs, tokens and journals a
     * provisioning fleet writes all the time). A service that re-reads its kinds when someone else wrote them asks
     * this, not {@link #revision()}.
     *
     * @param kinds document kinds
     * @return the sum over those kinds, comparable only with an earlier answer for the same kinds
     * @since 2.2
     */
    default long revision(java.util.Collection<String> kinds) {
        return revision();
    }

    /**
     * Whether other appliances may write this database too: false only for an embedded database file that this
     * process alone has open. A service keeping a copy of documents in memory needs to look for others' writes only
     * when it is shared.
     *
     * @return true unless the store knows it is the database's only writer
     * @since 2.2
     */
    default boolean shared() {
        return true;
    }

    /** Which database this is, for operators: "H2 file /opt/kiln/data/kiln/kiln-db", "PostgreSQL jdbc:postgresql://...". */
    String describe();
}
