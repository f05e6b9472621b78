package io.patchbay.policy.api;

import io.patchbay.policy.api.Decision.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.patchbay.policy.api.EngineFixture.T0;
import static io.patchbay.policy.api.EngineFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ASK_USER: accept, defer, the deferral count, asynchronous answers and answers that never come. */
class AskUserTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anAcceptedOfferAppliesAtOnce() {
        f.host.answer = () -> FakeHost.now(UserChoice.ACCEPT);
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        Decision d = f.tick();
        assertEquals(Verdict.APPLY_NOW, d.verdict());
        assertEquals("the user accepted", d.reason());
        assertEquals(new UpdateOffer("level-2", 0, Optional.empty()), f.host.offers.get(0));
        assertEquals(Optional.of(UserChoice.ACCEPT), f.report().lastChoice());
        assertEquals(0, f.report().deferrals());
    }

    @Test
    void deferralsAreCountedAndTheUserIsAskedAgainLater() {
        f.host.answer = () -> FakeHost.now(UserChoice.DEFER);
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        Decision first = f.tick();
        assertEquals(Verdict.WAIT, first.verdict());
        assertEquals("the user deferred (1); asking again at 2026-06-01T11:00:00Z", first.reason());
        assertEquals(T0.plus(Duration.ofHours(1)), first.recheckAt().orElseThrow());

        f.advance(Duration.ofMinutes(59));
        f.tick();
        assertEquals(1, f.host.callsOf("askUser").size(), "not asked again before the re-ask time");

        f.advance(Duration.ofMinutes(1));
        f.tick();
        f.host.answer = () -> FakeHost.now(UserChoice.ACCEPT);
        f.advance(Duration.ofHours(1));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        assertEquals(List.of(0, 1, 2), f.host.offers.stream().map(UpdateOffer::deferralsSoFar).toList());
        PolicyReport r = f.report();
        assertEquals(2, r.deferrals());
        assertEquals(0, r.unanswered());
        assertEquals(Optional.of(UserChoice.ACCEPT), r.lastChoice());
        assertEquals(2, f.events(PolicyEvent.Type.USER_DEFERRED));
        assertEquals(1, f.events(PolicyEvent.Type.USER_ACCEPTED));
    }

    @Test
    void anAnswerMayComeLaterWithoutASecondQuestion() {
        CompletableFuture<UserChoice> answer = new CompletableFuture<>();
        f.host.answer = () -> answer;
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        Decision asking = f.tick();
        assertEquals(Verdict.ASK, asking.verdict());
        assertEquals(T0.plus(Duration.ofMinutes(10)), asking.recheckAt().orElseThrow(), "the ask timeout");
        f.advance(Duration.ofMinutes(3));
        assertEquals(Verdict.ASK, f.tick().verdict());
        answer.complete(UserChoice.ACCEPT);
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        assertEquals(1, f.host.callsOf("askUser").size());
        assertEquals(1, f.events(PolicyEvent.Type.ASKED));
    }

    @Test
    void anUnansweredQuestionTimesOutAsADeferralAndIsAskedAgain() {
        f.host.answer = CompletableFuture::new; // never answered
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        assertEquals(Verdict.ASK, f.tick().verdict());
        f.advance(Duration.ofMinutes(10));
        Decision timedOut = f.tick();
        assertEquals(Verdict.WAIT, timedOut.verdict());
        assertEquals("the user did not answer in time; counted as deferred", timedOut.reason());
        assertEquals(1, f.report().deferrals());
        assertEquals(1, f.report().unanswered());
        f.advance(Duration.ofHours(1));
        assertEquals(Verdict.ASK, f.tick().verdict());
        assertEquals(2, f.host.callsOf("askUser").size());
    }

    @Test
    void withoutTheCallbackItWaitsAndSaysWhyNeverSwappingWithoutConsent() {
        f.ready(update(UpdatePolicy.askUser(), UpdateAction.soft()));
        for (int i = 0; i < 3; i++) {
            Decision d = f.tick();
            assertEquals(Verdict.WAIT, d.verdict());
            assertEquals("the host does not ask its user; not swapping without consent; waiting", d.reason());
            f.advance(Duration.ofDays(10));
        }
        assertEquals(1, f.events(PolicyEvent.Type.CALLBACK_NOT_IMPLEMENTED));
        assertEquals(0, f.report().deferrals());
    }

    @Test
    void theUserIsAskedOnlyInsideAWindowAndAfterTheDownload() {
        f.host.answer = () -> FakeHost.now(UserChoice.ACCEPT);
        MaintenanceWindow evening = MaintenanceWindow.daily(LocalTime.of(18, 0), Duration.ofHours(3), ZoneOffset.UTC);
        f.engine.offer(update(UpdatePolicy.askUser(), UpdateAction.soft()).withWindows(List.of(evening)));
        f.tick();
        f.engine.downloaded();
        f.tick();
        assertTrue(f.host.offers.isEmpty());
        f.advance(Duration.ofHours(8));
        assertEquals(Verdict.APPLY_NOW, f.tick().verdict());
        assertEquals(1, f.host.offers.size());
    }

    @Test
    void aDeadlinePolicyTellsTheUserHowLongTheyMayDefer() {
        f.host.answer = () -> FakeHost.now(UserChoice.DEFER);
        Deadline d = new Deadline(T0.plus(Duration.ofDays(2)), List.of(), OnExpiry.shutDown());
        f.ready(update(UpdatePolicy.deadline(d), UpdateAction.soft()));
        f.tick();
        assertEquals(Optional.of(d.at()), f.host.offers.get(0).deadline());
    }
}
