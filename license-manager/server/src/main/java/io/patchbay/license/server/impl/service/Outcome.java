package io.patchbay.license.server.impl.service;

import io.patchbay.server.spi.ExtensionRefusal;
import java.util.List;

/**
 * What a transaction decided. A refusal here is returned, not thrown, so what led to it (a misuse flag, the machine
 * it was seen on) is committed first; a refusal thrown inside the transaction writes nothing.
 *
 * @param wake enrolled client ids to wake through the push channel after the commit
 */
record Outcome<T>(T value, ExtensionRefusal refusal, List<String> wake) {
    static <T> Outcome<T> ok(T value, List<String> wake) {
        return new Outcome<>(value, null, wake);
    }

    static <T> Outcome<T> refused(ExtensionRefusal refusal, List<String> wake) {
        return new Outcome<>(null, refusal, wake);
    }
}
