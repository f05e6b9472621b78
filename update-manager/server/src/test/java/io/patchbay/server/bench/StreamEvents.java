package io.patchbay.server.bench;

/** What a push-stream transport of {@link LightPushClients} reports about client {@code index}'s stream. */
interface StreamEvents {

    /** A complete server-sent event arrived ({@code event:} name and its {@code data:} line). */
    void event(int index, String event, String data);

    /** The node answered 503 (shedding load): the stream is closed and should be retried after that many seconds. */
    void busy(int index, long retryAfterSeconds);

    /** The stream failed or ended before its hello, or after it (then it is only counted). */
    void failed(int index, String reason);
}
