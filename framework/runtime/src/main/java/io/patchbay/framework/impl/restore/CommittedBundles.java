package io.patchbay.framework.impl.restore;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.container.Container;
import io.patchbay.framework.impl.store.BundleStore;
import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.VerifiedBundle;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed bytes of a bundle, as the only thing a restore may install: read from the store (which re-hashes
 * them), passed through the publisher gate again (the store is local state an attacker may have written), and
 * checked against the journal's record. A damaged store entry is healed from the one other verified source there
 * is, the running revision's own jar, when it hashes right; otherwise the refusal names the file and the way out.
 */
public final class CommittedBundles {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedBundles.class);

    private final BundleStore store;
    private final PublisherGate gate;
    private final Container container;

    public CommittedBundles(BundleStore store, PublisherGate gate, Container container) {
        this.store = store;
        this.gate = gate;
        this.container = container;
    }

    /**
     * The verified committed bytes of {@code record}.
     *
     * @throws LocalStateException when the store entry is missing or damaged and cannot be healed, or its content
     *                             does not pass the gate or does not match the record
     */
    public VerifiedBundle verified(BundleRecord record) {
        byte[] bytes;
        try {
            bytes = store.get(record.sha256());
        } catch (StoreException damaged) {
            bytes = heal(record, damaged);
        }
        VerifiedBundle verified;
        try {
            verified = gate.verify("store entry " + record.sha256() + " (" + record.symbolicName() + " "
                    + record.version() + ")", bytes);
        } catch (PatchbayException refused) {
            throw new LocalStateException("the committed " + describe(record) + " in " + entry(record)
                    + " does not pass the publisher gate: " + refused.getMessage() + ". Either this host no longer trusts"
                    + " the publisher that signed it, or the store was written by something other than Patchbay;"
                    + " nothing was installed. " + WAY_OUT, refused);
        }
        if (!verified.symbolicName().equals(record.symbolicName())
                || !verified.version().toString().equals(record.version())) {
            throw new LocalStateException("the journal commits " + describe(record) + " but " + entry(record)
                    + " holds " + verified.symbolicName() + " " + verified.version() + ": the journal or the store was"
                    + " forged; nothing was installed. " + WAY_OUT);
        }
        return verified;
    }

    /**
     * Requires the committed bytes of {@code record} to be at hand for a restore: the store entry hashes to the
     * record, or is healed from the running revision now, while it still runs. The gate is not run here but when
     * the bytes are installed ({@link #verified}): bytes with the record's hash are the ones that passed it when
     * they were committed or restored, and checking them twice per swap cost as much as VERIFY itself.
     *
     * @throws LocalStateException when the entry is missing or damaged and cannot be healed
     */
    public void requireIntact(BundleRecord record) {
        try {
            store.get(record.sha256());
        } catch (StoreException damaged) {
            heal(record, damaged);
        }
    }

    private byte[] heal(BundleRecord record, StoreException damaged) {
        Optional<Bundle> running = container.find(record.symbolicName());
        Optional<byte[]> copy = running.flatMap(bundle -> RunningRevision.jarWithHash(bundle, record.sha256()));
        if (copy.isEmpty()) {
            throw new LocalStateException(damaged.getMessage() + "; no verified copy of " + describe(record)
                    + " is at hand to heal " + entry(record) + " (none of the container's cached revisions has"
                    + " those bytes). To recover, apply a patch that carries " + describe(record) + " (it rewrites the entry),"
                    + " or " + WAY_OUT_LOWER, damaged);
        }
        store.put(copy.get());
        LOG.warn("healed damaged store entry {} for {} from the running revision's own jar", record.sha256(),
                describe(record));
        return copy.get();
    }

    private String entry(BundleRecord record) {
        return store.directory().resolve(record.sha256() + ".jar").toString();
    }

    private static String describe(BundleRecord record) {
        return record.symbolicName() + " " + record.version() + " (sha256 " + record.sha256() + ")";
    }

    private static final String WAY_OUT_LOWER = "stop the host and reset the data directory with "
            + "Patchbay.resetLocalState (see the host developer guide, \"Resetting local state\")";
    private static final String WAY_OUT = "To start over, s" + WAY_OUT_LOWER.substring(1) + ".";
}
