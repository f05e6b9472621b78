package io.patchbay.framework.impl.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void shortTextIsKeptAsItIs() {
        String text = "x".repeat(100);
        assertSame(text, Texts.cut(text, 100));
    }

    @Test
    void longTextIsCutWithANote() {
        assertEquals("x".repeat(68) + " [33 characters cut]", Texts.cut("x".repeat(101), 100));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String emoji = "\ud83d\ude00";
        String text = "x".repeat(67) + emoji + "y".repeat(100);
        String cut = Texts.cut(text, 100);
        assertEquals("x".repeat(67) + " [" + (text.length() - 67) + " characters cut]", cut);
        String after = "x".repeat(68) + emoji + "y".repeat(100);
        assertEquals("x".repeat(68) + " [" + (after.length() - 68) + " characters cut]", Texts.cut(after, 100));
    }
}
