package io.kiln.tftp.internal;

import org.junit.jupiter.api.Test;

import static io.kiln.tftp.internal.ReadTransfer.Action.COMPLETE;
import static io.kiln.tftp.internal.ReadTransfer.Action.GIVE_UP;
import static io.kiln.tftp.internal.ReadTransfer.Action.SEND_BLOCKS;
import static io.kiln.tftp.internal.ReadTransfer.Action.SEND_OACK;
import static io.kiln.tftp.internal.ReadTransfer.Action.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadTransferTest {

    @Test
    void lockStepEndsWithAnEmptyBlockWhenTheSizeIsAMultipleOfBlksize() {
        ReadTransfer t = new ReadTransfer(1024, 512, 1, 5, false);
        assertSends(t.start(), t, 1, 1);
        assertEquals(512, t.length(1));
        assertSends(t.onAck(1), t, 2, 2);
        assertEquals(512, t.offset(2));
        assertSends(t.onAck(2), t, 3, 3);
        assertEquals(0, t.length(3));
        assertEquals(COMPLETE, t.onAck(3));
        assertTrue(t.finished());
    }

    @Test
    void lastBlockIsShort() {
        ReadTransfer t = new ReadTransfer(1000, 512, 1, 5, false);
        assertEquals(2, t.lastBlock());
        assertEquals(488, t.length(2));
    }

    @Test
    void emptyFileIsOneEmptyBlock() {
        ReadTransfer t = new ReadTransfer(0, 512, 1, 5, false);
        assertSends(t.start(), t, 1, 1);
        assertEquals(0, t.length(1));
        assertEquals(COMPLETE, t.onAck(1));
    }

    @Test
    void oackWaitsForAckZero() {
        ReadTransfer t = new ReadTransfer(10_000, 1468, 4, 5, true);
        assertEquals(SEND_OACK, t.start());
        assertEquals(WAIT, t.onAck(1));
        assertTrue(t.awaitingOackAck());
        assertSends(t.onAck(0), t, 1, 4);
        assertFalse(t.awaitingOackAck());
    }

    @Test
    void windowAdvancesOnTheLastAckAndRestartsAfterAnEarlierOne() {
        ReadTransfer t = new ReadTransfer(100 * 8, 8, 4, 5, false); // blocks 1..101
        assertSends(t.start(), t, 1, 4);
        assertSends(t.onAck(4), t, 5, 8);
        // the client got 5 and 6 only: RFC 7440 says resend from 7
        assertSends(t.onAck(6), t, 7, 10);
        assertSends(t.onAck(10), t, 11, 14);
    }

    @Test
    void windowIsCutAtTheLastBlock() {
        ReadTransfer t = new ReadTransfer(5 * 8 + 3, 8, 16, 5, false); // blocks 1..6
        assertSends(t.start(), t, 1, 6);
        assertEquals(3, t.length(6));
        assertEquals(COMPLETE, t.onAck(6));
    }

    @Test
    void duplicateAckInLockStepIsIgnored() {
        ReadTransfer t = new ReadTransfer(4096, 512, 1, 5, false);
        t.start();
        assertSends(t.onAck(1), t, 2, 2);
        assertEquals(WAIT, t.onAck(1)); // Sorcerer's Apprentice: no second copy of block 2
        assertSends(t.onAck(2), t, 3, 3);
    }

    @Test
    void repeatedAckOfTheWindowBaseResendsTheWindowOnce() {
        ReadTransfer t = new ReadTransfer(4096, 8, 4, 5, false);
        t.start();
        assertSends(t.onAck(4), t, 5, 8);
        assertSends(t.onAck(4), t, 5, 8); // block 5 was lost
        assertEquals(WAIT, t.onAck(4));   // a late duplicate must not cause another copy
        assertSends(t.onAck(8), t, 9, 12);
        assertSends(t.onAck(8), t, 9, 12); // the allowance is per window
    }

    @Test
    void oldAndFutureAcksAreIgnored() {
        ReadTransfer t = new ReadTransfer(4096, 8, 4, 5, false);
        t.start();
        t.onAck(4);
        t.onAck(8);
        assertEquals(WAIT, t.onAck(3));   // from an earlier window
        assertEquals(WAIT, t.onAck(13));  // never sent
        assertSends(t.onAck(12), t, 13, 16);
    }

    @Test
    void blockNumbersRollOverToZeroInLockStep() {
        long blocks = 65536 + 10;
        ReadTransfer t = new ReadTransfer((blocks - 1) * 8, 8, 1, 5, false); // last block 65546 is empty
        t.start();
        for (long b = 1; b < 65534; b++) t.onAck(ReadTransfer.wireBlock(b));
        assertSends(t.onAck(65534), t, 65535, 65535);
        assertSends(t.onAck(65535), t, 65536, 65536);
        assertEquals(0, ReadTransfer.wireBlock(t.sendFrom()));
        assertEquals(65535L * 8, t.offset(65536));
        assertEquals(WAIT, t.onAck(65535)); // duplicate of the block before the wrap
        assertSends(t.onAck(0), t, 65537, 65537);
        assertEquals(1, ReadTransfer.wireBlock(t.sendFrom()));
        for (long b = 65537; b < blocks; b++) t.onAck(ReadTransfer.wireBlock(b));
        assertEquals(COMPLETE, t.onAck(ReadTransfer.wireBlock(blocks)));
    }

    @Test
    void windowSpanningTheRollOverMapsAcksCorrectly() {
        ReadTransfer t = new ReadTransfer(70_000L * 8, 8, 8, 5, false);
        t.start();
        long acked = 0;
        while (acked + 8 <= 65533) t.onAck(ReadTransfer.wireBlock(acked += 8)); // acked = 65528
        assertSends(t.onAck(ReadTransfer.wireBlock(65532)), t, 65533, 65540);
        // ACK with wire number 2 inside this window is absolute block 65538
        assertSends(t.onAck(2), t, 65539, 65546);
        assertEquals(65538L * 8, t.offset(65539));
    }

    @Test
    void timeoutResendsTheOutstandingWindowThenGivesUp() {
        ReadTransfer t = new ReadTransfer(4096, 8, 4, 2, false);
        t.start();
        assertSends(t.onAck(2), t, 3, 6);
        assertSends(t.onTimeout(), t, 3, 6);
        assertSends(t.onTimeout(), t, 3, 6);
        assertEquals(GIVE_UP, t.onTimeout());
        assertEquals(GIVE_UP, t.onAck(6));
    }

    @Test
    void progressResetsTheRetryCount() {
        ReadTransfer t = new ReadTransfer(4096, 512, 1, 1, false);
        t.start();
        assertSends(t.onTimeout(), t, 1, 1);
        assertSends(t.onAck(1), t, 2, 2);
        assertSends(t.onTimeout(), t, 2, 2);
        assertEquals(GIVE_UP, t.onTimeout());
    }

    @Test
    void unacknowledgedOackIsResentThenAbandoned() {
        ReadTransfer t = new ReadTransfer(4096, 512, 1, 1, true);
        assertEquals(SEND_OACK, t.start());
        assertEquals(SEND_OACK, t.onTimeout());
        assertEquals(GIVE_UP, t.onTimeout());
        assertTrue(t.awaitingOackAck());
    }

    private static void assertSends(ReadTransfer.Action action, ReadTransfer t, long from, long to) {
        assertEquals(SEND_BLOCKS, action);
        assertEquals(from, t.sendFrom(), "first block");
        assertEquals(to, t.sendTo(), "last block");
    }
}
