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

    @Test
    void pushIsOnByDefaultAndEverySettingIsReadOrRefusedByName() {
        AgentSettings defaults = AgentSettings.read(Map.of(AgentSettings.ROOT, "root.json")::get, dir);
        assertEquals(io.patchbay.agent.api.PushSettings.DEFAULTS, defaults.push());
        AgentSettings set = AgentSettings.read(Map.of(AgentSettings.ROOT, "root.json",
                PushProperties.ENABLED, "false", PushProperties.BURST, "3", PushProperties.REFILL_PER_HOUR, "12",
                PushProperties.SKEW, "PT30S", PushProperties.RECONNECT_MIN, "PT2S", PushProperties.RECONNECT_MAX,
                "PT10M", PushProperties.SPREAD, "PT5S")::get, dir);
        assertEquals(new io.patchbay.agent.api.PushSettings(false, 3, 12, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(5)),
                set.push());
        for (Map.Entry<String, String> wrong : java.util.List.of(Map.entry(PushProperties.ENABLED, "yes"),
                Map.entry(PushProperties.BURST, "many"), Map.entry(PushProperties.SKEW, "60"),
                Map.entry(PushProperties.BURST, "0"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentSettings.read(
                    Map.of(AgentSettings.ROOT, "root.json", wrong.getKey(), wrong.getValue())::get, dir));
            assertTrue(e.getMessage().contains("patchbay.agent.push"), e.getMessage());
        }
        IllegalStateException skew = assertThrows(IllegalStateException.class, () -> AgentSettings.read(
                Map.of(AgentSettings.ROOT, "root.json", PushProperties.SKEW, "PT11M")::get, dir));
        assertTrue(skew.getMessage().contains("skew"), skew.getMessage());
    }
}
