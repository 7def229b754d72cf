package io.kiln.gitops.internal;

import static io.kiln.gitops.internal.DeclarativeInventoryImplTest.assertContains;
import static io.kiln.gitops.internal.Fixtures.copySample;
import static io.kiln.gitops.internal.Fixtures.edit;
import static io.kiln.gitops.internal.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.gitops.SyncStatus;
import io.kiln.api.inventory.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile loop: a watched directory, and a git repository made here with JGit and pulled over file://. */
class InventorySyncImplTest {
    @TempDir Path tmp;
    TestInventory t;

    @BeforeEach
    void open() {
        t = new TestInventory(tmp.resolve("data"));
    }

    @AfterEach
    void close() {
        t.close();
    }

    InventorySyncImpl sync(Map<String, Object> cfg, boolean schedule) {
        return new InventorySyncImpl(t.declarative, cfg, schedule);
    }

    @Test
    void offWhenNothingIsConfigured() {
        InventorySyncImpl s = sync(Map.of(), true);
        assertEquals(SyncStatus.Mode.OFF, s.status().mode());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, s::syncNow).kind());
    }

    @Test
    void theWatcherPicksUpAChangedFile() throws Exception {
        Path dir = copySample(tmp.resolve("inv"));
        InventorySyncImpl s = sync(Map.of("directory", dir.toString(), "pollSeconds", 1), true);
        try {
            SyncStatus first = await(s, st -> st.lastResult() != null);
            assertEquals(SyncStatus.Mode.DIRECTORY, first.mode());
            assertEquals(33, first.lastResult().created().size());
            assertEquals(20, t.inventory.hosts().size());

            edit(dir.resolve("hosts/shop-berlin-07-pos-01.yaml"), "rack: backoffice", "rack: till-4");
            SyncStatus second = await(s, st -> st.lastResult() != null && !st.lastResult().updated().isEmpty());
            assertEquals(List.of("hosts/shop-berlin-07-pos-01"), second.lastResult().updated());
            assertNotEquals(first.revision(), second.revision());
            assertEquals("till-4", t.inventory.host("shop-berlin-07-pos-01").orElseThrow().labels().get("rack"));
        } finally {
            s.stop();
        }
    }

    @Test
    void aFailedApplyLeavesTheStoreAloneAndIsRetriedOnTheNextChange() {
        Path dir = copySample(tmp.resolve("inv"));
        InventorySyncImpl s = sync(Map.of("directory", dir.toString()), false);
        assertNotNull(s.reconcile(false).lastApplied());

        edit(dir.resolve("hosts/shop-berlin-07-pos-01.yaml"), "rack: backoffice", "rack: till-4");
        write(dir.resolve("hosts/broken.yaml"), "name: broken\nmacs: [\"52:54:00:00:00:01\"]\nprofile: nope\n");
        SyncStatus failed = s.reconcile(false);
        assertContains(failed.lastError(), "hosts/broken.yaml:3: profile 'nope' does not exist");
        assertEquals("backoffice", t.inventory.host("shop-berlin-07-pos-01").orElseThrow().labels().get("rack"));
        assertSame(failed.lastResult(), s.reconcile(false).lastResult()); // unchanged files: not attempted again

        write(dir.resolve("hosts/broken.yaml"), "name: broken\nmacs: [\"52:54:00:00:00:01\"]\nprofile: debian-12-preseed\n");
        SyncStatus fixed = s.reconcile(false);
        assertNull(fixed.lastError());
        assertEquals(List.of("hosts/broken"), fixed.lastResult().created());
        assertEquals(List.of("hosts/shop-berlin-07-pos-01"), fixed.lastResult().updated());
    }

    @Test
    void gitModeClonesAppliesAndFollowsNewCommits() throws Exception {
        Path repoDir = tmp.resolve("origin");
        try (Git origin = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
            copySample(repoDir.resolve("inventory"));
            write(repoDir.resolve("README.md"), "the edge fleet\n");
            RevCommit c1 = commit(origin, "fleet: initial inventory");

            InventorySyncImpl s = sync(Map.of("gitUrl", repoDir.toUri().toString(), "gitBranch", "main", "gitPath", "inventory",
                    "gitCheckoutDir", tmp.resolve("checkout").toString(), "prune", true), false);
            SyncStatus first = s.reconcile(false);
            assertNull(first.lastError(), first.lastError());
            assertEquals(SyncStatus.Mode.GIT, first.mode());
            assertEquals(c1.name(), first.revision());
            assertEquals(33, first.lastResult().created().size());

            // nothing new: no apply
            assertSame(first.lastResult(), s.reconcile(false).lastResult());

            edit(repoDir.resolve("inventory/hosts/plant-munich-02-line-02.yaml"), "rack: line-2", "rack: line-2b");
            java.nio.file.Files.delete(repoDir.resolve("inventory/hosts/plant-munich-02-wrk-06.yaml"));
            origin.rm().addFilepattern("inventory/hosts/plant-munich-02-wrk-06.yaml").call();
            RevCommit c2 = commit(origin, "line 2 moved; wrk-06 decommissioned");
            SyncStatus second = s.reconcile(false);
            assertNull(second.lastError(), second.lastError());
            assertEquals(c2.name(), second.revision());
            assertEquals(List.of("hosts/plant-munich-02-line-02"), second.lastResult().updated());
            assertEquals(List.of("hosts/plant-munich-02-wrk-06"), second.lastResult().deleted());
            Host moved = t.inventory.host("plant-munich-02-line-02").orElseThrow();
            assertEquals("line-2b", moved.labels().get("rack"));

            // a bad commit is reported and changes nothing; the next good one applies
            write(repoDir.resolve("inventory/roles/k8s-node.yaml"), "name: k8s-node\nprofile: [oops\n");
            RevCommit c3 = commit(origin, "broken role");
            SyncStatus bad = s.reconcile(false);
            assertContains(bad.lastError(), "roles/k8s-node.yaml:");
            assertSame(second.lastResult(), bad.lastResult());
            assertEquals(c3.name(), bad.revision(), "the broken commit was seen");
            assertEquals(c2.name(), bad.appliedRevision(), "the store still reflects the last good one, and says which");
            edit(repoDir.resolve("inventory/roles/k8s-node.yaml"), "[oops", "ubuntu-2404-autoinstall");
            RevCommit c4 = commit(origin, "role fixed");
            SyncStatus good = s.reconcile(false);
            assertNull(good.lastError(), good.lastError());
            assertEquals(c4.name(), good.revision());
            assertEquals(c4.name(), good.appliedRevision());
            assertEquals(List.of("roles/k8s-node"), good.lastResult().updated());
        }
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("Kiln Test", "test@kiln.invalid").setCommitter("Kiln Test", "test@kiln.invalid")
                .setSign(false).call();
    }

    private static SyncStatus await(InventorySyncImpl s, java.util.function.Predicate<SyncStatus> done) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            SyncStatus st = s.status();
            if (done.test(st)) return st;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; status " + s.status());
    }

    @Test
    void badValuesAndAMissingDirectoryDegradeWithTheirLines() {
        String missing = tmp.resolve("nope").toString();
        InventorySyncImpl s = sync(Map.of("directory", missing, "pollSeconds", "often", "prune", "maybe", "gitBrnach", "x"), false);
        assertEquals(SyncStatus.Mode.DIRECTORY, s.status().mode());
        assertFalse(s.status().prune(), "prune = maybe is refused, not read as anything");
        assertEquals(io.kiln.api.status.Health.degraded(String.join("; ",
                "etc/io.kiln.gitops.cfg: pollSeconds = 'often' is not a number from 1 to 86400",
                "etc/io.kiln.gitops.cfg: prune = 'maybe' is not true or false",
                "etc/io.kiln.gitops.cfg: unknown key 'gitBrnach' ignored (known: directory, gitBranch, gitCheckoutDir, gitPath, "
                        + "gitPollSeconds, gitUrl, pollSeconds, prune)",
                "etc/io.kiln.gitops.cfg: directory: directory '" + missing + "' does not exist")), s.health());
        assertEquals(io.kiln.api.status.Health.up(), sync(Map.of(), false).health());
    }
}
