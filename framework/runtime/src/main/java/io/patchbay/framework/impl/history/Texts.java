package io.patchbay.framework.impl.history;

/** Bounding free text (exception messages can be megabytes). */
final class Texts {
    /** Room kept for the note that says how much was cut. */
    private static final int NOTE = 32;

    private Texts() {
    }

    /**
     * {@code text} if it has at most {@code max} characters; otherwise its start and a note of how many characters
     * were cut, {@code max} characters at most in all, never splitting a surrogate pair.
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keep = max - NOTE;
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + " [" + (text.length() - keep) + " characters cut]";
    }
}
