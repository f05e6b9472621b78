package io.patchbay.license.impl.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.license.api.Limits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict JSON for signed payloads: one spelling per member (duplicates refused), no trailing data, bounded depth
 * and lengths, and objects whose members are all known ({@link Obj#done()}). A value of the wrong JSON type is
 * refused, never coerced.
 */
public final class StrictJson {

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                            .maxStringLength(2 * Limits.MAX_TOKEN_CHARS).maxNumberLength(20).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    public static Obj parse(byte[] json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not strict JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        return new Obj(node, what);
    }

    public static byte[] write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a checked record failed to serialise", e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** An object being read; every member must be read before {@link #done()}. */
    public static final class Obj {
        private final JsonNode node;
        private final String what;
        private final Set<String> read = new HashSet<>();

        Obj(JsonNode node, String what) {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            this.node = node;
            this.what = what;
        }

        public String string(String name) {
            String s = optString(name);
            if (s == null) {
                throw new IllegalArgumentException(what + " has no " + name);
            }
            return s;
        }

        public String optString(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw new IllegalArgumentException(what + "." + name + " is not a string");
            }
            return v.textValue();
        }

        public long integer(String name) {
            Long v = optInteger(name);
            if (v == null) {
                throw new IllegalArgumentException(what + " has no " + name);
            }
            return v;
        }

        public Long optInteger(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new IllegalArgumentException(what + "." + name + " is not an integer");
            }
            return v.longValue();
        }

        public Instant seconds(String name) {
            return Instant.ofEpochSecond(inRange(integer(name), name));
        }

        public Instant optSeconds(String name) {
            Long v = optInteger(name);
            return v == null ? null : Instant.ofEpochSecond(inRange(v, name));
        }

        Duration duration(String name) {
            return Duration.ofSeconds(integer(name));
        }

        Obj object(String name) {
            Obj o = optObject(name);
            if (o == null) {
                throw new IllegalArgumentException(what + " has no " + name);
            }
            return o;
        }

        Obj optObject(String name) {
            JsonNode v = member(name);
            return v == null ? null : new Obj(v, what + "." + name);
        }

        Iterable<Obj> objects(String name, int max) {
            JsonNode v = member(name);
            if (v == null || !v.isArray()) {
                throw new IllegalArgumentException(what + "." + name + " is not an array");
            }
            if (v.size() > max) {
                throw new IllegalArgumentException(what + "." + name + " has more than " + max + " entries");
            }
            List<Obj> out = new ArrayList<>();
            for (JsonNode e : v) {
                out.add(new Obj(e, what + "." + name + "[]"));
            }
            return out;
        }

        /** Every member of this object as a string (the object's keys become the map's); bounded. */
        Map<String, String> strings(int max) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<String> it = names(max); it.hasNext(); ) {
                out.put(it.next(), null);
            }
            out.replaceAll((k, v) -> string(k));
            return out;
        }

        /** Every member of this object as an integer; bounded. */
        Map<String, Long> integers(int max) {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Iterator<String> it = names(max); it.hasNext(); ) {
                out.put(it.next(), null);
            }
            out.replaceAll((k, v) -> integer(k));
            return out;
        }

        /** Refuses any member that was not read: an unknown claim is refused, not ignored. */
        public void done() {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!read.contains(name)) {
                    throw new IllegalArgumentException(what + " has an unknown member " + shorten(name));
                }
            }
        }

        private Iterator<String> names(int max) {
            if (node.size() > max) {
                throw new IllegalArgumentException(what + " has more than " + max + " members");
            }
            return node.fieldNames();
        }

        private JsonNode member(String name) {
            read.add(name);
            return node.get(name);
        }

        private long inRange(long epochSecond, String name) {
            if (epochSecond < Limits.EARLIEST.getEpochSecond() || epochSecond > Limits.LATEST.getEpochSecond()) {
                throw new IllegalArgumentException(what + "." + name + " is out of range");
            }
            return epochSecond;
        }
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
