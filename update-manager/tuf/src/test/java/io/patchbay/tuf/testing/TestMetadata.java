package io.patchbay.tuf.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.StrictJson;

/** Small unsigned metadata for tests of the envelope and of signature counting. */
public final class TestMetadata {

    private TestMetadata() {
    }

    /** An unsigned targets role, version 3, with no targets, expiring 2030-01-01T00:00:00Z. */
    public static Metadata targets() {
        ObjectNode signed = StrictJson.object();
        signed.put("_type", "targets");
        signed.put("spec_version", "1.0.31");
        signed.put("version", 3);
        signed.put("expires", "2030-01-01T00:00:00Z");
        signed.putObject("targets");
        return Metadata.of(signed);
    }
}
