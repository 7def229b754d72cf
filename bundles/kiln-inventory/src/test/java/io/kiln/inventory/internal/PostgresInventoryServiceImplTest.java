package io.kiln.inventory.internal;

import io.kiln.store.internal.JdbcDocumentStore;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** The inventory tests on a real PostgreSQL (skipped without -Dkiln.test.postgres.url; CI provides one). */
class PostgresInventoryServiceImplTest extends InventoryServiceImplTest {
    String schema;

    @BeforeEach
    void freshSchema() throws Exception {
        Assumptions.assumeTrue(TestStores.postgresUrl() != null, "PostgreSQL tests skipped: no -Dkiln.test.postgres.url"
                + " (bundles/kiln-store/src/test/postgres.sh start runs a local server and prints the flags)");
        schema = "kiln_inv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestStores.postgresSql("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        close();
        stores.clear();
        if (schema != null) TestStores.postgresSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Override
    JdbcDocumentStore store() {
        return TestStores.postgres(schema);
    }
}
