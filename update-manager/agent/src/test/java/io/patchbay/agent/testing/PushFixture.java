package io.patchbay.agent.testing;

import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.crypto.api.SealingPublicKey;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushFormat;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushSealer;
import io.patchbay.crypto.api.push.PushUrgency;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The server's side of a push for tests: a push key and honest sealed pushes in their SSE text form. */
public final class PushFixture {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    public final SecureRandom random = new SecureRandom();
    public final SigningKeyPair pushKey = SigningKeyPair.generate(random);
    private final Clock clock;

    public PushFixture(Clock clock) {
        this.clock = clock;
    }

    /** The push key as root lists it. */
    public List<String> rootKeys() {
        return List.of(pushKey.publicKey().base64Url());
    }

    public PushMessage message(String audience, long counter, PushAction action, PushUrgency urgency) {
        return new PushMessage(audience, counter, clock.instant(), clock.instant().plus(LIFETIME), action, urgency);
    }

    /** An honest CHECK_NOW / URGENT push to {@code to}, sealed with the fixture's push key. */
    public String checkNow(ClientIdentity to, long counter) {
        return text(message(to.clientId(), counter, PushAction.CHECK_NOW, PushUrgency.URGENT), to.sealing().publicKey());
    }

    public String text(PushMessage message, SealingPublicKey recipient) {
        return text(message, recipient, pushKey);
    }

    public String text(PushMessage message, SealingPublicKey recipient, SigningKeyPair signer) {
        return PushFormat.toText(new PushSealer(signer, random).seal(message, recipient));
    }
}
