package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.status.Health;
import io.kiln.api.status.SubsystemStatus.State;
import io.kiln.api.store.Change;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory when its store cannot be read at start: up, saying why, and loaded as soon as the store answers. */
class InventoryWithoutStoreTest {

    /** The real store behind a switch: off, every call fails as the store service does while it cannot open. */
    static final class SwitchedStore implements DocumentStore {
        final DocumentStore real;
        volatile boolean on;

        SwitchedStore(DocumentStore real) {
            this.real = real;
        }

        private DocumentStore s() {
            if (!on) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the store cannot be opened: Connection refused");
            return real;
        }

        @Override public Optional<Document> get(String kind, String name) { return s().get(kind, name); }
        @Override public List<Document> list(String kind) { return s().list(kind); }
        @Override public Optional<Document> findByKey(String kind, String key, String value) { return s().findByKey(kind, key, value); }
        @Override public Document put(String kind, String name, long v, String json, Map<String, Set<String>> keys) { return s().put(kind, name, v, json, keys); }
        @Override public void delete(String kind, String name, long v) { s().delete(kind, name, v); }
        @Override public List<Document> apply(List<Change> changes) { return s().apply(changes); }
        @Override public long revision() { return s().revision(); }
        @Override public String describe() { return real.describe(); }
    }

    /** The inventory of one appliance on {@code store}, re-reading it only when asked. */
    static InventoryServiceImpl inventory(DocumentStore store, Path dir) {
        return new InventoryServiceImpl(store, Map.of("refreshSeconds", "0", "legacyFile", dir.resolve("none.json").toString()));
    }

    /** A host 'edge-1' written to the store while it was up, by an inventory that is then gone. */
    static void storeEdge1(DocumentStore real, Path dir) {
        InventoryServiceImpl first = inventory(real, dir);
        first.addHost(InventoryServiceImplTest.host("edge-1", "52:54:00:00:09:01", null, null, ProvisioningMode.NON_ZTP, null));
        first.close();
    }

    @Test
    void anInventoryWhoseStoreIsDownAtStartSaysWhyAndLoadsWhenTheStoreAnswers(@TempDir Path dir) throws Exception {
        JdbcDocumentStore real = TestStores.h2(dir);
        InventoryServiceImpl inv = null;
        try {
            storeEdge1(real, dir);

            SwitchedStore store = new SwitchedStore(real);
            inv = inventory(store, dir);
            Health h = inv.health();
            assertEquals(State.DOWN, h.state());
            assertTrue(h.reason().contains("(booting waits for it): the store cannot be opened: Connection refused"), h.reason());
            InventoryServiceImpl down = inv;
            KilnException e = assertThrows(KilnException.class, () -> down.host("edge-1"));
            assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
            assertEquals("the inventory is not loaded yet: the store cannot be opened: Connection refused", e.getMessage());
            assertEquals(KilnException.Kind.UNAVAILABLE, assertThrows(KilnException.class, () -> down.addHost(
                    InventoryServiceImplTest.host("edge-2", "52:54:00:00:09:02", null, null, ProvisioningMode.NON_ZTP, null))).kind());

            store.on = true;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (inv.health().state() != State.UP && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(Health.up(), inv.health());
            assertTrue(inv.host("edge-1").isPresent(), "what the store held is read once it answers");
        } finally {
            if (inv != null) inv.close();
            real.close();
        }
    }

    @Test
    void aWriteAfterTheStoreCameBackReadsTheStoreFirst(@TempDir Path dir) {
        JdbcDocumentStore real = TestStores.h2(dir);
        try {
            storeEdge1(real, dir);
            SwitchedStore store = new SwitchedStore(real);
            InventoryServiceImpl inv = inventory(store, dir);
            store.on = true;
            // before the background load ran: the write must be checked against what is stored (same MAC refused)
            KilnException e = assertThrows(KilnException.class, () -> inv.addHost(
                    InventoryServiceImplTest.host("edge-2", "52:54:00:00:09:01", null, null, ProvisioningMode.NON_ZTP, null)));
            assertEquals("MAC 52:54:00:00:09:01 already belongs to host 'edge-1'", e.getMessage());
            inv.close();
        } finally {
            real.close();
        }
    }
}
