package io.patchbay.agent.testing;

import io.patchbay.agent.impl.poll.StatusLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the agent's status lines for counting. */
public final class RecordingLog implements StatusLog {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add("INFO " + line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }

    public long count(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }
}
