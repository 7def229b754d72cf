package io.kiln.tftp.internal;

import io.kiln.tftp.internal.codec.TftpError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TftpServerTest {

    static final int SIZE = 3 * 1024 * 1024 + 123;

    @TempDir
    Path root;
    byte[] content;
    TftpStats stats;
    TftpServer server;
    InetSocketAddress address;
    /** What the server told of each request's outcome: "sent FILE BYTES" or "TYPE FILE: WHY". */
    final List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final TransferLog log = new TransferLog() {
        @Override
        public void sent(InetSocketAddress client, String file, long bytes, long millis) {
            assertTrue(client.getAddress().isLoopbackAddress() && millis >= 0, client + " " + millis);
            outcomes.add("sent " + file + " " + bytes);
        }

        @Override
        public void failed(InetSocketAddress client, String file, String type, String why) {
            outcomes.add(type + " " + file + ": " + why);
        }
    };

    @BeforeEach
    void start() throws IOException {
        content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);
        Files.write(root.resolve("exact.bin"), new byte[1468 * 4]);
        Files.write(root.resolve("empty.bin"), new byte[0]);
        stats = new TftpStats();
        server = new TftpServer(new TftpSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(root), 2, 3, 65464), stats, log);
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void plainRfc1350Download() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("big.bin");
            assertArrayEquals(content, r.content());
            assertEquals(Map.of(), r.oack());
            assertNotEquals(address.getPort(), r.serverTid().getPort(), "a transfer runs on its own port");
        }
        awaitIdle();
        assertEquals(1, stats.snapshot().transfersCompleted());
        assertEquals(SIZE, stats.snapshot().bytesSent());
    }

    @Test
    void blksize1468() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("big.bin", "blksize", "1468");
            assertArrayEquals(content, r.content());
            assertEquals(Map.of("blksize", "1468"), r.oack());
            assertEquals(SIZE / 1468 + 1, r.dataPackets());
        }
    }

    @Test
    void blksize1468WithWindowsize16() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("big.bin", "blksize", "1468", "windowsize", "16");
            assertArrayEquals(content, r.content());
            assertEquals(Map.of("blksize", "1468", "windowsize", "16"), r.oack());
        }
    }

    @Test
    void fileSizeMultipleOfBlksizeEndsWithAnEmptyBlock() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("exact.bin", "blksize", "1468", "windowsize", "3");
            assertEquals(1468 * 4, r.content().length);
            assertEquals(5, r.dataPackets());
            assertEquals(0, c.download("empty.bin").content().length);
        }
    }

    @Test
    void edk2AsksTsizeThenAbortsThenDownloads() throws IOException {
        try (TinyTftpClient c = client()) {
            c.send(TinyTftpClient.rrq("big.bin", "tsize", "0", "blksize", "1468"), address);
            DatagramPacket oack = c.receive();
            assertEquals(6, TinyTftpClient.opcode(oack));
            assertEquals(Map.of("tsize", Integer.toString(SIZE), "blksize", "1468"), TinyTftpClient.options(oack));
            c.send(TinyTftpClient.error(TftpError.OPTION_REFUSED, "User aborted"), oack.getSocketAddress());
            assertArrayEquals(content, c.download("big.bin", "blksize", "1468").content());
        }
        awaitIdle();
        assertEquals(1, stats.snapshot().transfersCompleted());
        assertEquals(0, stats.snapshot().errors());
        assertEquals(2, stats.snapshot().requests());
    }

    @Test
    void unknownAndInvalidOptionsAreNotEchoed() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("big.bin", "multicast", "", "BLKSIZE", "1024", "windowsize", "0");
            assertEquals(Map.of("blksize", "1024"), r.oack());
            assertArrayEquals(content, r.content());
            // only unsupported options: no OACK at all, DATA 1 straight away (RFC 2347)
            TinyTftpClient.Result plain = c.download("exact.bin", "foo", "bar");
            assertEquals(Map.of(), plain.oack());
            assertEquals(1468 * 4 / 512 + 1, plain.dataPackets());
        }
    }

    @Test
    void blockNumbersRollOver() throws IOException {
        byte[] small = new byte[70_000 * 8 + 5];
        new Random(7).nextBytes(small);
        Files.write(root.resolve("many-blocks.bin"), small);
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("many-blocks.bin", "blksize", "8", "windowsize", "64");
            assertArrayEquals(small, r.content());
            assertTrue(r.dataPackets() >= 70_001);
        }
    }

    @Test
    void lostBlockIsRetransmittedAfterTheTimeout() throws IOException {
        try (TinyTftpClient c = client()) {
            TinyTftpClient.Result r = c.download("exact.bin", 1, "timeout", "1");
            assertEquals(1468 * 4, r.content().length);
            assertEquals(1468 * 4 / 512 + 2, r.dataPackets(), "block 1 twice");
        }
    }

    @Test
    void eachRequestsOutcomeIsToldForTheHostsTimeline() throws IOException {
        try (TinyTftpClient c = client()) {
            c.download("exact.bin", "blksize", "1468");
            assertEquals(TftpError.FILE_NOT_FOUND, expectError(c, TinyTftpClient.rrq("nope.bin")));
            assertEquals(TftpError.ACCESS_VIOLATION, expectError(c, TinyTftpClient.rrq("/etc/passwd")));
        }
        awaitIdle();
        // a transfer is told when its last ACK is in, which may be after the next request's refusal: any order
        assertEquals(3, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.contains("sent exact.bin " + 1468 * 4), outcomes.toString());
        assertTrue(outcomes.contains("tftp-not-found nope.bin: in none of the roots"), outcomes.toString());
        assertTrue(outcomes.stream().anyMatch(o -> o.startsWith("tftp-refused /etc/passwd: ")), outcomes.toString());
    }

    @Test
    void errorsForMissingFilesEscapesWritesAndModes() throws IOException {
        try (TinyTftpClient c = client()) {
            assertEquals(TftpError.FILE_NOT_FOUND, expectError(c, TinyTftpClient.rrq("nope.bin")));
            assertEquals(TftpError.ACCESS_VIOLATION, expectError(c, TinyTftpClient.rrq("../" + root.getFileName() + "/big.bin")));
            assertEquals(TftpError.ACCESS_VIOLATION, expectError(c, TinyTftpClient.rrq("/etc/passwd")));
            assertEquals(TftpError.ILLEGAL_OPERATION, expectError(c, new byte[]{0, 2, 'x', 0, 'o', 'c', 't', 'e', 't', 0}));
            assertEquals(TftpError.ILLEGAL_OPERATION, expectError(c, new byte[]{0, 1, 'b', 'i', 'g', '.', 'b', 'i', 'n', 0,
                    'm', 'a', 'i', 'l', 0}));
            assertEquals(TftpError.ILLEGAL_OPERATION, expectError(c, new byte[]{0, 1, 'b', 'i', 'g'}));
        }
        assertEquals(1, stats.snapshot().malformedDropped());
        assertEquals(6, stats.snapshot().errors());
    }

    @Test
    void leadingSlashIsAccepted() throws IOException {
        try (TinyTftpClient c = client()) {
            assertArrayEquals(content, c.download("/big.bin", "blksize", "1468").content());
        }
    }

    @Test
    void garbageNeitherStopsNorDisturbsTheServer() throws IOException {
        Random random = new Random(1);
        try (TinyTftpClient c = client()) {
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[random.nextInt(3000)];
                random.nextBytes(junk);
                if (junk.length > 1 && (junk[1] == 1 || junk[1] == 2)) junk[0] = 9; // keep it out of RRQ/WRQ
                c.send(junk, address);
            }
            c.send(new byte[0], address);
            c.send(new byte[]{0, 4, 0, 1}, address);               // a stray ACK on the request port
            c.send(new byte[]{0, 5, 0, 1, 'x', 0}, address);        // a stray ERROR: never answered
            assertArrayEquals(content, c.download("big.bin", "blksize", "1468", "windowsize", "16").content());
            for (int i = 0; i < 20; i++) c.send(new byte[]{(byte) i, 99}, address);
            assertArrayEquals(content, c.download("big.bin").content());
        }
        assertTrue(stats.snapshot().malformedDropped() >= 40, stats.snapshot().toString());
        assertEquals(0, stats.snapshot().errors());
    }

    @Test
    void garbageOnATransferPortIsDroppedAndAStrangerGetsUnknownTid() throws IOException {
        try (TinyTftpClient c = client(); TinyTftpClient stranger = client()) {
            c.send(TinyTftpClient.rrq("exact.bin"), address);
            DatagramPacket first = c.receive();
            assertEquals(3, TinyTftpClient.opcode(first));
            InetSocketAddress tid = (InetSocketAddress) first.getSocketAddress();
            stranger.send(TinyTftpClient.ack(1), tid);
            DatagramPacket err = stranger.receive();
            assertEquals(5, TinyTftpClient.opcode(err));
            assertEquals(TftpError.UNKNOWN_TID, TinyTftpClient.block(err));
            c.send(new byte[]{0, 4, 0}, tid); // truncated ACK from the right peer: dropped, transfer goes on
            int blocks = 1;
            for (int b = 1; ; b++) {
                c.send(TinyTftpClient.ack(b), tid);
                DatagramPacket data = c.receive();
                assertEquals(3, TinyTftpClient.opcode(data));
                assertEquals(b + 1, TinyTftpClient.block(data));
                blocks++;
                if (data.getLength() < 516) {
                    c.send(TinyTftpClient.ack(b + 1), tid);
                    break;
                }
            }
            assertEquals(1468 * 4 / 512 + 1, blocks);
        }
        awaitIdle();
        assertEquals(1, stats.snapshot().transfersCompleted());
        assertEquals(1, stats.snapshot().malformedDropped());
    }

    @Test
    void silentClientIsAbandonedAfterTheRetries() throws IOException {
        try (TinyTftpClient c = client()) {
            c.socket.setSoTimeout(1500); // longer than the server's 1 s timeout, shorter than the default
            c.send(TinyTftpClient.rrq("exact.bin", "timeout", "1"), address);
            int copies = 0;
            try {
                while (true) {
                    DatagramPacket p = c.receive();
                    if (TinyTftpClient.opcode(p) == 6) copies++;
                }
            } catch (java.net.SocketTimeoutException expected) {
                // the server went quiet
            }
            assertEquals(1 + 3, copies, "OACK plus 3 retries");
        }
        awaitIdle();
        assertEquals(0, stats.snapshot().errors(), "a client that walks away after the OACK is not an error");
    }

    @Test
    void manyTransfersAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String[] options = i % 2 == 0 ? new String[]{"blksize", "1468", "windowsize", "16"} : new String[]{"blksize", "1468"};
                results.add(pool.submit(() -> {
                    try (TinyTftpClient c = client()) {
                        return c.download("big.bin", options).content();
                    }
                }));
            }
            for (Future<byte[]> f : results) assertArrayEquals(content, f.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        awaitIdle();
        assertEquals(8, stats.snapshot().transfersCompleted());
    }

    @Test
    void secondServerOnTheSamePortFailsWithAReadableCause() {
        TftpServer second = new TftpServer(new TftpSettings(address, List.of(root), 2, 3, 65464), new TftpStats());
        IOException e = assertThrows(IOException.class, second::start);
        assertTrue(e.getMessage().toLowerCase().contains("in use"), e.getMessage());
        second.close();
    }

    private int expectError(TinyTftpClient c, byte[] request) throws IOException {
        c.send(request, address);
        DatagramPacket p = c.receive();
        assertEquals(5, TinyTftpClient.opcode(p));
        return TinyTftpClient.block(p);
    }

    private TinyTftpClient client() throws IOException {
        return new TinyTftpClient(address);
    }

    /** The client's last ACK may still be in flight; wait (bounded) until the server has seen it. */
    private void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stats.snapshot().activeTransfers() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(0, stats.snapshot().activeTransfers());
    }
}
