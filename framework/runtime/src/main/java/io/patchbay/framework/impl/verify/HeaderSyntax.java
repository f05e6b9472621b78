package io.patchbay.framework.impl.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the OSGi manifest header grammar (core spec 3.2.4): clauses separated by commas, each a list of
 * paths followed by {@code name=value} attributes and {@code name:=value} directives, values optionally quoted.
 * Only what the gate needs to refuse a malformed header early, with a precise message.
 */
final class HeaderSyntax {

    /** One clause: its paths, attributes and directives. */
    record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {
    }

    private HeaderSyntax() {
    }

    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        for (String clauseText : split(header, ',')) {
            clauses.add(clause(clauseText.trim()));
        }
        return clauses;
    }

    private static Clause clause(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty clause");
        }
        List<String> paths = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        for (String part : split(text, ';')) {
            String piece = part.trim();
            int eq = indexOfUnquoted(piece, '=');
            if (eq < 0) {
                if (!attributes.isEmpty() || !directives.isEmpty()) {
                    throw new IllegalArgumentException("path '" + piece + "' after parameters in '" + text + "'");
                }
                if (piece.isEmpty()) {
                    throw new IllegalArgumentException("empty path in '" + text + "'");
                }
                paths.add(piece);
                continue;
            }
            boolean directive = eq > 0 && piece.charAt(eq - 1) == ':';
            String name = piece.substring(0, directive ? eq - 1 : eq).trim();
            if (!isExtended(name)) {
                throw new IllegalArgumentException("bad parameter name '" + name + "' in '" + text + "'");
            }
            String value = unquote(piece.substring(eq + 1).trim(), text);
            (directive ? directives : attributes).put(name, value);
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("clause without a path: '" + text + "'");
        }
        return new Clause(paths, attributes, directives);
    }

    private static String unquote(String value, String context) {
        if (value.startsWith("\"")) {
            if (value.length() < 2 || !value.endsWith("\"")) {
                throw new IllegalArgumentException("unterminated quote in '" + context + "'");
            }
            return value.substring(1, value.length() - 1);
        }
        if (!isExtended(value)) {
            throw new IllegalArgumentException("value '" + value + "' must be quoted in '" + context + "'");
        }
        return value;
    }

    private static boolean isExtended(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Splits on {@code separator} outside double quotes; an unbalanced quote is an error. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in '" + text + "'");
        }
        parts.add(current.toString());
        return parts;
    }

    private static int indexOfUnquoted(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code name} is a dotted sequence of Java identifiers, as package names are. */
    static boolean isPackageName(String name) {
        String[] parts = name.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
                return false;
            }
            for (int i = 1; i < part.length(); i++) {
                if (!Character.isJavaIdentifierPart(part.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code name} is a symbolic name: tokens of letters, digits, '_' and '-' joined by dots. */
    static boolean isSymbolicName(String name) {
        String[] parts = name.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
