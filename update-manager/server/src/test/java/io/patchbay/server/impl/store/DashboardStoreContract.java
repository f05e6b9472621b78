package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.IssuedToken;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dashboard sessions (hashed, bounded, shared by every node on the database) and the admin audit log. */
interface DashboardStoreContract extends StoreFixture {

    private DashboardSessions sessions() {
        return new DashboardSessions(database(), clock(), DashboardSessions.Settings.DEFAULT);
    }

    private AdminPrincipal signedIn(AdminRole role) throws Exception {
        IssuedToken token = adminTokens().create(role, "dash");
        return adminTokens().verify(token.token()).orElseThrow();
    }

    @Test
    default void dashboardSessionsAreSharedByNodesAndStoredHashed() throws Exception {
        AdminPrincipal principal = signedIn(AdminRole.READ_ONLY);
        DashboardSessions.Opened opened = sessions().open(principal);
        // another node: its own instance on the same database
        DashboardSessions.Session found = sessions().find(opened.cookieValue()).orElseThrow();
        assertEquals(principal.tokenId(), found.principal().tokenId());
        assertEquals(AdminRole.READ_ONLY, found.principal().role());
        assertEquals(opened.session().csrfToken(), found.csrfToken());
        assertEquals(List.of(Secrets.sha256Hex(opened.cookieValue())), column("SELECT id_hash FROM dashboard_sessions"));
        assertFalse(column("SELECT id_hash FROM dashboard_sessions").contains(opened.cookieValue()));
        for (String forged : new String[] {"", "pbses_", "pbses_x", "' OR '1'='1", opened.cookieValue() + "x",
                Secrets.sha256Hex(opened.cookieValue()), "pbses_" + "a".repeat(100)}) {
            assertTrue(sessions().find(forged).isEmpty(), forged);
        }
        assertTrue(sessions().find(null).isEmpty());
    }

    @Test
    default void dashboardSessionsEndByLifetimeIdleTimeSignOutOrRevocation() throws Exception {
        IssuedToken token = adminTokens().create(AdminRole.OPERATOR, "dash");
        AdminPrincipal principal = adminTokens().verify(token.token()).orElseThrow();
        String idle = sessions().open(principal).cookieValue();
        clock().advance(Duration.ofMinutes(29));
        assertTrue(sessions().find(idle).isPresent(), "used within the idle time");
        clock().advance(Duration.ofMinutes(29));
        assertTrue(sessions().find(idle).isPresent(), "the use above restarted the idle time");
        clock().advance(Duration.ofMinutes(31));
        assertTrue(sessions().find(idle).isEmpty(), "idle too long");

        String busy = sessions().open(principal).cookieValue();
        for (int i = 0; i < 8 * 3 - 1; i++) {
            clock().advance(Duration.ofMinutes(20));
            assertTrue(sessions().find(busy).isPresent(), "used every 20 min, at " + i);
        }
        clock().advance(Duration.ofMinutes(20));
        assertTrue(sessions().find(busy).isEmpty(), "8 h after sign-in, however busy");

        String out = sessions().open(principal).cookieValue();
        assertTrue(sessions().close(out));
        assertTrue(sessions().find(out).isEmpty());
        assertFalse(sessions().close(out));

        String revoked = sessions().open(principal).cookieValue();
        adminTokens().create(AdminRole.OPERATOR, "other");
        assertTrue(adminTokens().revoke(token.id()));
        assertTrue(sessions().find(revoked).isEmpty(), "a session dies with its token");
    }

    @Test
    default void dashboardSessionsPerTokenAreBoundedAndEachSignInIsFresh() throws Exception {
        AdminPrincipal principal = signedIn(AdminRole.OPERATOR);
        DashboardSessions.Opened first = sessions().open(principal);
        String previous = first.cookieValue();
        for (int i = 0; i < 20; i++) {
            if (i % 2 == 0) {
                clock().advance(Duration.ofSeconds(1)); // odd steps sign in at the same instant: a tie keeps the new one
            }
            DashboardSessions.Opened next = sessions().open(principal);
            assertNotEquals(previous, next.cookieValue());
            assertNotEquals(first.session().csrfToken(), next.session().csrfToken());
            assertTrue(sessions().find(next.cookieValue()).isPresent(), "the newest session always works");
            previous = next.cookieValue();
        }
        assertEquals(DashboardSessions.Settings.DEFAULT.maxPerToken(), count("dashboard_sessions"));
        assertTrue(sessions().find(first.cookieValue()).isEmpty(), "the oldest were evicted");
    }

    @Test
    default void adminAuditIsAppendOnlyAndPagedNewestFirst() throws Exception {
        AdminAudit audit = new AdminAudit(database(), clock());
        try (var c = database().dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM admin_audit");
        }
        for (int i = 0; i < 5; i++) {
            audit.record("tok-" + i, "label", "BEARER", "POST", "/admin/v1/x" + i, 201, i == 4 ? "d".repeat(5000) : null);
            clock().advance(Duration.ofSeconds(1));
        }
        List<AdminAudit.Entry> first = audit.page(null, 2);
        assertEquals(List.of("/admin/v1/x4", "/admin/v1/x3"), first.stream().map(AdminAudit.Entry::path).toList());
        assertEquals(AdminAudit.MAX_DETAIL_CHARS, first.get(0).detail().length(), "detail is bounded");
        assertNull(first.get(1).detail());
        List<AdminAudit.Entry> second = audit.page(first.get(1).id(), 10);
        assertEquals(List.of("/admin/v1/x2", "/admin/v1/x1", "/admin/v1/x0"),
                second.stream().map(AdminAudit.Entry::path).toList());
        assertTrue(audit.page(second.get(2).id(), 10).isEmpty());
    }
}
