package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSyntaxTest {

    @Test
    void acceptsAnEmptyQuotedValue() {
        assertEquals("", HeaderSyntax.parse("a;x=\"\"").get(0).attributes().get("x"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a;x=\""));
    }

    @Test
    void refusesAnEmptyParameterName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a;=b"));
        assertTrue(e.getMessage().contains("bad parameter name ''"), e.getMessage());
    }

    @Test
    void parsesClausesWithQuotedCommasAttributesAndDirectives() {
        List<HeaderSyntax.Clause> clauses = HeaderSyntax.parse(
                "a.b;c.d;version=\"[1,2)\";resolution:=optional, e.f;uses:=\"a.b,c.d\"");
        assertEquals(2, clauses.size());
        assertEquals(List.of("a.b", "c.d"), clauses.get(0).paths());
        assertEquals("[1,2)", clauses.get(0).attributes().get("version"));
        assertEquals("optional", clauses.get(0).directives().get("resolution"));
        assertEquals("a.b,c.d", clauses.get(1).directives().get("uses"));
    }

    @Test
    void refusesMalformedHeaders() {
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a.b,,c.d"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a.b;version=\"1.0"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a.b;version=[1,2)"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse("a.b;version=1;c.d"));
        assertThrows(IllegalArgumentException.class, () -> HeaderSyntax.parse(";version=1"));
    }

    @Test
    void knowsPackageAndSymbolicNames() {
        assertTrue(HeaderSyntax.isPackageName("com.acme.api"));
        assertFalse(HeaderSyntax.isPackageName("com..acme"));
        assertFalse(HeaderSyntax.isPackageName("com.1acme"));
        assertTrue(HeaderSyntax.isSymbolicName("com.acme-feature_2"));
        assertFalse(HeaderSyntax.isSymbolicName("com acme"));
    }
}
