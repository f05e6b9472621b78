package io.patchbay.agent.impl.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.impl.update.DeploymentParser.MalformedDeploymentException;
import io.patchbay.policy.api.ActionType;
import io.patchbay.policy.api.MaintenanceWindow;
import io.patchbay.policy.api.OnExpiry;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.UpdatePolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The check-in reply's deployment exactly as the server's ReleaseViews.AssignedDeployment writes it. */
class DeploymentParserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TARGET = "{\"path\":\"bundles/io.example.b/1.0.0/" + "ab".repeat(32) + ".jar\","
            + "\"symbolicName\":\"io.example.b\",\"version\":\"1.0.0\",\"sha256\":\"" + "ab".repeat(32) + "\",\"length\":812}";

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static String deployment(String actionAndPolicy) {
        return "{\"deploymentId\":\"6f1c\",\"releaseId\":\"b1\",\"level\":3,\"targets\":[" + TARGET + "],"
                + actionAndPolicy + "}";
    }

    @Test
    void serversShapeMapsToPolicyValues() throws Exception {
        Deployment d = DeploymentParser.parse(json(deployment("\"actionType\":\"TIME_FORCED\","
                + "\"forcedAt\":\"2030-02-01T00:00:00Z\",\"policy\":{\"name\":\"DEADLINE\",\"deadline\":"
                + "\"2030-03-01T00:00:00Z\",\"deadlineAction\":\"DISABLE_FEATURES\",\"features\":[\"export\"]},"
                + "\"maintenanceWindow\":{\"days\":[\"SAT\"],\"start\":\"02:00\",\"durationMinutes\":120}")));
        assertEquals("6f1c", d.id());
        assertEquals(3, d.level());
        assertEquals("io.example.b", d.targets().get(0).symbolicName());
        PendingUpdate u = PolicyMapping.pendingUpdate(d);
        assertEquals("b1", u.targetLevel());
        assertEquals(ActionType.TIME_FORCED, u.action().type());
        assertEquals(Instant.parse("2030-02-01T00:00:00Z"), u.action().forceAt());
        assertEquals(UpdatePolicy.Kind.DEADLINE, u.policy().kind());
        assertEquals(new OnExpiry(OnExpiry.Kind.DISABLE_FEATURES, Set.of("export")),
                u.policy().deadline().orElseThrow().onExpiry());
        assertEquals(new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(2, 0), Duration.ofHours(2),
                ZoneOffset.UTC), u.windows().get(0));
    }

    @Test
    void nullMeansNothingAssigned() throws Exception {
        assertNull(DeploymentParser.parse(null));
        assertNull(DeploymentParser.parse(json("null")));
    }

    @Test
    void malformedOrOutOfBoundsIsRefusedKeepingWhatWasReadable() throws Exception {
        String ok = "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\"}";
        MalformedDeploymentException e = assertThrows(MalformedDeploymentException.class, () ->
                DeploymentParser.parse(json(deployment(ok).replace("bundles/", "../"))));
        assertEquals("6f1c", e.deploymentId());
        assertEquals(3, e.level());
        String[] bad = {"[1]", "{\"level\":1}", deployment(ok).replace("\"level\":3", "\"level\":0"),
                deployment(ok).replace("\"targets\":[" + TARGET + "]", "\"targets\":[]"),
                deployment(ok).replace("\"actionType\":\"SOFT\",", ""),
                deployment(ok).replace("\"sha256\":\"ab", "\"sha256\":\"zz"),
                deployment(ok + ",\"maintenanceWindow\":{\"x\":\"" + "y".repeat(1100) + "\"}")};
        for (String text : bad) {
            assertThrows(MalformedDeploymentException.class, () -> DeploymentParser.parse(json(text)), text);
        }
        String[] unmappable = {"\"actionType\":\"LATER\",\"policy\":{\"name\":\"NOW\"}",
                "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"NOW\",\"deadline\":\"2030-03-01T00:00:00Z\"}",
                "\"actionType\":\"SOFT\",\"policy\":{\"name\":\"DEADLINE\"}",
                "\"actionType\":\"TIME_FORCED\",\"policy\":{\"name\":\"NOW\"}",
                ok + ",\"maintenanceWindow\":{\"days\":[\"XYZ\"],\"start\":\"02:00\",\"durationMinutes\":60}",
                ok + ",\"maintenanceWindow\":{\"start\":\"02:00\",\"durationMinutes\":6000}",
                "\"actionType\":\"DOWNLOAD_ONLY\",\"policy\":{\"name\":\"DEADLINE\",\"deadline\":\"2030-03-01T00:00:00Z\","
                        + "\"deadlineAction\":\"SHUT_DOWN\"}"};
        for (String fields : unmappable) {
            Deployment d = DeploymentParser.parse(json(deployment(fields)));
            MalformedDeploymentException m = assertThrows(MalformedDeploymentException.class,
                    () -> PolicyMapping.pendingUpdate(d), fields);
            assertTrue(m.getMessage().startsWith("deployment 6f1c: "), m.getMessage());
        }
    }

    @Test
    void theRollbackMarkIsReadStrictlyAndAbsentOnOrdinaryOffers() throws Exception {
        String now = "\"actionType\":\"FORCED\",\"policy\":{\"name\":\"NOW\"}";
        assertNull(DeploymentParser.parse(json(deployment(now))).rollback());
        assertNull(DeploymentParser.parse(json(deployment(now + ",\"rollback\":false,\"replacesLevel\":9"))).rollback());
        assertNull(DeploymentParser.parse(json(deployment(now + ",\"rollback\":null,\"someFutureField\":1"))).rollback(),
                "unknown fields stay tolerated");
        Deployment back = DeploymentParser.parse(json(deployment(now
                + ",\"rollback\":true,\"replacesReleaseId\":\"b2\",\"replacesLevel\":4")));
        assertEquals(new Deployment.Rollback("b2", 4), back.rollback());
        assertEquals(new Deployment.Rollback(null, 4), DeploymentParser.parse(json(deployment(now
                + ",\"rollback\":true,\"replacesLevel\":4"))).rollback());
        for (String bad : List.of(",\"rollback\":\"true\",\"replacesLevel\":4", ",\"rollback\":1,\"replacesLevel\":4",
                ",\"rollback\":true", ",\"rollback\":true,\"replacesLevel\":3", ",\"rollback\":true,\"replacesLevel\":2",
                ",\"rollback\":true,\"replacesLevel\":\"4\"", ",\"rollback\":true,\"replacesLevel\":4.5",
                ",\"rollback\":true,\"replacesLevel\":99999999999999999999999",
                ",\"rollback\":true,\"replacesLevel\":4,\"replacesReleaseId\":\"../b2\"")) {
            MalformedDeploymentException e = assertThrows(MalformedDeploymentException.class,
                    () -> DeploymentParser.parse(json(deployment(now + bad))), bad);
            assertEquals("6f1c", e.deploymentId(), bad);
            assertEquals(3, e.level(), "reported against its level: " + bad);
        }
    }
}
