package io.patchbay.agent.impl.update;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the check-in reply's {@code deployment} with bounded sizes. Anything off-shape is refused with a
 * {@link MalformedDeploymentException} that keeps the id and level when those were readable, so the agent can
 * report the refusal against the right level; nothing of a refused deployment is ever applied.
 */
public final class DeploymentParser {
    static final int MAX_TARGETS = 64;          // the server's bound per release
    static final int MAX_PATH = 512;
    static final int MAX_FEATURES = 32;         // the server's bound
    static final int MAX_WINDOW_CHARS = 1024;   // the server's bound
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Z_]{1,32}");

    private DeploymentParser() {
    }

    /** A deployment the agent does not apply: why, and what of it was readable (for the report). */
    public static final class MalformedDeploymentException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String deploymentId;
        private final long level;

        MalformedDeploymentException(String deploymentId, long level, String message) {
            super(message);
            this.deploymentId = deploymentId;
            this.level = level;
        }

        /** The id, or null when it was unreadable. */
        public String deploymentId() {
            return deploymentId;
        }

        /** The level, or -1 when unreadable (then nothing can be reported against it). */
        public long level() {
            return level;
        }
    }

    /** @return the deployment, or null when {@code node} is absent or JSON null (nothing assigned) */
    public static Deployment parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedDeploymentException(null, -1, "deployment: not a JSON object");
        }
        String id = node.path("deploymentId").isValueNode() ? node.path("deploymentId").asText() : null;
        if (id == null || !ID.matcher(id).matches()) {
            throw new MalformedDeploymentException(null, -1, "deployment: deploymentId missing or not an id");
        }
        JsonNode levelNode = node.path("level");
        long level = levelNode.canConvertToLong() && levelNode.isIntegralNumber() ? levelNode.asLong() : -1;
        if (level < 1) {
            throw new MalformedDeploymentException(id, -1, "deployment " + id + ": level missing or not positive");
        }
        Reader r = new Reader(id, level);
        String releaseId = r.text(node, "releaseId", ID, true);
        List<Deployment.Target> targets = r.targets(node.path("targets"));
        String actionType = r.text(node, "actionType", NAME, true);
        String forcedAt = r.text(node, "forcedAt", null, false);
        JsonNode policy = node.path("policy");
        if (!policy.isObject()) {
            throw r.bad("policy: missing or not an object");
        }
        List<String> features = new ArrayList<>();
        JsonNode featureNodes = policy.path("features");
        if (!featureNodes.isMissingNode() && !featureNodes.isNull()) {
            if (!featureNodes.isArray() || featureNodes.size() > MAX_FEATURES) {
                throw r.bad("policy.features: not an array of at most " + MAX_FEATURES);
            }
            featureNodes.forEach(f -> features.add(f.isTextual() ? f.asText() : null));
            if (features.contains(null)) {
                throw r.bad("policy.features: every entry must be a string");
            }
        }
        Deployment.Policy p = new Deployment.Policy(r.text(policy, "name", NAME, true),
                r.text(policy, "deadline", null, false), r.text(policy, "deadlineAction", NAME, false), features);
        JsonNode window = node.path("maintenanceWindow");
        if (window.isMissingNode() || window.isNull()) {
            window = null;
        } else if (!window.isObject() || window.toString().length() > MAX_WINDOW_CHARS) {
            throw r.bad("maintenanceWindow: not an object of at most " + MAX_WINDOW_CHARS + " characters");
        }
        return new Deployment(id, releaseId, level, targets, actionType, forcedAt, p, window, r.rollback(node));
    }

    private record Reader(String id, long level) {
        MalformedDeploymentException bad(String what) {
            return new MalformedDeploymentException(id, level, "deployment " + id + ": " + what);
        }

        String text(JsonNode parent, String field, Pattern pattern, boolean required) {
            JsonNode value = parent.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (required) {
                    throw bad(field + " missing");
                }
                return null;
            }
            if (!value.isTextual() || value.asText().length() > 128
                    || (pattern != null && !pattern.matcher(value.asText()).matches())) {
                throw bad(field + ": not a valid value");
            }
            return value.asText();
        }

        /** {@code rollback}: absent, null or false for an ordinary deployment; true needs a replaced level above. */
        Deployment.Rollback rollback(JsonNode node) {
            JsonNode mark = node.path("rollback");
            if (mark.isMissingNode() || mark.isNull()) {
                return null;
            }
            if (!mark.isBoolean()) {
                throw bad("rollback: not a boolean");
            }
            if (!mark.asBoolean()) {
                return null;
            }
            JsonNode replaced = node.path("replacesLevel");
            if (!replaced.isIntegralNumber() || !replaced.canConvertToLong() || replaced.asLong() <= level) {
                throw bad("replacesLevel: a rollback names the level it replaces, above level " + level);
            }
            return new Deployment.Rollback(text(node, "replacesReleaseId", ID, false), replaced.asLong());
        }

        List<Deployment.Target> targets(JsonNode nodes) {
            if (!nodes.isArray() || nodes.isEmpty() || nodes.size() > MAX_TARGETS) {
                throw bad("targets: not an array of 1-" + MAX_TARGETS + " entries");
            }
            List<Deployment.Target> targets = new ArrayList<>();
            for (JsonNode t : nodes) {
                String path = t.path("path").isTextual() ? t.path("path").asText() : "";
                if (path.isEmpty() || path.length() > MAX_PATH || path.startsWith("/") || path.contains("\\")
                        || path.contains("//") || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
                    throw bad("targets[].path: not a relative TUF target path");
                }
                String sha256 = t.path("sha256").isTextual() ? t.path("sha256").asText() : null;
                if (sha256 != null && !SHA256.matcher(sha256).matches()) {
                    throw bad("targets[].sha256: not 64 lowercase hex digits");
                }
                targets.add(new Deployment.Target(path, textOrNull(t, "symbolicName"), textOrNull(t, "version"), sha256,
                        t.path("length").isIntegralNumber() ? t.path("length").asLong() : -1));
            }
            return targets;
        }

        private static String textOrNull(JsonNode node, String field) {
            String value = node.path(field).isTextual() ? node.path(field).asText() : null;
            return value == null || value.length() > 256 ? null : value;
        }
    }
}
