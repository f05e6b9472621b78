package io.patchbay.agent.impl.poll;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's few log lines about its own state (enrolled, unreachable, reachable again, revoked). Injected so
 * tests can count them: the rule is one line per state change, never one per failed attempt.
 */
public interface StatusLog {

    void info(String line);

    void warn(String line);

    /** Logs through SLF4J under {@code io.patchbay.agent}. */
    static StatusLog slf4j() {
        Logger log = LoggerFactory.getLogger("io.patchbay.agent");
        return new StatusLog() {
            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void warn(String line) {
                log.warn(line);
            }
        };
    }
}
