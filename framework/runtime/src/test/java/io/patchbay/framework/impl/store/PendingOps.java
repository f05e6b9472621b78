package io.patchbay.framework.impl.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The operations a {@link SimulatedDisk} holds until an fsync, and the combinations a power cut may keep. */
final class PendingOps {
    /** Beyond this many combinations, {@link #choices} tries prefixes, single drops and single keeps. */
    private static final int MAX_COMBINATIONS = 4096;

    private PendingOps() {
    }

    static final class Inode {
        byte[] durable = new byte[0];
        byte[] current = new byte[0];
    }

    sealed interface Op permits Write, Truncate, Link, Unlink, Rename {
    }

    record Write(Inode inode, long position, byte[] bytes) implements Op {
    }

    record Truncate(Inode inode, long size) implements Op {
    }

    record Link(Path path, Inode inode) implements Op {
    }

    record Unlink(Path path) implements Op {
    }

    record Rename(Path from, Path to) implements Op {
    }


    /** The sets of pending operations a power cut may have let reach the disk, each applied in order. */
    static List<List<Op>> choices(List<Op> pending) {
        List<List<Op>> variants = new ArrayList<>();
        long combinations = 1;
        for (Op op : pending) {
            List<Op> v = variants(op);
            variants.add(v);
            combinations = Math.min(combinations * v.size(), Long.MAX_VALUE / 8);
        }
        List<List<Op>> choices = new ArrayList<>();
        if (combinations <= MAX_COMBINATIONS) {
            enumerate(variants, 0, new ArrayList<>(), choices);
            return choices;
        }
        for (int k = 0; k <= pending.size(); k++) {
            choices.add(pending.subList(0, k));
            if (k < pending.size()) {
                List<Op> allBut = new ArrayList<>(pending);
                allBut.remove(k);
                choices.add(allBut);
                choices.add(List.of(pending.get(k)));
                for (Op torn : variants.get(k).subList(1, variants.get(k).size())) {
                    List<Op> prefix = new ArrayList<>(pending.subList(0, k));
                    prefix.add(torn);
                    choices.add(prefix);
                }
            }
        }
        return choices;
    }

    /** Null stands for "not applied". */
    private static List<Op> variants(Op op) {
        List<Op> v = new ArrayList<>();
        v.add(null);
        v.add(op);
        if (op instanceof Write w && w.bytes.length > 1) {
            v.add(new Write(w.inode, w.position, Arrays.copyOf(w.bytes, w.bytes.length / 2)));
            v.add(new Write(w.inode, w.position, Arrays.copyOf(w.bytes, w.bytes.length - 1)));
        }
        return v;
    }

    private static void enumerate(List<List<Op>> variants, int index, List<Op> chosen, List<List<Op>> out) {
        if (index == variants.size()) {
            out.add(chosen.stream().filter(o -> o != null).toList());
            return;
        }
        for (Op op : variants.get(index)) {
            chosen.add(op);
            enumerate(variants, index + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    static byte[] written(byte[] content, long position, byte[] bytes) {
        int end = (int) position + bytes.length;
        byte[] result = Arrays.copyOf(content, Math.max(content.length, end));
        System.arraycopy(bytes, 0, result, (int) position, bytes.length);
        return result;
    }

    static byte[] truncated(byte[] content, long size) {
        return size >= content.length ? content : Arrays.copyOf(content, (int) size);
    }

}
