package io.patchbay.tuf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push keys root lists: what is accepted, what is refused, and that a refused edit changes nothing. */
class PushKeysTest {
    private static String key(int seed) {
        byte[] raw = new byte[32];
        raw[0] = (byte) seed;
        raw[31] = (byte) (seed >> 8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void writtenKeysReadBack() {
        ObjectNode signed = new ObjectMapper().createObjectNode();
        PushKeys.writeTo(signed, List.of(key(1), key(2)));
        assertEquals(List.of(key(1), key(2)), PushKeys.fromRootSigned(signed));
        PushKeys.writeTo(signed, List.of(key(3)));
        assertEquals(List.of(key(3)), PushKeys.fromRootSigned(signed), "an existing field is replaced");
        assertEquals(List.of(), PushKeys.fromRootSigned(new ObjectMapper().createObjectNode()), "none listed");
    }

    @Test
    void malformedListsAreRefusedWithTheReason() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= PushKeys.MAX_KEYS; i++) {
            tooMany.add(key(i + 1));
        }
        assertRefused(tooMany, "at most " + PushKeys.MAX_KEYS);
        assertRefused(List.of(key(1), key(1)), "twice");
        assertRefused(List.of(key(1) + "="), "43 characters");
        assertRefused(List.of(key(1).substring(1)), "43 characters");
        assertRefused(List.of(key(1).replace('A', '+')), "43 characters");
        String nonCanonical = key(1).substring(0, 42) + "B"; // the last character's spare bits set
        assertRefused(List.of(nonCanonical), "43 characters");
    }

    @Test
    void aRefusedEditLeavesRootAsItWas() {
        ObjectNode signed = new ObjectMapper().createObjectNode();
        PushKeys.writeTo(signed, List.of(key(1)));
        ObjectNode before = signed.deepCopy();
        assertThrows(MalformedMetadataException.class, () -> PushKeys.writeTo(signed, List.of(key(2), key(2))));
        assertEquals(before, signed);
    }

    private static void assertRefused(List<String> keys, String reason) {
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, () -> PushKeys.check(keys));
        if (!e.getMessage().contains(reason)) {
            throw new AssertionError("'" + e.getMessage() + "' does not say '" + reason + "'");
        }
    }
}
