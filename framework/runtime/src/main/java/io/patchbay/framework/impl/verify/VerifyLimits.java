package io.patchbay.framework.impl.verify;

/**
 * How much work and memory verifying one jar may cost. Everything the gate allocates or inflates is bounded by
 * these, so a hostile jar is refused in bounded time whatever it declares. A jar beyond a limit is refused as
 * {@code OVERSIZED}; the detail names the limit, so an operator with a genuinely large bundle knows what to raise.
 *
 * @param maxJarBytes            the whole jar
 * @param maxEntries             entries in the central directory (directories included); also bounds manifest sections
 * @param maxNameBytes           one entry name, UTF-8 encoded; real class names stay far below 1 KiB
 * @param maxTotalInflatedBytes  the sum of the declared uncompressed sizes of all entries, checked before anything
 *                               is inflated; since no entry may inflate beyond its declared size, this bounds the
 *                               inflation work a jar can cause
 * @param maxRatio               declared uncompressed size / compressed size of one entry. Class files compress
 *                               about 3:1 and text about 10:1; deflate cannot exceed about 1032:1, which only
 *                               runs of one byte reach. 100:1 is the bound zip-bomb defences commonly use
 *                               (Apache POI's ZipSecureFile).
 * @param ratioGraceBytes        entries declaring at most this many bytes are exempt from the ratio (a small file of
 *                               zeros is no bomb)
 * @param maxManifestBytes       META-INF/MANIFEST.MF, held in memory and parsed
 * @param maxSignatureFileBytes  one .SF file, held in memory and parsed
 * @param maxSignatureBlockBytes one signature block (.RSA/.DSA/.EC), held in memory and parsed
 * @param maxSigners             signers in one jar, all signature blocks together (each costs a signature check)
 */
public record VerifyLimits(long maxJarBytes, int maxEntries, int maxNameBytes, long maxTotalInflatedBytes,
                           int maxRatio, long ratioGraceBytes, int maxManifestBytes, int maxSignatureFileBytes,
                           int maxSignatureBlockBytes, int maxSigners) {

    private static final int MIB = 1024 * 1024;

    /**
     * Sane defaults: jars up to 16 MiB (OSGi bundles are rarely above a few MiB), inflating to at most 4× that
     * (inflating and digesting 64 MiB takes about 0.2 s here, the most a hostile jar can make the gate work), at
     * most 20,000 entries (large bundles have a few thousand; every entry costs parsing and memory), ratio 100:1
     * above 64 KiB, manifests and .SF files up to 8 MiB (far above 20,000 sections), signature blocks up to 1 MiB
     * (a chain of a few certificates is a few KiB), and at most 4 signers in all (jarsigner writes one).
     */
    public static final VerifyLimits DEFAULTS = new VerifyLimits(16L * MIB, 20_000, 1024, 64L * MIB, 100,
            64 * 1024, 8 * MIB, 8 * MIB, MIB, 4);

    public VerifyLimits {
        positive("maxJarBytes", maxJarBytes);
        positive("maxEntries", maxEntries);
        positive("maxNameBytes", maxNameBytes);
        positive("maxTotalInflatedBytes", maxTotalInflatedBytes);
        positive("maxRatio", maxRatio);
        positive("maxManifestBytes", maxManifestBytes);
        positive("maxSignatureFileBytes", maxSignatureFileBytes);
        positive("maxSignatureBlockBytes", maxSignatureBlockBytes);
        positive("maxSigners", maxSigners);
        if (ratioGraceBytes < 0) {
            throw new IllegalArgumentException("ratioGraceBytes must not be negative: " + ratioGraceBytes);
        }
        if (maxEntries > 65_534) {
            throw new IllegalArgumentException("maxEntries above 65,534 needs zip64, which the gate refuses: " + maxEntries);
        }
    }

    /** These limits with another whole-jar bound and a total inflated bound of 4× it. */
    public VerifyLimits withMaxJarBytes(long bytes) {
        return new VerifyLimits(bytes, maxEntries, maxNameBytes, 4 * bytes, maxRatio, ratioGraceBytes,
                maxManifestBytes, maxSignatureFileBytes, maxSignatureBlockBytes, maxSigners);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
