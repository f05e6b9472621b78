package io.patchbay.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Jars an attacker builds to make a verifier work, allocate or disagree with the loader: zip bombs (many entries
 * sharing one deflate stream, entries declaring less than they inflate to), floods of entries, signing files or
 * manifest sections, long and deep names, huge stored entries, and central directories that disagree with the
 * local headers. Shapes that need a signed jar start from {@code signed} (a real signed bundle), so they carry a
 * genuine signature the attacker copied and fail only where they were changed.
 *
 * <p>Each shape is named and sized by its caller; {@link #all} lists every shape at about {@code budget} bytes.
 */
public final class HostileJars {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final byte[] BUNDLE_MANIFEST = ("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
            + "Bundle-SymbolicName: com.acme.hostile\r\nBundle-Version: 1.0.0\r\n\r\n").getBytes(StandardCharsets.UTF_8);

    private HostileJars() {
    }

    /** A hostile jar and what it is. */
    public record Shape(String name, byte[] jar) {
    }

    /**
     * The shape: an unsigned jar whose {@code count} META-INF/SIG-* entries all point at one deflate stream
     * of {@code streamSize} zeros, each declaring the stream's full size.
     */
    public static byte[] sharedStreamBomb(int count, long streamSize) {
        RawZip zip = new RawZip().add(RawZip.deflated(MANIFEST, BUNDLE_MANIFEST));
        byte[] stream = RawZip.zeros(streamSize);
        zip.add(RawZip.raw("META-INF/SIG-0", RawZip.DEFLATED, stream, 0, streamSize));
        for (int i = 1; i < count; i++) {
            zip.add(RawZip.raw("META-INF/SIG-" + i, RawZip.DEFLATED, new byte[0], 0, streamSize)
                    .declaringCompressed(stream.length).sharingDataOf("META-INF/SIG-0"));
        }
        return zip.build();
    }

    /** The same bomb inside a signed jar: its entries, under content names, point at one stream. */
    public static byte[] sharedStreamBombSigned(byte[] signed, int count, long streamSize) {
        RawZip zip = new RawZip().addAll(RawZip.entriesOf(signed));
        byte[] stream = RawZip.zeros(streamSize);
        zip.add(RawZip.raw("bomb/0.bin", RawZip.DEFLATED, stream, 0, streamSize));
        for (int i = 1; i < count; i++) {
            zip.add(RawZip.raw("bomb/" + i + ".bin", RawZip.DEFLATED, new byte[0], 0, streamSize)
                    .declaringCompressed(stream.length).sharingDataOf("bomb/0.bin"));
        }
        return zip.build();
    }

    /** A signed jar whose entry {@code victim} is replaced by a stream of {@code size} zeros declaring its size honestly. */
    public static byte[] bombReplacingSignedEntry(byte[] signed, String victim, long size) {
        return replacing(signed, victim, name -> RawZip.raw(name, RawZip.DEFLATED, RawZip.zeros(size), 0, size));
    }

    /**
     * A signed jar whose entry {@code victim} is replaced by a stream of {@code actualSize} zeros that declares only
     * the victim's original size: a verifier that trusts the stream rather than the declaration inflates it all.
     */
    public static byte[] bombUnderDeclared(byte[] signed, String victim, long actualSize) {
        return replacing(signed, victim, name -> RawZip.raw(name, RawZip.DEFLATED, RawZip.zeros(actualSize), 0,
                RawZip.entriesOf(signed).stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().size));
    }

    /**
     * A signed jar whose entry {@code victim} is replaced by {@code compressedSize} bytes of incompressible data,
     * STORED, so its digest costs what its size costs.
     */
    public static byte[] hugeStoredEntry(byte[] signed, String victim, int compressedSize) {
        byte[] noise = noise(compressedSize);
        return replacing(signed, victim, name -> RawZip.stored(name, noise));
    }

    /** A signed jar with {@code count} more tiny entries no signature covers. */
    public static byte[] manyTinyEntries(byte[] signed, int count) {
        RawZip zip = new RawZip().addAll(RawZip.entriesOf(signed));
        for (int i = 0; i < count; i++) {
            zip.add(RawZip.stored("t/" + Integer.toString(i, 36), new byte[] {(byte) i}));
        }
        return zip.build();
    }

    /** An unsigned jar of {@code count} tiny entries. */
    public static byte[] manyTinyEntriesUnsigned(int count) {
        RawZip zip = new RawZip().add(RawZip.deflated(MANIFEST, BUNDLE_MANIFEST));
        for (int i = 0; i < count; i++) {
            zip.add(RawZip.stored("t/" + Integer.toString(i, 36), new byte[] {(byte) i}));
        }
        return zip.build();
    }

    /** A signed jar with {@code count} extra copies of its signing files (.SF and block) under other names. */
    public static byte[] manySigners(byte[] signed, int count) {
        List<RawZip.Entry> entries = RawZip.entriesOf(signed);
        RawZip zip = new RawZip().addAll(entries);
        for (RawZip.Entry e : entries) {
            String upper = e.name().toUpperCase();
            if (upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".EC")
                    || upper.endsWith(".DSA"))) {
                String extension = e.name().substring(e.name().lastIndexOf('.'));
                byte[] content = content(signed, e.name());
                for (int i = 0; i < count; i++) {
                    zip.add(RawZip.deflated("META-INF/S" + i + extension, content));
                }
            }
        }
        return zip.build();
    }

    /** A signed jar with {@code count} META-INF/SIG-* entries (signing-related, so no signature covers them). */
    public static byte[] manySigFiles(byte[] signed, int count, int size) {
        RawZip zip = new RawZip().addAll(RawZip.entriesOf(signed));
        byte[] content = new byte[size];
        for (int i = 0; i < count; i++) {
            zip.add(RawZip.deflated("META-INF/SIG-" + i, content));
        }
        return zip.build();
    }

    /** A signed jar whose manifest is a deflate stream declaring and inflating to {@code size} bytes. */
    public static byte[] manifestBomb(byte[] signed, long size) {
        return replacing(signed, MANIFEST, name -> RawZip.raw(name, RawZip.DEFLATED, RawZip.zeros(size), 0, size));
    }

    /**
     * A signed jar whose manifest keeps its signed main section but gains {@code sections} tiny sections, each
     * naming an entry with a digest: about 50 bytes each before compression.
     */
    public static byte[] manifestFlood(byte[] signed, int sections) {
        byte[] manifest = content(signed, MANIFEST);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(manifest);
        for (int i = 0; i < sections; i++) {
            out.writeBytes(("Name: f/" + Integer.toString(i, 36) + "\r\nSHA-256-Digest: AAAA\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] flooded = out.toByteArray();
        return replacing(signed, MANIFEST, name -> RawZip.deflated(name, flooded));
    }

    /** A signed jar with {@code count} entries named by {@code depth} nested one-letter directories. */
    public static byte[] deepNames(byte[] signed, int count, int depth) {
        RawZip zip = new RawZip().addAll(RawZip.entriesOf(signed));
        String prefix = "d/".repeat(depth);
        for (int i = 0; i < count; i++) {
            zip.add(RawZip.stored(prefix + i, new byte[0]));
        }
        return zip.build();
    }

    /**
     * A signed jar whose entry {@code victim} declares (in its central record and local header alike) a compressed
     * size running over the next entry's local header: two entries sharing bytes, the overlap zip bombs are made of.
     */
    public static byte[] overlappingEntries(byte[] signed, String victim) {
        List<RawZip.Entry> entries = RawZip.entriesOf(signed);
        for (int i = 0; i < entries.size() - 1; i++) {
            RawZip.Entry e = entries.get(i);
            if (e.name().equals(victim)) {
                long compressed = e.data.length + 40;
                e.declaringCompressed(compressed).localCrcAndSizes(e.crc, compressed, e.size);
                return new RawZip().addAll(entries).build();
            }
        }
        throw new IllegalArgumentException("the jar has no entry " + victim + " before another");
    }

    /** A signed jar whose central directory names {@code victim} where its local header names {@code local}. */
    public static byte[] centralLocalMismatch(byte[] signed, String victim, String local) {
        return replacing(signed, victim, name -> RawZip.deflated(name, content(signed, victim)).localName(local));
    }

    /** A signed jar with {@code victim} twice, the second copy holding {@code other}. */
    public static byte[] duplicateEntry(byte[] signed, String victim, byte[] other) {
        return new RawZip().addAll(RawZip.entriesOf(signed)).add(RawZip.deflated(victim, other)).build();
    }

    /**
     * A signed jar whose entry {@code victim} is replaced by {@code mebibytes} MiB that compress about {@code ratio}:1
     * (each MiB: incompressible bytes, then zeros), declared honestly, CRC included: a bomb that stays within a ratio
     * and total limit, so a verifier must inflate it all before its digest shows the change.
     */
    public static byte[] bombWithinRatio(byte[] signed, String victim, int mebibytes, int ratio) {
        byte[] chunk = new byte[1 << 20];
        byte[] noise = noise(chunk.length / ratio);
        System.arraycopy(noise, 0, chunk, 0, noise.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int i = 0; i < mebibytes; i++) {
            crc.update(chunk);
        }
        long crcValue = crc.getValue();
        return replacing(signed, victim, name -> RawZip.raw(name, RawZip.DEFLATED, RawZip.repeated(chunk, mebibytes),
                crcValue, (long) mebibytes << 20));
    }

    /**
     * Every shape, each at most {@code budget} bytes, from {@code signed} and its entry {@code victim}, sized against a
     * verifier's limits so that each is either as costly as those limits allow or just beyond them: floods of entries
     * and manifest sections just under and well over {@code maxEntries}, and a bomb within ratio 100:1 inflating
     * to {@code inflateMiB} MiB (just under the verifier's total; a bigger one is refused before inflating).
     */
    public static List<Shape> all(byte[] signed, String victim, int budget, int maxEntries, int inflateMiB) {
        Map<String, IntFunction<byte[]>> shapes = new LinkedHashMap<>();
        long bomb = Math.min(4_000_000_000L, 1000L * (budget / 2)); // what half the budget of deflated zeros holds
        int room = maxEntries - RawZip.entriesOf(signed).size() - 1;
        shapes.put("unsigned: 40 SIG-* entries sharing one 2 GiB deflate stream (the issue's jar)",
                b -> sharedStreamBomb(40, Math.min(2L << 30, 1000L * (b / 2))));
        shapes.put("signed + 4000 content entries sharing one deflate stream",
                b -> sharedStreamBombSigned(signed, 4000, Math.min(1L << 30, 1000L * (b / 2))));
        shapes.put("signed entry replaced by a bomb (ratio ~1000:1)", b -> bombReplacingSignedEntry(signed, victim, bomb));
        shapes.put("signed entry replaced by a bomb declaring the original size",
                b -> bombUnderDeclared(signed, victim, bomb));
        shapes.put("signed entry replaced by a " + inflateMiB + " MiB bomb within ratio 100:1",
                b -> bombWithinRatio(signed, victim, inflateMiB, 90));
        shapes.put("signed entry replaced by a huge STORED entry",
                b -> hugeStoredEntry(signed, victim, b - signed.length - 64 * 1024));
        shapes.put("manifest bomb", b -> manifestBomb(signed, bomb));
        shapes.put("manifest flooded with " + room + " sections", b -> manifestFlood(signed, room));
        shapes.put("manifest flooded with 300,000 sections", b -> manifestFlood(signed, 300_000));
        shapes.put("signed + " + room + " tiny unsigned entries", b -> manyTinyEntries(signed, room));
        shapes.put("signed + 150,000 tiny unsigned entries", b -> manyTinyEntries(signed, 150_000));
        shapes.put("unsigned: " + room + " tiny entries", b -> manyTinyEntriesUnsigned(room));
        shapes.put("signed + 1000 copies of its signing files", b -> manySigners(signed, 1000));
        shapes.put("signed + " + room + " SIG-* files", b -> manySigFiles(signed, room, 16));
        shapes.put("signed + deeply nested 60 KB names", b -> deepNames(signed, b / 130_000, 30_000));
        shapes.put("signed + " + room + " entries 30 directories deep", b -> deepNames(signed, room, 30));
        shapes.put("an entry's data overlapping the next entry", b -> overlappingEntries(signed, victim));
        shapes.put("central directory disagrees with a local header", b -> centralLocalMismatch(signed, victim, "evil/Other.class"));
        shapes.put("an entry twice", b -> duplicateEntry(signed, victim, "evil".getBytes(StandardCharsets.UTF_8)));
        List<Shape> result = new ArrayList<>();
        shapes.forEach((name, make) -> {
            byte[] jar = make.apply(budget);
            if (jar.length > budget) {
                throw new IllegalStateException(name + " is " + jar.length + " bytes, over the budget of " + budget);
            }
            result.add(new Shape(name, jar));
        });
        return result;
    }

    private static byte[] replacing(byte[] signed, String victim, java.util.function.Function<String, RawZip.Entry> by) {
        List<RawZip.Entry> entries = new ArrayList<>();
        boolean found = false;
        for (RawZip.Entry e : RawZip.entriesOf(signed)) {
            if (e.name().equals(victim)) {
                entries.add(by.apply(victim));
                found = true;
            } else {
                entries.add(e);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("the jar has no entry " + victim);
        }
        return new RawZip().addAll(entries).build();
    }

    private static byte[] content(byte[] jar, String name) {
        return JarVariants.entryOf(jar, name);
    }

    /** Incompressible, deterministic bytes. */
    static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return bytes;
    }
}
