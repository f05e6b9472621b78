package ${package}.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.spi.HealthCheck;
import org.junit.jupiter.api.Test;

class GreeterHealthCheckTest {

    @Test
    void theFeatureIsHealthy() {
        HealthCheck.Result result = new GreeterHealthCheck(new FriendlyGreeter()).check();

        assertTrue(result.healthy(), result.message());
    }

    @Test
    void aGreeterThatLosesTheNameIsUnhealthy() {
        HealthCheck.Result result = new GreeterHealthCheck(name -> "Hello!").check();

        assertFalse(result.healthy());
        assertTrue(result.message().contains("Hello!"), result.message());
    }
}
