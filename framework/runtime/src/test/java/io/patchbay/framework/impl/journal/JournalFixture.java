package io.patchbay.framework.impl.journal;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.impl.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/** A journal file in a fresh directory, and the records the journal tests write to it. */
abstract class JournalFixture {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    static BundleRecord record(String bsn, String version) {
        return new BundleRecord(bsn, version, Sha256.hex((bsn + version).getBytes(StandardCharsets.UTF_8)));
    }

    Path file() {
        return dir.resolve("journal.log");
    }
}
