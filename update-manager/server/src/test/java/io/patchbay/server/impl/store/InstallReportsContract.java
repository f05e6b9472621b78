package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.ReplayedRequestException;
import io.patchbay.server.store.StepTiming;
import io.patchbay.server.store.StoredInstallReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Install reports, and writes that record their request's nonce in the same transaction. */
interface InstallReportsContract extends StoreFixture {
    String REPORT_NONCE = "rep0rt-nonce-AAAAAAAAAAAA";

    default InstallReport report(String clientId, InstallState state, String cause) {
        return new InstallReport(clientId, 7, state, cause, List.of(new StepTiming("verify", 12),
                new StepTiming("apply", 340)), "line 1\nline 2", clock().instant());
    }

    default RequestNonce nonce(String clientId, String value) {
        return new RequestNonce(clientId, value, clock().instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    default void installReportsFailedOnesAreListedNewestFirstWithCause() throws Exception {
        ClientRecord a = enrollNew("beta");
        installReports().record(report(a.id(), InstallState.DOWNLOADING, null), null);
        installReports().record(report(a.id(), InstallState.ROLLED_BACK, "health check failed"), null);
        clock().advance(Duration.ofSeconds(5));
        installReports().record(report(a.id(), InstallState.COMMITTED, null), null);
        installReports().record(report(a.id(), InstallState.CRASHED, "JVM died in APPLYING"), null);
        List<StoredInstallReport> failed = installReports().failed(10);
        assertEquals(List.of(InstallState.CRASHED, InstallState.ROLLED_BACK),
                failed.stream().map(r -> r.report().state()).toList());
        assertEquals("health check failed", failed.get(1).report().cause());
        assertEquals(List.of(new StepTiming("verify", 12), new StepTiming("apply", 340)), failed.get(1).report().timings());
        assertEquals("line 1\nline 2", failed.get(1).report().logExcerpt());
        assertEquals(4, count("install_reports"));
    }

    @Test
    default void aFinalReportSentAgainWithItsSwapIdIsTheSameReport() throws Exception {
        ClientRecord a = enrollNew("beta");
        ClientRecord b = enrollNew("beta");
        InstallReport failed = new InstallReport(a.id(), 7, InstallState.ROLLED_BACK, "health check failed", List.of(),
                null, clock().instant(), null, null, "tx-0007.a");
        String first = installReports().record(failed, nonce(a.id(), REPORT_NONCE));
        // the agent lost the 202 (crash before its acknowledgement) and sends the record again, in a new request
        assertEquals(first, installReports().record(failed, nonce(a.id(), REPORT_NONCE + "2")));
        assertEquals(1, count("install_reports"));
        assertEquals(2, count("request_nonces"), "the resent request is still a request: its nonce is spent");
        // the same swap id from another client, or another swap of the same client, is another report
        installReports().record(new InstallReport(b.id(), 7, InstallState.COMMITTED, null, List.of(), null,
                clock().instant(), null, null, "tx-0007.a"), null);
        installReports().record(new InstallReport(a.id(), 8, InstallState.COMMITTED, null, List.of(), null,
                clock().instant(), null, null, "tx-0008"), null);
        assertEquals(3, count("install_reports"));
        assertEquals("tx-0007.a", installReports().failed(10).get(0).report().swapId());
        assertThrows(io.patchbay.server.store.InvalidInputException.class, () -> installReports().record(
                new InstallReport(a.id(), 9, InstallState.COMMITTED, null, List.of(), null, clock().instant(), null,
                        null, "tx 9; DROP TABLE"), null));
        assertThrows(LimitExceededException.class, () -> installReports().record(new InstallReport(a.id(), 9,
                InstallState.COMMITTED, null, List.of(), null, clock().instant(), null, null, "t".repeat(65)), null));
        assertEquals(3, count("install_reports"));
    }

    @Test
    default void installReportsRefuseOversizedAndRevoked() throws Exception {
        ClientRecord a = enrollNew("beta");
        assertThrows(LimitExceededException.class, () -> installReports().record(
                report(a.id(), InstallState.REJECTED, "x".repeat(1025)), null));
        clients().revoke(a.id());
        assertThrows(ClientRevokedException.class, () -> installReports().record(
                report(a.id(), InstallState.REJECTED, "no"), nonce(a.id(), REPORT_NONCE)));
        assertEquals(0, count("install_reports"));
        assertEquals(0, count("request_nonces"), "the nonce rolled back with the refused write");
    }

    @Test
    default void installReportsReplayedNonceRollsTheWriteBack() throws Exception {
        ClientRecord a = enrollNew("beta");
        installReports().record(report(a.id(), InstallState.APPLYING, null), nonce(a.id(), REPORT_NONCE));
        assertThrows(ReplayedRequestException.class, () -> installReports().record(
                report(a.id(), InstallState.COMMITTED, null), nonce(a.id(), REPORT_NONCE)));
        assertThrows(ReplayedRequestException.class, () -> checkIns().record(
                new CheckIn(a.id(), 3, List.of(), "{}", null), nonce(a.id(), REPORT_NONCE)));
        assertEquals(1, count("install_reports"));
        assertEquals(1, count("request_nonces"));
        assertEquals(0, checkIns().find(a.id()).orElseThrow().checkIns(), "the replayed check-in wrote nothing");
        // The same transaction still works after the aborted one on PostgreSQL: a fresh nonce goes through.
        checkIns().record(new CheckIn(a.id(), 3, List.of(), "{}", null), nonce(a.id(), REPORT_NONCE + "2"));
        assertEquals(1, checkIns().find(a.id()).orElseThrow().checkIns());
    }
}
