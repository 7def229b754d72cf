package io.kiln.gitops.internal;

import io.kiln.inventory.internal.InventoryServiceImpl;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real inventory on the real store (an embedded H2 file in a test directory, or a PostgreSQL URL), and the
 * declarative layer over it.
 */
final class TestInventory implements AutoCloseable {
    final JdbcDocumentStore store;
    final InventoryServiceImpl inventory;
    final DeclarativeInventoryImpl declarative;

    TestInventory(Path dataDir) {
        this(dataDir, "", "", "");
    }

    /** @param url a JDBC URL, or "" for the embedded H2 file under {@code dataDir} */
    TestInventory(Path dataDir, String url, String user, String password) {
        System.setProperty("karaf.data", dataDir.toString());
        store = JdbcDocumentStore.open(url, user, password);
        inventory = new InventoryServiceImpl(store, Map.of("legacyFile", dataDir.resolve("none.json").toString(), "refreshSeconds", "0"));
        declarative = new DeclarativeInventoryImpl(inventory);
    }

    @Override
    public void close() {
        store.close();
    }
}
