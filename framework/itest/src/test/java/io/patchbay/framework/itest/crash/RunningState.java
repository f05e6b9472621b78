package io.patchbay.framework.itest.crash;

import io.patchbay.framework.itest.support.TestBundles.BundleId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code report} child printed: the bundles running in the container, the committed patch level
 * and the answer of the Greeter service.
 */
record RunningState(List<RunningBundle> bundles, long levelSequence, List<LevelBundle> level, String greeting,
                    List<HistoryLine> history) {

    /** One record of the swap history: its outcome, the patch identity and the transaction. */
    record HistoryLine(String outcome, String patchId, String transactionId) {
    }

    record RunningBundle(BundleId id, String state) {
    }

    record LevelBundle(BundleId id, String sha256) {
    }

    static RunningState parse(List<String> output) {
        List<RunningBundle> bundles = new ArrayList<>();
        List<LevelBundle> level = new ArrayList<>();
        List<HistoryLine> history = new ArrayList<>();
        long sequence = -1;
        String greeting = null;
        boolean ended = false;
        for (String line : output) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "BUNDLE" -> bundles.add(new RunningBundle(new BundleId(words[1], words[2]), words[3]));
                case "LEVEL" -> sequence = Long.parseLong(words[1]);
                case "LEVEL-BUNDLE" -> level.add(new LevelBundle(new BundleId(words[1], words[2]), words[3]));
                case "GREETING" -> greeting = line.substring("GREETING ".length());
                case "HISTORY" -> history.add(new HistoryLine(words[1], words[2], words[3]));
                case "END" -> ended = true;
                default -> {
                    // Not part of the report.
                }
            }
        }
        if (!ended) {
            throw new AssertionError("incomplete report: " + output);
        }
        return new RunningState(bundles, sequence, level, greeting, history);
    }
}
