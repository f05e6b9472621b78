package io.patchbay.tuf.api;

import java.util.Arrays;

/**
 * The output side of {@link FastJsonReader}: the canonical JSON of one value, written while the reader
 * parses it. The reader calls it for each token it reads; an object's members go out in source order
 * and are moved into key order when the object closes, so the value is never walked a second time.
 *
 * <p>Small methods, like the reader's, so that a fresh JVM compiles them after a few calls rather than
 * interpreting them (the client reads a handful of files per process).
 */
final class CanonicalWriter {

    /** The reader's input, which {@link #putBytes} copies from (canonical runs of it go out as they are). */
    private final byte[] source;
    private byte[] out;
    private int outLen;
    /** Member start offsets (in out) and keys of the objects being written, innermost last. */
    private int[] memberStarts = new int[32];
    private String[] memberKeys = new String[32];
    private boolean[] memberAscii = new boolean[32];
    private int members;
    private byte[] scratch;

    CanonicalWriter(byte[] source) {
        this.source = source;
        this.out = new byte[Math.max(256, source.length)];
    }

    /** The bytes written so far (the whole value once the reader has read it). */
    byte[] toByteArray() {
        return Arrays.copyOf(out, outLen);
    }

    /** Where the next member starts, for {@link #pushMember}. */
    int length() {
        return outLen;
    }

    /** Writes '{' and returns the mark that {@link #closeObject} takes. */
    int openObject() {
        put('{');
        return members;
    }

    /** Records the member just written (its key and value, from {@code start}) of the innermost object. */
    void pushMember(int start, String key, boolean ascii) {
        if (members == memberStarts.length) {
            memberStarts = Arrays.copyOf(memberStarts, members * 2);
            memberKeys = Arrays.copyOf(memberKeys, members * 2);
            memberAscii = Arrays.copyOf(memberAscii, members * 2);
        }
        memberStarts[members] = start;
        memberKeys[members] = key;
        memberAscii[members] = ascii;
        members++;
    }

    /**
     * Ends the object whose members are {@code base..members-1}: canonical JSON wants them in code point
     * order of their keys, so if the source had another order, the members' bytes are rearranged.
     */
    void closeObject(int base) {
        int count = members - base;
        boolean sorted = true;
        for (int i = base + 1; i < members && sorted; i++) {
            sorted = compareKeys(i - 1, i) < 0;
        }
        if (!sorted) {
            reorder(base, count);
        }
        for (int i = base; i < members; i++) {
            memberKeys[i] = null;
        }
        members = base;
        put('}');
    }

    private void reorder(int base, int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = base + i;
        }
        sort(order, new int[count], 0, count);
        int regionStart = memberStarts[base];
        int regionLength = outLen - regionStart;
        if (scratch == null || scratch.length < regionLength) {
            scratch = new byte[Math.max(regionLength, 1024)];
        }
        System.arraycopy(out, regionStart, scratch, 0, regionLength);
        int write = regionStart;
        for (int k = 0; k < count; k++) {
            int member = order[k] - base;
            int from = memberStarts[base + member] - regionStart;
            // A member ends where the next one's separating comma is, the last one at the region's end.
            int to = member + 1 < count ? memberStarts[base + member + 1] - 1 - regionStart : regionLength;
            if (k > 0) {
                out[write++] = ',';
            }
            System.arraycopy(scratch, from, out, write, to - from);
            write += to - from;
        }
    }

    /** Merge sort of member indices by key (a bin's targets object has hundreds of members in any order). */
    private void sort(int[] order, int[] temp, int from, int to) {
        if (to - from <= 8) {
            for (int i = from + 1; i < to; i++) {
                int current = order[i];
                int j = i - 1;
                while (j >= from && compareKeys(order[j], current) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = current;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        sort(order, temp, from, middle);
        sort(order, temp, middle, to);
        if (compareKeys(order[middle - 1], order[middle]) < 0) {
            return;
        }
        System.arraycopy(order, from, temp, from, to - from);
        for (int i = from, left = from, right = middle; i < to; i++) {
            if (right >= to || (left < middle && compareKeys(temp[left], temp[right]) < 0)) {
                order[i] = temp[left++];
            } else {
                order[i] = temp[right++];
            }
        }
    }

    /** Code point order of two members' keys (keys are distinct: a duplicate gave up already). */
    private int compareKeys(int a, int b) {
        // For ASCII keys UTF-16 order is code point order, and String.compareTo is the JDK's fast compare.
        return memberAscii[a] && memberAscii[b] ? memberKeys[a].compareTo(memberKeys[b])
                : CanonicalJson.compareCodePoints(memberKeys[a], memberKeys[b]);
    }

    /** One byte (the char's low eight bits). */
    void put(char c) {
        if (outLen == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[outLen++] = (byte) c;
    }

    /** {@code length} bytes of the source from {@code from}, which the reader found canonical already. */
    void putBytes(int from, int length) {
        if (out.length - outLen < length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + length));
        }
        System.arraycopy(source, from, out, outLen, length);
        outLen += length;
    }

    void putAscii(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            put(ascii.charAt(i));
        }
    }

    /** One decoded (non-surrogate) char in canonical form: UTF-8, only '"' and '\' escaped. */
    void putChar(char c) {
        if (c == '"' || c == '\\') {
            put('\\');
            put(c);
        } else if (c < 0x80) {
            put(c);
        } else if (c < 0x800) {
            put((char) (0xc0 | (c >> 6)));
            put((char) (0x80 | (c & 0x3f)));
        } else {
            put((char) (0xe0 | (c >> 12)));
            put((char) (0x80 | ((c >> 6) & 0x3f)));
            put((char) (0x80 | (c & 0x3f)));
        }
    }
}
