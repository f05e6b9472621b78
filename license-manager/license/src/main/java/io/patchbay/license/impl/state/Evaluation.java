package io.patchbay.license.impl.state;

import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import java.util.Map;

/**
 * One evaluation's result.
 *
 * @param features    every feature the license names, with its status (immutable)
 * @param defaultCode the status of a feature the license does not name: FEATURE_MISSING, or the reason there is
 *                    no usable license at all (BAD_SIGNATURE, UNKNOWN_KEY, FINGERPRINT_MISMATCH)
 * @param messages    a user-facing sentence per feature that is off, naming the feature and the reason
 */
public record Evaluation(Map<String, FeatureStatus> features, LicenseCode defaultCode, Map<String, String> messages) {

    public Evaluation {
        features = Map.copyOf(features);
        messages = Map.copyOf(messages);
    }

    public static Evaluation none(LicenseCode code) {
        return new Evaluation(Map.of(), code, Map.of());
    }
}
