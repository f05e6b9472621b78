package io.patchbay.policy.api;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the operator chose to happen when a {@link Deadline} passes with the assigned level not reached.
 *
 * @param kind     disable features or shut down
 * @param features the features to disable (with {@link Kind#DISABLE_FEATURES}: 1 to 64 names as the license gate
 *                 spells them); empty with {@link Kind#SHUT_DOWN}
 */
public record OnExpiry(Kind kind, Set<String> features) {

    /** The kind of enforcement. */
    public enum Kind {
        /** {@link HostCallbacks#disableFeatures} with the named features. */
        DISABLE_FEATURES,
        /** {@link HostCallbacks#shutDown}. */
        SHUT_DOWN
    }

    /** Feature names as the license gate spells them: short, printable, no separators that could smuggle lists. */
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_FEATURES = 64;

    /**
     * Checks the feature names, which reach the host's callback and must not smuggle anything in.
     *
     * @param kind     the kind of enforcement
     * @param features the features (copied, sorted)
     * @throws NullPointerException     when a component is null
     * @throws IllegalArgumentException when the features do not fit the kind, are too many, or one is not a name
     */
    public OnExpiry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(features, "features");
        if (kind == Kind.SHUT_DOWN && !features.isEmpty()) {
            throw new IllegalArgumentException("SHUT_DOWN names no features");
        }
        if (kind == Kind.DISABLE_FEATURES) {
            if (features.isEmpty()) {
                throw new IllegalArgumentException("DISABLE_FEATURES needs at least one feature name");
            }
            if (features.size() > MAX_FEATURES) {
                throw new IllegalArgumentException("at most " + MAX_FEATURES + " features, not " + features.size());
            }
            for (String f : features) {
                if (f == null || !FEATURE.matcher(f).matches()) {
                    throw new IllegalArgumentException("not a feature name: " + (f == null ? "null" : '"' + f + '"'));
                }
            }
        }
        features = Set.copyOf(new TreeSet<>(features));
    }

    /**
     * Disable the named features until the level is reached.
     *
     * @param features 1 to 64 feature names
     * @return the choice
     * @throws IllegalArgumentException when the names are empty, too many or malformed
     */
    public static OnExpiry disableFeatures(Set<String> features) {
        return new OnExpiry(Kind.DISABLE_FEATURES, features);
    }

    /**
     * Shut the application down.
     *
     * @return the choice
     */
    public static OnExpiry shutDown() {
        return new OnExpiry(Kind.SHUT_DOWN, Set.of());
    }
}
