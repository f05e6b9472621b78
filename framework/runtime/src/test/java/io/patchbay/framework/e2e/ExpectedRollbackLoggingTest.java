package io.patchbay.framework.e2e;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.testing.RuntimeFixture;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The recommended host logging ({@code io/patchbay/framework/logback-host.xml}) as a host sees it: an expected
 * rollback (a failing health check, a throwing activator) is one WARN line without a stack trace, and the
 * details are on the {@link SwapResult}.
 */
class ExpectedRollbackLoggingTest {
    private static final String CONFIG = "io/patchbay/framework/logback-host.xml";

    @TempDir
    Path root;

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void configureAsAHostWould() throws Exception {
        URL config = Patchbay.class.getClassLoader().getResource(CONFIG);
        assertNotNull(config, CONFIG + " ships in the framework jar");
        logging.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(config);
        captured.setContext(logging);
        captured.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    }

    @AfterEach
    void restoreTestLogging() throws Exception {
        logging.reset();
        new ch.qos.logback.classic.util.ContextInitializer(logging).autoConfig();
    }

    @Test
    void aFailingHealthCheckIsOneWarnLineWithoutAStackTrace() {
        SwapResult result = applyToGreeterV1(greeter("2.0.0", "hello v2").header("Test-Health", "fail").signedBy(PUBLISHER));

        assertOneWarnLineWithoutTrace(result);
    }

    @Test
    void aThrowingActivatorIsOneWarnLineWithoutAStackTrace() {
        SwapResult result = applyToGreeterV1(greeter("2.0.0", "hello v2").header("Test-Start", "throw").signedBy(PUBLISHER));

        assertOneWarnLineWithoutTrace(result);
    }

    private SwapResult applyToGreeterV1(byte[] failing) {
        RuntimeFixture fixture = new RuntimeFixture(root);
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            captured.list.clear();
            SwapResult result = patchbay.apply(patch("v2", failing));
            assertEquals(SwapResult.Outcome.ROLLED_BACK, result.outcome(), String.valueOf(result.cause()));
            return result;
        }
    }

    private void assertOneWarnLineWithoutTrace(SwapResult result) {
        List<ILoggingEvent> warnings = captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(1, warnings.size(), () -> "WARN and above: " + warnings);
        ILoggingEvent warning = warnings.get(0);
        assertEquals(Level.WARN, warning.getLevel());
        assertNull(warning.getThrowableProxy(), "no stack trace at WARN");
        assertTrue(warning.getFormattedMessage().contains("rolling back: " + result.cause().getMessage()),
                warning.getFormattedMessage());
        assertTrue(captured.list.stream().allMatch(e -> e.getThrowableProxy() == null),
                () -> "nothing at the recommended levels carries a stack trace: " + captured.list);
        assertNotNull(result.cause(), "the details are on the result");
    }
}
