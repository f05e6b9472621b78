package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.KeyInUseException;
import io.patchbay.server.store.UnknownClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookup, key rotation with an overlap, and revocation. */
interface ClientsContract extends StoreFixture {

    @Test
    default void clientsLookupOfUnknownOrInjectedIdsFindsNothing() throws Exception {
        enrollNew("beta");
        assertTrue(clients().find("00000000-0000-0000-0000-000000000000").isEmpty());
        assertTrue(clients().find("' OR '1'='1").isEmpty());
        assertTrue(clients().find("x".repeat(5000)).isEmpty());
    }

    @Test
    default void clientsRotatedKeyOverlapsThenExpires() throws Exception {
        ClientRecord before = enrollNew("beta");
        byte[] newSigning = StoreFixture.key();
        byte[] newSealing = StoreFixture.key();
        ClientRecord after = clients().rotateKeys(before.id(), newSigning, newSealing, Duration.ofMinutes(10));
        assertArrayEquals(newSigning, after.signingKey());
        assertArrayEquals(newSealing, after.sealingKey());
        assertArrayEquals(before.signingKey(), after.previousSigningKey());

        ClientRecord stored = clients().find(before.id()).orElseThrow();
        assertTrue(stored.acceptsSigningKey(newSigning, clock().instant()));
        assertTrue(stored.acceptsSigningKey(before.signingKey(), clock().instant().plus(Duration.ofMinutes(9))));
        assertFalse(stored.acceptsSigningKey(before.signingKey(), clock().instant().plus(Duration.ofMinutes(10))));
    }

    @Test
    default void clientsRotationToAnotherClientsKeyChangesNothing() throws Exception {
        ClientRecord a = enrollNew("beta");
        ClientRecord b = enrollNew("beta");
        assertThrows(KeyInUseException.class,
                () -> clients().rotateKeys(b.id(), a.signingKey(), StoreFixture.key(), Duration.ofMinutes(5)));
        ClientRecord unchanged = clients().find(b.id()).orElseThrow();
        assertArrayEquals(b.signingKey(), unchanged.signingKey());
        assertEquals(null, unchanged.previousSigningKey());
    }

    @Test
    default void clientsRevokedClientIsRefusedEverywhere() throws Exception {
        ClientRecord client = enrollNew("beta");
        checkIns().record(new CheckIn(client.id(), 3, List.of(), "{}", "beta"));
        clients().rotateKeys(client.id(), StoreFixture.key(), StoreFixture.key(), Duration.ofHours(1));
        assertTrue(clients().revoke(client.id()));
        assertFalse(clients().revoke(client.id()), "second revocation reports nothing new");

        ClientRecord revoked = clients().find(client.id()).orElseThrow();
        assertTrue(revoked.revoked());
        assertFalse(revoked.acceptsSigningKey(revoked.signingKey(), clock().instant()));
        assertFalse(revoked.acceptsSigningKey(client.signingKey(), clock().instant()), "overlap key revoked too");
        assertThrows(ClientRevokedException.class,
                () -> clients().rotateKeys(client.id(), StoreFixture.key(), StoreFixture.key(), Duration.ZERO));
        assertThrows(ClientRevokedException.class,
                () -> checkIns().record(new CheckIn(client.id(), 9, List.of(), "{}", "beta")));
        assertEquals(3, checkIns().find(client.id()).orElseThrow().patchSequence(), "nothing written");
    }

    @Test
    default void clientsRevokeOrRotateOfUnknownClientIsRefused() {
        assertThrows(UnknownClientException.class, () -> clients().revoke("no-such-client"));
        assertThrows(UnknownClientException.class,
                () -> clients().rotateKeys("no-such-client", StoreFixture.key(), StoreFixture.key(), Duration.ZERO));
    }
}
