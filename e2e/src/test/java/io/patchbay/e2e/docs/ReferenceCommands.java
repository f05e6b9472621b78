package io.patchbay.e2e.docs;

import io.patchbay.e2e.docs.MarkdownBlocks.Block;
import io.patchbay.operator.cli.PatchbayMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code patchbay} command lines of blocks that do not run (skipped: production paths, placeholders), checked
 * against the command line itself: each is parsed with {@code --help} appended, so an unknown subcommand or option
 * fails (picocli parses every argument before it honours {@code --help}) while nothing is executed.
 */
final class ReferenceCommands {

    private static final Pattern LAUNCHER = Pattern.compile("^(\\S*/)?patchbay$");

    private ReferenceCommands() {
    }

    /** One line each for the block's patchbay commands that the command line refuses. */
    static List<String> refused(Block block, Path root) {
        List<String> refused = new ArrayList<>();
        List<String> lines = block.text().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder command = new StringBuilder(lines.get(i));
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i));
            }
            List<String> words = words(command.toString());
            if (words.isEmpty() || !LAUNCHER.matcher(words.get(0)).matches()) {
                continue;
            }
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            args.add("--help");
            StringWriter err = new StringWriter();
            int exit = PatchbayMain.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
            if (exit != 0) {
                refused.add(root.relativize(block.file()) + ":" + (block.line() + 1 + first) + ": " + command.toString()
                        .strip() + "\n    " + err.toString().strip());
            }
        }
        return refused;
    }

    /** Shell words up to a comment, pipe, redirection or separator; quotes are removed, variables kept as typed. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ((c == '#' && word == null) || "|&;<>".indexOf(c) >= 0) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
