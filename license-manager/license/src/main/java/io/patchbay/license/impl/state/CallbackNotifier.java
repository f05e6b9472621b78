package io.patchbay.license.impl.state;

import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCallbacks;
import io.patchbay.license.api.LicenseCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the host what a user should see, once per change: enabled, disabled (with the sentence naming the feature
 * and the reason), in grace (with the reason and the end), and a warning once the warning period before a
 * feature's expiry has begun (once per expiry instant, so a renewed license with a later expiry warns again).
 * A callback that throws is logged and does not stop the others.
 */
final class CallbackNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackNotifier.class);

    private final LicenseCallbacks callbacks;
    private final Duration warningPeriod;
    private final Map<String, Instant> warned = new HashMap<>();

    CallbackNotifier(LicenseCallbacks callbacks, Duration warningPeriod) {
        this.callbacks = callbacks;
        this.warningPeriod = warningPeriod;
    }

    void notify(List<LiveEntitlements.Transition> transitions, Evaluation evaluation, Instant trustedNow) {
        for (LiveEntitlements.Transition t : transitions) {
            FeatureStatus after = t.after();
            boolean wasOn = t.before() != null && t.before().enabled();
            if (after.enabled() && !wasOn) {
                safely(() -> callbacks.enabled(t.feature()));
            } else if (!after.enabled() && wasOn) {
                String message = evaluation.messages().getOrDefault(t.feature(),
                        Evaluator.message(t.feature(), after.code(), "see the log"));
                safely(() -> callbacks.disabled(t.feature(), after.code(), message));
            }
            boolean graceChanged = t.before() == null || !t.before().inGrace() || t.before().code() != after.code();
            if (after.inGrace() && graceChanged) {
                safely(() -> callbacks.inGrace(t.feature(), after.code(), after.until()));
            }
        }
        for (FeatureStatus s : evaluation.features().values()) {
            if (s.code() == LicenseCode.VALID && s.until() != null
                    && !trustedNow.isBefore(s.until().minus(warningPeriod)) && !s.until().equals(warned.get(s.feature()))) {
                warned.put(s.feature(), s.until());
                safely(() -> callbacks.expiringSoon(s.feature(), s.until()));
            }
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A license callback failed", e);
        }
    }
}
