package io.patchbay.sample.host.impl.json;

import io.patchbay.framework.api.BundleRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a swap failed, as JSON.
 *
 * @param type    the exception's simple class name
 * @param message its message
 * @param reason  for a rejected bundle, the specific {@link BundleRejectedException.Reason}; else {@code null}
 * @param bundle  for a rejected bundle, which one; else {@code null}
 * @param causes  the messages of the underlying causes, outermost first (e.g. what an activator threw)
 */
public record FailureView(String type, String message, String reason, String bundle, List<String> causes) {

    private static final int MAX_CAUSES = 8;

    public FailureView {
        causes = causes == null ? List.of() : List.copyOf(causes);
    }

    /** {@code null} for {@code null}. */
    public static FailureView of(Throwable failure) {
        if (failure == null) {
            return null;
        }
        BundleRejectedException rejection = null;
        List<String> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && causes.size() <= MAX_CAUSES; t = t.getCause()) {
            if (rejection == null && t instanceof BundleRejectedException r) {
                rejection = r;
            }
            if (t != failure) {
                causes.add(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new FailureView(failure.getClass().getSimpleName(), failure.getMessage(),
                rejection == null ? null : rejection.reason().name(),
                rejection == null ? null : rejection.bundle(), causes);
    }

    /** The innermost message: usually the most specific one, e.g. an activator's own words. */
    public String rootMessage() {
        return causes.isEmpty() ? type + ": " + message : causes.get(causes.size() - 1);
    }
}
