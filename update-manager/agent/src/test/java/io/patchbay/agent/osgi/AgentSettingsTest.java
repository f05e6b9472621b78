package io.patchbay.agent.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theTokenFileIsReadAgainEachTimeSoAFreshTokenNeedsNoRestart() throws Exception {
        Path token = dir.resolve("token");
        AgentSettings settings = AgentSettings.read(Map.of(AgentSettings.ROOT, "root.json",
                AgentSettings.TOKEN_FILE, token.toString())::get, dir);
        assertEquals(Optional.empty(), settings.enrollmentToken(), "no file yet: no token, no failure");
        Files.writeString(token, "pbenr_first\n");
        assertEquals(Optional.of("pbenr_first"), settings.enrollmentToken());
        Files.writeString(token, "  \n");
        assertEquals(Optional.empty(), settings.enrollmentToken(), "blank is no token");
        Files.writeString(token, "pbenr_second");
        assertEquals(Optional.of("pbenr_second"), settings.enrollmentToken());
    }

    @Test
    void keyRotationIsAnIsoDurationAndAWrongOneIsRefusedByName() {
        AgentSettings settings = AgentSettings.read(Map.of(AgentSettings.ROOT, "root.json",
                AgentSettings.KEY_ROTATION, "P7D")::get, dir);
        assertEquals(Optional.of(Duration.ofDays(7)), settings.keyRotation());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentSettings.read(
                Map.of(AgentSettings.ROOT, "root.json", AgentSettings.KEY_ROTATION, "30 days")::get, dir));
        assertTrue(e.getMessage().contains(AgentSettings.KEY_ROTATION), e.getMessage());
    }
}
