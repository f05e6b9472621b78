package io.patchbay.server.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One stream's bounded queue and its ways to end: a slow consumer is cut off, a close ends cleanly after the queue. */
class PushConnectionTest {
    static final byte[] KEY = new byte[32];

    @Test
    void aClientThatStopsReadingIsCutOffOnceItsQueueIsFullAndOthersAreNotHeldUp() {
        PushRegistry registry = new PushRegistry(10, 4);
        FakeStream slow = new FakeStream();
        FakeStream fast = new FakeStream();
        assertTrue(registry.reserve("slow"));
        assertTrue(registry.reserve("fast"));
        PushConnection slowStream = registry.open("slow", "stable", KEY, slow.response, slow.done);
        PushConnection fastStream = registry.open("fast", "stable", KEY, fast.response, fast.done);
        slow.reading = false;
        // One write pending, four queued: still open.
        for (int i = 0; i < 5; i++) {
            assertTrue(slowStream.send("event: push\ndata: " + i + "\n\n"));
            assertTrue(fastStream.send("event: push\ndata: " + i + "\n\n"));
        }
        assertNull(slow.outcome.get());
        assertTrue(slowStream.isOpen());
        // The sixth does not fit: the slow client is cut off; the fast one got everything.
        assertFalse(slowStream.send("event: push\ndata: 5\n\n"));
        assertTrue(slow.outcome.get().startsWith("failed"), slow.outcome.get());
        assertEquals("slow_consumer", slowStream.closeReason());
        assertTrue(fastStream.send("event: push\ndata: 5\n\n"));
        assertEquals(6, fast.frames().size());
        assertEquals(1, slow.frames().size(), "nothing written after the first pending write");
        assertEquals(1, registry.size(), "the slot is free again");
        assertNull(registry.find("slow"));
        assertFalse(slowStream.send(PushConnection.KEEPALIVE));
    }

    @Test
    void keepalivesCutOffAStreamThatNeverDrains() {
        PushRegistry registry = new PushRegistry(10, 2);
        FakeStream stuck = new FakeStream();
        stuck.reading = false;
        assertTrue(registry.reserve("c"));
        PushConnection stream = registry.open("c", "stable", KEY, stuck.response, stuck.done);
        for (int i = 0; i < 3; i++) {
            registry.keepalive();
            assertTrue(stream.isOpen());
        }
        registry.keepalive();
        assertFalse(stream.isOpen());
        assertEquals("slow_consumer", stream.closeReason());
        assertEquals(0, registry.size());
    }

    @Test
    void closeEndsTheStreamCleanlyAfterWhatIsQueued() {
        PushRegistry registry = new PushRegistry(10, 4);
        FakeStream client = new FakeStream();
        client.reading = false;
        assertTrue(registry.reserve("c"));
        PushConnection stream = registry.open("c", "stable", KEY, client.response, client.done);
        stream.send("a");
        stream.send("b");
        stream.close("server_stopping");
        assertFalse(stream.send("c"), "nothing is queued once closing");
        assertNull(client.outcome.get());
        // The client reads again: the queue drains, then the last (empty) write ends the response.
        client.reading = true;
        client.pending.remove(0).succeeded();
        assertEquals(List.of("a", "b", ""), client.frames());
        assertTrue(client.ended);
        assertEquals("succeeded", client.outcome.get());
        assertEquals(0, registry.size());
    }

    @Test
    void theCapCountsStreamsAndAClientMayReplaceItsOwnStreamAtTheCap() {
        PushRegistry registry = new PushRegistry(2, 4);
        FakeStream a = new FakeStream();
        FakeStream b = new FakeStream();
        assertTrue(registry.reserve("a"));
        PushConnection first = registry.open("a", "stable", KEY, a.response, a.done);
        assertTrue(registry.reserve("b"));
        registry.open("b", "stable", KEY, b.response, b.done);
        assertTrue(registry.full("c"));
        assertFalse(registry.reserve("c"));
        assertFalse(registry.full("a"));
        FakeStream again = new FakeStream();
        assertTrue(registry.reserve("a"));
        PushConnection second = registry.open("a", "stable", KEY, again.response, again.done);
        assertFalse(first.isOpen());
        assertEquals("replaced", first.closeReason());
        assertEquals("succeeded", a.outcome.get());
        assertTrue(second.isOpen());
        assertEquals(2, registry.size());
        registry.stop();
        assertTrue(registry.full("a"));
        assertEquals(0, registry.size());
        assertEquals("succeeded", b.outcome.get());
    }
}
