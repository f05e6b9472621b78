package io.patchbay.framework.itest.container;

import io.patchbay.framework.api.SwapResult;
import java.util.ArrayList;
import java.util.List;

/** Assertions on a {@link SwapResult}'s cause, with failure messages that show the whole cause chain. */
final class SwapResults {

    private SwapResults() {
    }

    static void assertCauseChainHas(SwapResult result, Class<? extends Throwable> type) {
        for (Throwable t : causes(result)) {
            if (type.isInstance(t)) {
                return;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain: " + describe(result));
    }

    static void assertCauseMentions(SwapResult result, String text) {
        for (Throwable t : causes(result)) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return;
            }
        }
        throw new AssertionError("no cause mentions \"" + text + "\": " + describe(result));
    }

    private static List<Throwable> causes(SwapResult result) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = result.cause(); t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            for (Throwable suppressed : t.getSuppressed()) {
                chain.add(suppressed);
            }
        }
        return chain;
    }

    static String describe(SwapResult result) {
        StringBuilder text = new StringBuilder(result.outcome().toString());
        for (Throwable t : causes(result)) {
            text.append("\n  caused by ").append(t);
        }
        if (result.rollbackFailure() != null) {
            text.append("\n  rollback failed: ").append(result.rollbackFailure());
        }
        return text.toString();
    }
}
