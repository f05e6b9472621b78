package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.impl.store.PushBatches.Action;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.server.impl.store.PushBatches.Status;
import io.patchbay.server.impl.store.PushBatches.Target;
import io.patchbay.server.impl.store.PushBatches.TargetKind;
import io.patchbay.server.impl.store.PushBatches.Urgency;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.ReportedBundle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** push_batches (V6): one row per push, targets and their counts, paging by id, and who answered. */
interface PushBatchesContract extends StoreFixture {

    default PushBatches pushes() {
        return new PushBatches(database(), clock());
    }

    default Batch push(Target target) throws Exception {
        return pushes().create(Action.CHECK_NOW, Urgency.NORMAL, target, Duration.ofMinutes(5), "op");
    }

    @Test
    default void aPushToTheWholeFleetIsOneRowCountingUnrevokedClients() throws Exception {
        List<ClientRecord> clients = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clients.add(enrollNew(i % 5 == 0 ? "beta" : "stable"));
        }
        clients().revoke(clients.get(1).id());
        Batch all = pushes().create(Action.REPORT_HOME, Urgency.URGENT, Target.all(), Duration.ofMinutes(2), "op");
        assertEquals(1, count("push_batches"));
        assertEquals(24, all.targeted());
        assertEquals(clock().instant().plus(Duration.ofMinutes(2)), all.expiresAt());
        assertEquals(5, push(Target.channel("beta")).targeted());
        assertEquals(1, push(Target.group(List.of(clients.get(0).id(), clients.get(1).id()))).targeted(),
                "revoked clients are not targeted");
        assertEquals(1, push(Target.client(clients.get(2).id())).targeted());
        assertEquals(4, count("push_batches"));
        Batch stored = pushes().find(all.id()).orElseThrow();
        assertEquals(all, stored);
        Batch group = pushes().after(all.id() + 1, 10).get(0);
        assertEquals(TargetKind.GROUP, group.target().kind());
        assertEquals(List.of(clients.get(0).id(), clients.get(1).id()), group.target().clientIds());
    }

    @Test
    default void refusedPushesWriteNothing() throws Exception {
        ClientRecord client = enrollNew("stable");
        assertThrows(NotFoundException.class, () -> push(Target.group(List.of(client.id(), "nobody"))));
        assertThrows(InvalidInputException.class, () -> push(Target.client("x'; DROP TABLE clients; --")));
        assertThrows(InvalidInputException.class, () -> push(Target.channel("")));
        assertThrows(InvalidInputException.class, () -> push(Target.group(List.of())));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= PushBatches.MAX_GROUP; i++) {
            many.add("c" + i);
        }
        assertThrows(LimitExceededException.class, () -> push(Target.group(many)));
        assertThrows(InvalidInputException.class, () -> pushes().create(Action.CHECK_NOW, Urgency.NORMAL,
                Target.all(), Duration.ofHours(2), "op"));
        assertThrows(InvalidInputException.class, () -> pushes().create(Action.CHECK_NOW, Urgency.NORMAL,
                Target.all(), Duration.ofSeconds(1), "op"));
        assertEquals(0, count("push_batches"));
    }

    @Test
    default void batchesAreReadInIdOrderInBoundedPages() throws Exception {
        long start = pushes().maxId();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(push(Target.all()).id());
        }
        assertEquals(ids.get(6), pushes().maxId());
        assertTrue(ids.get(0) > start);
        List<Long> page = pushes().after(start, 3).stream().map(Batch::id).toList();
        assertEquals(ids.subList(0, 3), page);
        assertEquals(ids.subList(3, 7), pushes().after(page.get(2), 100).stream().map(Batch::id).toList());
        assertEquals(List.of(ids.get(1), ids.get(5)), pushes().byIds(Set.of(ids.get(5), ids.get(1), -4L)).stream()
                .map(Batch::id).toList());
    }

    @Test
    default void statusCountsCheckInsAfterThePushAsAnswers() throws Exception {
        ClientRecord before = enrollNew("stable");
        ClientRecord after = enrollNew("stable");
        ClientRecord never = enrollNew("stable");
        checkIns().record(new CheckIn(before.id(), 1, List.of(new ReportedBundle("a", "1.0")), null, null));
        clock().advance(Duration.ofSeconds(1));
        Batch batch = push(Target.channel("stable"));
        clock().advance(Duration.ofSeconds(1));
        checkIns().record(new CheckIn(after.id(), 1, List.of(new ReportedBundle("a", "1.0")), null, null));
        enrollNew("stable"); // enrolled after the push: not targeted by it
        Status status = pushes().status(batch.id(), 10);
        assertEquals(1, status.answered());
        assertEquals(2, status.unanswered());
        List<String> expected = new ArrayList<>(List.of(before.id(), never.id()));
        expected.sort(null);
        assertEquals(expected, status.unansweredIds());
        assertEquals(1, pushes().status(batch.id(), 1).unansweredIds().size(), "the listing is bounded");
        assertThrows(NotFoundException.class, () -> pushes().status(batch.id() + 1000, 10));
    }
}
