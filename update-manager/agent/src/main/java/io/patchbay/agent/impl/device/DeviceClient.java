package io.patchbay.agent.impl.device;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.impl.device.DeviceException.Kind;
import io.patchbay.agent.impl.device.Messages.CheckInReply;
import io.patchbay.agent.impl.device.Messages.CheckInRequest;
import io.patchbay.agent.impl.device.Messages.EnrollReply;
import io.patchbay.agent.impl.device.Messages.EnrollRequest;
import io.patchbay.agent.impl.device.Messages.FeedbackReply;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;
import io.patchbay.agent.impl.device.Messages.KeysReply;
import io.patchbay.agent.impl.device.Messages.KeysRequest;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.crypto.api.request.RequestSigner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * The device API's protocol: JSON bodies, a signature (crypto's {@link RequestSigner}) over every request after
 * enrollment, and the answers classified into {@link DeviceException.Kind}s the poll loop acts on.
 */
public final class DeviceClient {
    public static final String ENROLL = "/device/v1/enroll";
    public static final String CHECK_IN = "/device/v1/check-in";
    public static final String FEEDBACK = "/device/v1/feedback";
    public static final String KEYS = "/device/v1/keys";
    public static final String PUSH = "/device/v1/push";
    /** The server's code for a signature no key of the client verifies (wrong, rotated out, or never registered). */
    public static final String BAD_SIGNATURE = "bad_signature";
    /** The longest Retry-After honoured as given: a wrong header must not silence a device for a week. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DeviceEndpoint endpoint;
    private final DeviceTransport transport;
    private final Clock clock;
    private final SecureRandom random;

    public DeviceClient(DeviceEndpoint endpoint, DeviceTransport transport, Clock clock, SecureRandom random) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Registers the identity's public keys with a one-time token (the only unsigned request). */
    public EnrollReply enroll(String token, ClientIdentity identity) throws DeviceException {
        EnrollRequest request = new EnrollRequest(token, identity.signing().publicKey().base64Url(),
                identity.sealing().publicKey().base64Url());
        return exchange(ENROLL, request, null, 201, EnrollReply.class);
    }

    public CheckInReply checkIn(ClientIdentity identity, CheckInRequest request) throws DeviceException {
        return exchange(CHECK_IN, request, identity, 200, CheckInReply.class);
    }

    public FeedbackReply feedback(ClientIdentity identity, FeedbackRequest request) throws DeviceException {
        return exchange(FEEDBACK, request, identity, 202, FeedbackReply.class);
    }

    /** Registers {@code next}'s public keys, in a request signed with {@code current}'s (the server's current) key. */
    public KeysReply rotateKeys(ClientIdentity current, ClientIdentity next) throws DeviceException {
        KeysRequest request = new KeysRequest(next.signing().publicKey().base64Url(),
                next.sealing().publicKey().base64Url());
        return exchange(KEYS, request, current, 200, KeysReply.class);
    }

    /**
     * Opens the push channel: a GET signed like every device request (empty body), answered 200 with an event
     * stream. Any other answer is read (bounded), closed and classified like the other requests' (503 with
     * Retry-After: BUSY; revoked; ...). A 200 that is not an event stream (a proxy's page) counts as unreachable.
     */
    public DeviceTransport.Stream openPush(ClientIdentity identity) throws DeviceException {
        String target = endpoint.target(PUSH);
        Map<String, String> headers = new RequestSigner(identity.clientId(), identity.signing(), clock, random)
                .sign("GET", target, new byte[0]).asMap();
        DeviceTransport.Stream stream;
        try {
            stream = transport.stream(target, headers);
        } catch (IOException e) {
            throw new DeviceException(Kind.UNREACHABLE, 0, null, PUSH + ": " + describe(e), null, e);
        }
        boolean eventStream = stream.header("Content-Type").map(t -> t.toLowerCase(java.util.Locale.ROOT).strip()
                .startsWith("text/event-stream")).orElse(false);
        if (stream.status() == 200 && eventStream) {
            return stream;
        }
        try (stream) {
            if (stream.status() == 200) {
                throw new DeviceException(Kind.UNREACHABLE, 200, null, PUSH + ": 200 without an event stream", null,
                        null);
            }
            byte[] body = HttpsDeviceTransport.readBounded(stream.body(), target);
            throw refusal(PUSH, new DeviceTransport.Response(stream.status(), stream.headers(), body));
        } catch (IOException e) {
            throw new DeviceException(Kind.UNREACHABLE, stream.status(), null, PUSH + ": " + describe(e), null, e);
        }
    }

    private <T> T exchange(String route, Object request, ClientIdentity signer, int expected, Class<T> type)
            throws DeviceException {
        String target = endpoint.target(route);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + route, e);
        }
        Map<String, String> headers = signer == null ? Map.of()
                : new RequestSigner(signer.clientId(), signer.signing(), clock, random).sign("POST", target, body).asMap();
        DeviceTransport.Response response;
        try {
            response = transport.post(target, body, headers);
        } catch (IOException e) {
            throw new DeviceException(Kind.UNREACHABLE, 0, null, route + ": " + describe(e), null, e);
        }
        if (response.status() == expected) {
            try {
                return JSON.readValue(response.body(), type);
            } catch (IOException e) {
                throw new DeviceException(Kind.UNREACHABLE, response.status(), null,
                        route + ": unreadable answer: " + e.getMessage(), null, e);
            }
        }
        throw refusal(route, response);
    }

    private DeviceException refusal(String route, DeviceTransport.Response response) {
        int status = response.status();
        Messages.ErrorReply error = null;
        try {
            error = JSON.readValue(response.body(), Messages.ErrorReply.class);
        } catch (IOException | RuntimeException e) {
            // not the server's JSON error (a proxy's page): the status alone decides
        }
        String code = error == null ? null : error.error();
        String message = route + ": " + status + (code == null ? "" : " " + code)
                + (error == null || error.message() == null ? "" : ": " + error.message());
        if (status == 503 || status == 429) {
            return new DeviceException(Kind.BUSY, status, code, message,
                    response.header("Retry-After").map(this::retryAfter).orElse(null), null);
        }
        if (status >= 500) {
            return new DeviceException(Kind.UNREACHABLE, status, code, message, null, null);
        }
        // The server answers revoked with 403, an unknown client id (deleted) with 401: both need a new enrollment.
        if ("revoked".equals(code) || "unknown_client".equals(code)) {
            return new DeviceException(Kind.REVOKED, status, code, message, null, null);
        }
        if ("enrollment_token_rejected".equals(code)) {
            return new DeviceException(Kind.TOKEN_REJECTED, status, code, message, null, null);
        }
        return new DeviceException(Kind.REFUSED, status, code, message, null, null);
    }

    /** Retry-After as delay-seconds or an HTTP-date (RFC 9110 10.2.3), clamped to 0..{@link #MAX_RETRY_AFTER}. */
    Duration retryAfter(String value) {
        Duration delay;
        try {
            delay = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                delay = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (delay.isNegative()) {
            return Duration.ZERO;
        }
        return delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        Throwable root = e;
        while (message == null && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
