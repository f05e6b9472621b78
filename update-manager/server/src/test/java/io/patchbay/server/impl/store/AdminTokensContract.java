package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.AdminPrincipal;
import io.patchbay.server.store.AdminRole;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.IssuedToken;
import io.patchbay.server.store.LimitExceededException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin bearer tokens: hashed, role-carrying, revocable. */
interface AdminTokensContract extends StoreFixture {

    @Test
    default void adminTokensVerifyToTheirRole() throws Exception {
        IssuedToken reader = adminTokens().create(AdminRole.READ_ONLY, "dashboard");
        IssuedToken operator = adminTokens().create(AdminRole.OPERATOR, "ci");
        AdminPrincipal readerPrincipal = adminTokens().verify(reader.token()).orElseThrow();
        assertEquals(AdminRole.READ_ONLY, readerPrincipal.role());
        assertEquals("dashboard", readerPrincipal.label());
        assertEquals(reader.id(), readerPrincipal.tokenId());
        assertEquals(AdminRole.OPERATOR, adminTokens().verify(operator.token()).orElseThrow().role());
        assertTrue(reader.token().startsWith("pbadm_"));
    }

    @Test
    default void adminTokensAreStoredOnlyAsHashes() throws Exception {
        IssuedToken token = adminTokens().create(AdminRole.OPERATOR, "ci");
        assertEquals(List.of(Secrets.sha256Hex(token.token())), column("SELECT token_hash FROM admin_tokens"));
    }

    @Test
    default void adminTokensRevokedOrForgedDoNotVerify() throws Exception {
        IssuedToken token = adminTokens().create(AdminRole.OPERATOR, "ci");
        for (String forged : new String[] {"", "pbadm_x", "' OR '1'='1", token.token() + " ", "a".repeat(100_000)}) {
            assertTrue(adminTokens().verify(forged).isEmpty(), forged.length() > 50 ? "long" : forged);
        }
        assertTrue(adminTokens().verify(null).isEmpty());
        assertTrue(adminTokens().revoke(token.id()));
        assertTrue(adminTokens().verify(token.token()).isEmpty());
        assertFalse(adminTokens().revoke(token.id()));
        assertFalse(adminTokens().revoke("no-such-token"));
    }

    @Test
    default void adminTokensLabelIsBounded() {
        assertThrows(LimitExceededException.class, () -> adminTokens().create(AdminRole.OPERATOR, "l".repeat(129)));
        assertThrows(InvalidInputException.class, () -> adminTokens().create(AdminRole.OPERATOR, "a\nb"));
    }
}
