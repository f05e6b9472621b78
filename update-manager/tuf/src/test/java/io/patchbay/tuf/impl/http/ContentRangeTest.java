package io.patchbay.tuf.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A resumed download accepts only the Content-Range it asked for, within the file's bound. */
class ContentRangeTest {

    private static final FetchRequest REQUEST = FetchRequest.unpinned(URI.create("http://127.0.0.1/t"), 1000);

    @Test
    void theRangeAskedForIsAccepted() {
        ContentRange range = ContentRange.parse("bytes 400-999/1000", REQUEST, 400);
        assertEquals(400, range.first());
        assertEquals(600, range.length());
        assertEquals(100, ContentRange.parse("bytes 400-499/*", REQUEST, 400).length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes 400-999", "bytes 400-/1000", "bytes -999/1000", "bytes 400-399/1000",
            "bytes 400-1000/1000", "bytes */1000", "bytes +400-999/1000", "bytes 400 - 999/1000",
            "bytes 400-999/-1", "items 400-999/1000", "BYTES 400-999/1000", "bytes 0400-0999/1000x",
            "bytes 400-99999999999999999999/1000", "bytes 400-999/1000\r\nX: y"})
    void malformedValuesAreRefusedWithStatus206(String header) {
        DownloadException e = assertThrows(DownloadException.class, () -> ContentRange.parse(header, REQUEST, 400));
        assertEquals(206, e.httpStatus(), header);
    }

    @Test
    void aRangeStartingElsewhereOrBeyondTheBoundIsRefused() {
        DownloadException e = assertThrows(DownloadException.class,
                () -> ContentRange.parse("bytes 0-999/1000", REQUEST, 400));
        assertTrue(e.getMessage().contains("starts at byte 0"), e.getMessage());
        assertThrows(DownloadException.class, () -> ContentRange.parse("bytes 400-1000/1001", REQUEST, 400));
        assertThrows(DownloadException.class, () -> ContentRange.parse("bytes 400-500/5000", REQUEST, 400));
        assertThrows(DownloadException.class, () -> ContentRange.parse("bytes 400-1000/*", REQUEST, 400));
        assertThrows(DownloadException.class, () -> ContentRange.parse(null, REQUEST, 400));
        assertThrows(DownloadException.class, () -> ContentRange.parse("bytes 400-999/1000" + " ".repeat(200),
                REQUEST, 400));
    }
}
