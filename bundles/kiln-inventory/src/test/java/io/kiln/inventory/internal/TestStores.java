package io.kiln.inventory.internal;

import io.kiln.store.internal.JdbcDocumentStore;
import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** The real document store on an embedded H2 file in a test directory. */
final class TestStores {
    private TestStores() {
    }

    static JdbcDocumentStore h2(Path dataDir) {
        System.setProperty("karaf.data", dataDir.toString());
        return new JdbcDocumentStore(new JdbcDocumentStore.Config() {
            @Override public Class<? extends Annotation> annotationType() { return JdbcDocumentStore.Config.class; }
            @Override public String url() { return ""; }
            @Override public String user() { return ""; }
            @Override public String password() { return ""; }
            @Override public int poolSize() { return 4; }
        });
    }
}
