package io.patchbay.framework.itest.crash;

import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapStep;

/**
 * A moment in a swap at which the crash test kills the JVM: the {@code ordinal}-th (from 1) occurrence
 * of {@code event} during {@code step}. The event is a {@link SwapEvent.Phase} name, or
 * {@code bundle-TYPE} for an OSGi bundle event (INSTALLED, UPDATED, STARTED, UNINSTALLED) the runtime
 * causes while rolling back: the runtime reports no progress inside its rollback, so these are the
 * points in the middle of one. Written on a child's command line and in its output as
 * {@code STEP EVENT N}.
 */
record KillPoint(SwapStep step, String event, int ordinal) {

    static final String BUNDLE_EVENT_PREFIX = "bundle-";

    static KillPoint of(SwapStep step, SwapEvent.Phase phase, int ordinal) {
        return new KillPoint(step, phase.name(), ordinal);
    }

    static KillPoint parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a kill point: \"" + text + "\"");
        }
        return new KillPoint(SwapStep.valueOf(parts[0]), parts[1], Integer.parseInt(parts[2]));
    }

    boolean is(SwapEvent.Phase phase) {
        return event.equals(phase.name());
    }

    boolean isBundleEvent() {
        return event.startsWith(BUNDLE_EVENT_PREFIX);
    }

    String format() {
        return step + " " + event + " " + ordinal;
    }

    @Override
    public String toString() {
        boolean counted = is(SwapEvent.Phase.PROGRESS) || isBundleEvent();
        return step + "/" + event + (counted ? "#" + ordinal : "");
    }
}
