package io.patchbay.sample.host.impl.client;

import io.patchbay.framework.api.SwapStep;
import io.patchbay.sample.host.impl.json.FailureView;
import io.patchbay.sample.host.impl.json.PatchLevelView;
import io.patchbay.sample.host.impl.json.SwapReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Swap reports and patch levels as short lines a person reads at a terminal. */
public final class ReportText {

    private ReportText() {
    }

    /** E.g. {@code ROLLED_BACK after 812.4 ms}, then the cause and the per-step timings. */
    public static List<String> report(SwapReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(report.outcome() + " after " + millis(report.totalMillis()) + "  (transaction " + report.transactionId() + ")");
        if (report.cause() != null) {
            lines.add("cause: " + cause(report.cause()));
            String root = report.cause().rootMessage();
            if (!report.cause().causes().isEmpty() && !report.cause().message().contains(root)) {
                lines.add("  because " + root);
            }
        }
        if (report.rollbackFailure() != null) {
            lines.add("ROLLBACK FAILED: " + cause(report.rollbackFailure()));
        }
        lines.add("steps: " + timings(report.timingsMillis()));
        return lines;
    }

    public static String cause(FailureView failure) {
        String reason = failure.reason() == null ? "" : " [" + failure.reason() + "]";
        return failure.type() + reason + ": " + failure.message();
    }

    public static String timings(Map<SwapStep, Double> timings) {
        List<String> parts = new ArrayList<>();
        timings.forEach((step, ms) -> parts.add(step.name().toLowerCase(Locale.ROOT) + " " + millis(ms)));
        return parts.isEmpty() ? "(none)" : String.join(" | ", parts);
    }

    /** One line per committed bundle, after a header with the sequence. */
    public static List<String> patchLevel(PatchLevelView level) {
        List<String> lines = new ArrayList<>();
        lines.add("patch level " + level.sequence()
                + (level.committedAt() == null ? " (nothing committed yet)" : ", committed at " + level.committedAt()));
        for (PatchLevelView.BundleView bundle : level.bundles()) {
            lines.add(String.format(Locale.ROOT, "  %-30s %-8s sha256 %s", bundle.symbolicName(), bundle.version(),
                    bundle.sha256().length() > 16 ? bundle.sha256().substring(0, 16) + "…" : bundle.sha256()));
        }
        return lines;
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
