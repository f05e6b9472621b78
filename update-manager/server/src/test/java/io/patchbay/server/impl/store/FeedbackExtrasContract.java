package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.ActionType;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.DeploymentClientStatus;
import io.patchbay.server.store.DeploymentSpec;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.PolicySummary;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoredInstallReport;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Install feedback's deployment id and policy report (migration V4), and the per-deployment report. */
interface FeedbackExtrasContract extends StoreFixture {
    String POLICY = "{\"targetLevel\":\"rel-1\",\"deferrals\":2,\"unanswered\":0,\"lastChoice\":\"DEFER\","
            + "\"warningsSent\":[\"PT1H\"],\"enforced\":false,\"lastDecision\":\"ASK\",\"reason\":\"asked the user\","
            + "\"events\":[{\"at\":\"2030-01-01T00:00:00Z\",\"type\":\"DEFERRED\",\"detail\":\"user said later\"}],"
            + "\"droppedEvents\":0,\"futureField\":{\"kept\":true}}";

    default InstallReport extras(String clientId, long level, InstallState state, String deploymentId, String policy) {
        return new InstallReport(clientId, level, state, state.isFinal() && state != InstallState.COMMITTED
                ? "health check failed" : null, List.of(), null, clock().instant(), deploymentId, policy);
    }

    default Deployment deployToChannel(String releaseId, String channel) throws StoreException {
        releases().create(releaseId, List.of(ReleasesContract.bundle("io.example." + releaseId, "1.0.0",
                "c".repeat(64))), "op", level -> { });
        return deployments().create(new DeploymentSpec(releaseId, channel, null, ActionType.SOFT, null,
                UpdatePolicy.ASK_USER, null, null, null, null), "op");
    }

    @Test
    default void feedbackExtrasAreStoredAndShownWithFailedInstalls() throws Exception {
        ClientRecord a = enrollNew("beta");
        Deployment d = deployToChannel("rel-1", "beta");
        installReports().record(extras(a.id(), 1, InstallState.ROLLED_BACK, d.id(), POLICY), null);
        installReports().record(extras(a.id(), 1, InstallState.CRASHED, null, null), null);
        List<StoredInstallReport> failed = installReports().failed(10);
        assertEquals(2, failed.size());
        InstallReport withExtras = failed.stream().filter(r -> r.report().deploymentId() != null).findFirst()
                .orElseThrow().report();
        assertEquals(d.id(), withExtras.deploymentId());
        assertEquals(POLICY, withExtras.policyJson(), "stored as sent, unknown fields kept");
        PolicySummary summary = PolicyReportJson.summary(withExtras.policyJson());
        assertEquals(new PolicySummary(2, 0, "DEFER", List.of("PT1H"), false, "ASK", "asked the user", null, 1), summary);
    }

    @Test
    default void feedbackExtrasOfTheWrongShapeOrSizeAreRefusedAndNothingIsWritten() throws Exception {
        ClientRecord a = enrollNew("beta");
        for (String bad : List.of("[]", "\"text\"", "{\"deferrals\":-1}", "{\"deferrals\":1.5}",
                "{\"deferrals\":\"2\"}", "{\"enforced\":\"yes\"}", "{\"lastChoice\":3}", "{\"events\":{}}",
                "{\"events\":[{\"at\":{\"nested\":1}}]}", "{\"warningsSent\":[1]}", "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}",
                "{\"targetLevel\":true}", "{} {}", "{\"reason\":\"a\u0000b\"}", "not json")) {
            assertThrows(InvalidInputException.class, () -> installReports().record(
                    extras(a.id(), 1, InstallState.DOWNLOADING, null, bad), null), bad);
        }
        String events = "{\"events\":[" + "{},".repeat(32) + "{}]}";
        assertThrows(LimitExceededException.class, () -> installReports().record(
                extras(a.id(), 1, InstallState.DOWNLOADING, null, events), null));
        String huge = "{\"reason\":\"" + "x".repeat(8192) + "\"}";
        assertThrows(LimitExceededException.class, () -> installReports().record(
                extras(a.id(), 1, InstallState.DOWNLOADING, null, huge), null));
        assertThrows(InvalidInputException.class, () -> installReports().record(
                extras(a.id(), 1, InstallState.DOWNLOADING, "bad id!", null), null));
        assertThrows(LimitExceededException.class, () -> installReports().record(
                extras(a.id(), 1, InstallState.DOWNLOADING, "d".repeat(65), null), null));
        assertEquals(0, count("install_reports"));
        String largest = "{\"reason\":\"" + "x".repeat(8192 - 13) + "\"}";
        installReports().record(extras(a.id(), 1, InstallState.DOWNLOADING, "d".repeat(64), largest), null);
        assertEquals(largest, readBack(a.id()));
    }

    private String readBack(String clientId) throws Exception {
        try (var c = database().dataSource().getConnection();
             var s = c.prepareStatement("SELECT policy_json FROM install_reports WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    default void deploymentStatusListsEveryNamedClientWithItsNewestReportForThatDeployment() throws Exception {
        ClientRecord waiting = enrollNew("beta");
        ClientRecord done = enrollNew("beta");
        ClientRecord silent = enrollNew("beta");
        ClientRecord revoked = enrollNew("beta");
        ClientRecord elsewhere = enrollNew("stable");
        Deployment d = deployToChannel("rel-1", "beta");
        Deployment other = deployToChannel("rel-2", "beta");
        clients().revoke(revoked.id());
        installReports().record(extras(waiting.id(), 1, InstallState.DOWNLOADING, d.id(), null), null);
        clock().advance(Duration.ofSeconds(1));
        installReports().record(extras(waiting.id(), 1, InstallState.WAITING_FOR_POLICY, d.id(), POLICY), null);
        installReports().record(extras(waiting.id(), 2, InstallState.APPLYING, other.id(), null), null);
        installReports().record(extras(done.id(), 1, InstallState.COMMITTED, d.id(), null), null);
        installReports().record(extras(elsewhere.id(), 1, InstallState.COMMITTED, d.id(), null), null);
        checkIns().record(new CheckIn(done.id(), 1, List.of(), "{}", null), null);

        DeploymentStatus.Page page = new DeploymentStatus(database()).page(d.id(), null, 10);
        assertEquals("rel-1", page.release().id());
        List<String> expected = java.util.stream.Stream.of(waiting, done, silent, revoked).map(ClientRecord::id)
                .sorted().toList();
        assertEquals(expected, page.clients().stream().map(DeploymentClientStatus::clientId).toList(),
                "the channel's clients in id order; a client of another channel is not listed");
        DeploymentClientStatus w = status(page, waiting.id());
        assertEquals(InstallState.WAITING_FOR_POLICY, w.lastReport().report().state(), "newest for this deployment");
        assertEquals(POLICY, w.lastReport().report().policyJson());
        assertEquals(InstallState.COMMITTED, status(page, done.id()).lastReport().report().state());
        assertEquals(1L, status(page, done.id()).patchSequence());
        assertNull(status(page, silent.id()).lastReport());
        assertTrue(status(page, revoked.id()).revoked());

        DeploymentStatus.Page first = new DeploymentStatus(database()).page(d.id(), null, 2);
        DeploymentStatus.Page second = new DeploymentStatus(database()).page(d.id(),
                first.clients().get(1).clientId(), 2);
        assertEquals(expected.subList(2, 4), second.clients().stream().map(DeploymentClientStatus::clientId).toList());
        assertEquals(status(page, expected.get(2)).lastReport() == null, second.clients().get(0).lastReport() == null);

        Deployment group = deployments().create(new DeploymentSpec("rel-1", null, List.of(elsewhere.id()),
                ActionType.FORCED, null, UpdatePolicy.NOW, null, null, null, null), "op");
        DeploymentStatus.Page groupPage = new DeploymentStatus(database()).page(group.id(), null, 10);
        assertEquals(List.of(elsewhere.id()), groupPage.clients().stream().map(DeploymentClientStatus::clientId).toList());
        assertNull(groupPage.clients().get(0).lastReport(), "its report named the channel deployment, not this one");

        assertEquals("unknown_deployment", assertThrows(NotFoundException.class,
                () -> new DeploymentStatus(database()).page("no-such-deployment", null, 10)).code());
    }

    private static DeploymentClientStatus status(DeploymentStatus.Page page, String clientId) {
        return page.clients().stream().filter(c -> c.clientId().equals(clientId)).findFirst().orElseThrow();
    }
}
