package io.patchbay.e2e.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of one Markdown file with their doc-test markers. A marker is an HTML comment on the last
 * non-blank line before a fenced block (invisible when rendered):
 * <ul>
 *   <li>{@code <!-- doc-test: NAME -->} joins the block to scenario NAME of that file; a scenario's blocks run in
 *       document order in one bash;</li>
 *   <li>{@code <!-- doc-test: skip (REASON) -->} marks a block not meant to run here; the reason is required.</li>
 * </ul>
 * Fenced blocks tagged bash, sh, shell or console, and indented blocks with a line that runs a Patchbay launcher or
 * Maven, are runnable:
 * each needs a marker, so that a new command cannot reach a guide untested.
 */
public final class MarkdownBlocks {

    /** Info strings of fenced blocks a reader runs in a shell. */
    static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console", "zsh");
    static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*doc-test:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern SCENARIO = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SKIP = Pattern.compile("skip\\s*\\((.+)\\)");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    /** Lines of an indented block that a reader would run: the repository's launchers and builds. */
    private static final Pattern COMMAND_LINE = Pattern.compile(
            "^(\\$ )?(patchbay(-repo)? |tuf-client |update-manager/bin/|java -jar |mvn |export PATCHBAY_|\\$[A-Z]+ ).*");

    /** What a marker says; {@code scenario} for RUN, {@code reason} for SKIP, {@code problem} for INVALID. */
    public record Marker(Kind kind, String scenario, String reason, String problem) {
        public enum Kind { NONE, RUN, SKIP, INVALID }

        static final Marker NONE = new Marker(Kind.NONE, null, null, null);

        static Marker parse(String body) {
            Matcher skip = SKIP.matcher(body);
            if (skip.matches()) {
                return new Marker(Kind.SKIP, null, skip.group(1).strip(), null);
            }
            if (body.startsWith("skip")) {
                return new Marker(Kind.INVALID, null, null, "a skip needs its reason: <!-- doc-test: skip (why) -->");
            }
            if (SCENARIO.matcher(body).matches()) {
                return new Marker(Kind.RUN, body, null, null);
            }
            return new Marker(Kind.INVALID, null, null, "'" + body + "' is neither a scenario name ([a-z0-9-]) nor "
                    + "skip (why)");
        }
    }

    /** One code block: {@code line} is the 1-based line of its opening fence (or first line, when indented). */
    public record Block(Path file, int line, String info, boolean fenced, Marker marker, String text) {

        /** Whether a reader is meant to run it in a shell, so it needs a marker. */
        public boolean runnable() {
            if (fenced) {
                return SHELL.contains(info.toLowerCase(Locale.ROOT));
            }
            return text.lines().anyMatch(line -> COMMAND_LINE.matcher(line.strip()).matches());
        }

        /** {@code docs/guides/operator.md:123}, relative to {@code root}. */
        public String where(Path root) {
            return root.relativize(file) + ":" + line;
        }
    }

    private MarkdownBlocks() {
    }

    public static List<Block> read(Path file) {
        try {
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(Path file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        boolean previousBlank = true;
        boolean inList = false;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String indent = fence.group(1);
                String close = fence.group(2);
                int start = i;
                StringBuilder text = new StringBuilder();
                i++;
                while (i < lines.size() && !isClosing(lines.get(i), close)) {
                    String body = lines.get(i);
                    text.append(body.startsWith(indent) ? body.substring(indent.length()) : body.stripLeading())
                            .append('\n');
                    i++;
                }
                blocks.add(new Block(file, start + 1, fence.group(3), true, markerBefore(lines, start),
                        text.toString()));
                i++;
                previousBlank = false;
                continue;
            }
            if (line.isBlank()) {
                previousBlank = true;
                i++;
                continue;
            }
            // An indented code block starts after a blank line, outside a list item (where indentation continues it).
            if (previousBlank && !inList && line.startsWith("    ")) {
                int start = i;
                StringBuilder text = new StringBuilder();
                while (i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank())) {
                    text.append(lines.get(i).length() >= 4 ? lines.get(i).substring(4) : "").append('\n');
                    i++;
                }
                blocks.add(new Block(file, start + 1, "", false, markerBefore(lines, start), text.toString().strip()
                        + "\n"));
                previousBlank = false;
                continue;
            }
            inList = line.matches("^\\s*([-*+]|\\d+[.)])\\s.*") || (inList && !previousBlank)
                    || (inList && line.startsWith(" "));
            previousBlank = false;
            i++;
        }
        return blocks;
    }

    private static boolean isClosing(String line, String open) {
        String stripped = line.strip();
        return stripped.length() >= open.length() && stripped.chars().allMatch(c -> c == open.charAt(0));
    }

    private static Marker markerBefore(List<String> lines, int blockStart) {
        for (int j = blockStart - 1; j >= 0; j--) {
            if (!lines.get(j).isBlank()) {
                Matcher m = MARKER.matcher(lines.get(j));
                return m.matches() ? Marker.parse(m.group(1)) : Marker.NONE;
            }
        }
        return Marker.NONE;
    }
}
