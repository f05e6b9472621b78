package io.patchbay.server.impl.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.KeyEncodingException;
import io.patchbay.crypto.api.SealingPublicKey;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.server.impl.device.DeviceMessages.Bundle;
import io.patchbay.server.impl.device.DeviceMessages.CheckInReply;
import io.patchbay.server.impl.device.DeviceMessages.CheckInRequest;
import io.patchbay.server.impl.device.DeviceMessages.EnrollReply;
import io.patchbay.server.impl.device.DeviceMessages.EnrollRequest;
import io.patchbay.server.impl.device.DeviceMessages.FeedbackReply;
import io.patchbay.server.impl.device.DeviceMessages.FeedbackRequest;
import io.patchbay.server.impl.device.DeviceMessages.KeysReply;
import io.patchbay.server.impl.device.DeviceMessages.KeysRequest;
import io.patchbay.server.impl.device.DeviceMessages.Timing;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.http.Reply;
import io.patchbay.server.impl.http.Route;
import io.patchbay.server.impl.release.ReleaseViews;
import io.patchbay.server.impl.store.CheckIns;
import io.patchbay.server.impl.store.Deployments;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.InstallReports;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.ReportedBundle;
import io.patchbay.server.store.StepTiming;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The device API, {@code /device/v1/...}: enrollment with a one-time token, then signed check-ins, install
 * feedback and key rotation. Every signed request is verified before its body is parsed, and its nonce is
 * recorded in the same transaction as its write, so a refused request writes nothing.
 */
public final class DeviceApi {
    public static final String ENROLL = "/device/v1/enroll";
    public static final String CHECK_IN = "/device/v1/check-in";
    public static final String FEEDBACK = "/device/v1/feedback";
    public static final String KEYS = "/device/v1/keys";

    /** Body limits: a check-in carries up to {@link StoreLimits#MAX_BUNDLES} bundles and the host facts. */
    public static final int MAX_SMALL_BODY = 4 * 1024;
    public static final int MAX_CHECK_IN_BODY = 256 * 1024;
    public static final int MAX_FEEDBACK_BODY = 32 * 1024;

    /** Settings of the device API. */
    public record Settings(Duration pollInterval, Duration skew, Duration rotationOverlap) {
        public Settings {
            if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("poll interval must be at least 1 s");
            }
            if (rotationOverlap.isNegative() || rotationOverlap.compareTo(Clients.MAX_ROTATION_OVERLAP) > 0) {
                throw new IllegalArgumentException("rotation overlap must be 0.." + Clients.MAX_ROTATION_OVERLAP);
            }
        }
    }

    /**
     * What else the server does with a stored check-in or install report (staged rollouts). It must not throw; a
     * failure there must not fail the device's request.
     */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** @return the sleep hint for this client ({@code pollInterval}, or shorter while it is being watched) */
        default Duration checkedIn(String clientId, String factsJson, Duration pollInterval) {
            return pollInterval;
        }

        default void reported(String clientId, String deploymentId, InstallState state) {
        }
    }

    private final Clients clients;
    private final CheckIns checkIns;
    private final Deployments deployments;
    private final InstallReports reports;
    private final SignedRequests signed;
    private final Settings settings;
    private final Clock clock;
    private final Observer observer;

    public DeviceApi(Clients clients, CheckIns checkIns, InstallReports reports, Deployments deployments, Clock clock,
            Settings settings) {
        this(clients, checkIns, reports, deployments, clock, settings, Observer.NONE);
    }

    public DeviceApi(Clients clients, CheckIns checkIns, InstallReports reports, Deployments deployments, Clock clock,
            Settings settings, Observer observer) {
        this.observer = Objects.requireNonNull(observer);
        this.deployments = Objects.requireNonNull(deployments);
        this.clients = Objects.requireNonNull(clients);
        this.checkIns = Objects.requireNonNull(checkIns);
        this.reports = Objects.requireNonNull(reports);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.signed = new SignedRequests(clients, clock, settings.skew());
    }

    /** The device routes; all count against the server's in-flight limit. */
    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(ENROLL, Route.post(MAX_SMALL_BODY, true, this::enroll));
        routes.put(CHECK_IN, Route.post(MAX_CHECK_IN_BODY, true, this::checkIn));
        routes.put(FEEDBACK, Route.post(MAX_FEEDBACK_BODY, true, this::feedback));
        routes.put(KEYS, Route.post(MAX_SMALL_BODY, true, this::rotateKeys));
        return routes;
    }

    private Reply enroll(Exchange exchange) throws StoreException {
        EnrollRequest request = Json.read(exchange.body(), EnrollRequest.class);
        require("token", request.token());
        SigningPublicKey signing = signingKey(request.signingKey());
        SealingPublicKey sealing = sealingKey(request.sealingKey());
        ClientRecord client = clients.enroll(request.token(), signing.raw(), sealing.raw());
        return Reply.json(201, new EnrollReply(client.id(), client.channel(), settings.pollInterval().toSeconds()));
    }

    private Reply checkIn(Exchange exchange) throws StoreException {
        SignedRequests.Verified verified = signed.verify(exchange);
        CheckInRequest request = Json.read(exchange.body(), CheckInRequest.class);
        require("patchSequence", request.patchSequence());
        require("bundles", request.bundles());
        if (request.facts() != null && !request.facts().isObject()) {
            throw new HttpError(400, "invalid_input", "facts: must be a JSON object");
        }
        if (request.bundles().size() > StoreLimits.MAX_BUNDLES) {
            throw new HttpError(413, "too_large", "bundles: at most " + StoreLimits.MAX_BUNDLES + " entries");
        }
        List<ReportedBundle> bundles = new ArrayList<>();
        for (Bundle bundle : request.bundles()) {
            require("bundles[]", bundle);
            bundles.add(new ReportedBundle(bundle.symbolicName(), bundle.version()));
        }
        String facts = request.facts() == null ? null : Json.toText(request.facts());
        checkIns.record(new CheckIn(verified.clientId(), request.patchSequence(), bundles, facts, request.channel()),
                verified.nonce());
        ClientRecord client = clients.find(verified.clientId()).orElseThrow();
        ReleaseViews.AssignedDeployment assigned = deployments.assignmentFor(client.id())
                .map(ReleaseViews::assigned).orElse(null);
        long sleep = Math.max(1, observer.checkedIn(client.id(), facts, settings.pollInterval()).toSeconds());
        return Reply.json(200, new CheckInReply(client.id(), client.channel(), sleep,
                clock.instant().toString(), verified.request().signedWithPrevious(), assigned));
    }

    private Reply feedback(Exchange exchange) throws StoreException {
        SignedRequests.Verified verified = signed.verify(exchange);
        FeedbackRequest request = Json.read(exchange.body(), FeedbackRequest.class);
        require("targetSequence", request.targetSequence());
        require("state", request.state());
        InstallState state = state(request.state());
        List<Timing> timings = request.timings() == null ? List.of() : request.timings();
        if (timings.size() > StoreLimits.MAX_TIMING_STEPS) {
            throw new HttpError(413, "too_large", "timings: at most " + StoreLimits.MAX_TIMING_STEPS + " steps");
        }
        List<StepTiming> steps = new ArrayList<>();
        for (Timing timing : timings) {
            require("timings[]", timing);
            require("timings[].millis", timing.millis());
            steps.add(new StepTiming(timing.step(), timing.millis()));
        }
        JsonNode policy = request.policy();
        if (policy != null && !policy.isNull() && !policy.isObject()) {
            throw new HttpError(400, "invalid_input", "policy: must be a JSON object");
        }
        String policyJson = policy == null || policy.isNull() ? null : Json.toText(policy);
        String id = reports.record(new InstallReport(verified.clientId(), request.targetSequence(), state,
                request.cause(), steps, request.log(), verified.request().timestamp(), request.deploymentId(),
                policyJson, request.transactionId()), verified.nonce());
        observer.reported(verified.clientId(), request.deploymentId(), state);
        return Reply.json(202, new FeedbackReply(id, state.name(), state.isFinal()));
    }

    private Reply rotateKeys(Exchange exchange) throws StoreException {
        SignedRequests.Verified verified = signed.verify(exchange);
        if (verified.request().signedWithPrevious()) {
            throw new HttpError(401, "previous_key", "a key rotation must be signed with the current key");
        }
        KeysRequest request = Json.read(exchange.body(), KeysRequest.class);
        SigningPublicKey signing = signingKey(request.signingKey());
        SealingPublicKey sealing = sealingKey(request.sealingKey());
        ClientRecord client = clients.rotateKeys(verified.clientId(), signing.raw(), sealing.raw(),
                settings.rotationOverlap(), verified.nonce());
        return Reply.json(200, new KeysReply(client.id(), client.previousKeyValidUntil().toString()));
    }

    private static SigningPublicKey signingKey(String text) {
        require("signingKey", text);
        try {
            return SigningPublicKey.fromBase64Url(text);
        } catch (KeyEncodingException e) {
            throw new HttpError(400, "invalid_input", "signingKey: " + e.getMessage());
        }
    }

    private static SealingPublicKey sealingKey(String text) {
        require("sealingKey", text);
        try {
            return SealingPublicKey.fromBase64Url(text);
        } catch (KeyEncodingException e) {
            throw new HttpError(400, "invalid_input", "sealingKey: " + e.getMessage());
        }
    }

    private static InstallState state(String text) {
        try {
            return InstallState.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "invalid_input", "state: must be one of " + Arrays.toString(InstallState.values()));
        }
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new HttpError(400, "invalid_input", field + ": is missing");
        }
    }
}
