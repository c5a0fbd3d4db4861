package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StaticResourceFilterTest {

    @Test
    void theDefaultMatchesStaticResourcesWholeAndInAnyCase() {
        StaticResourceFilter filter = StaticResourceFilter.of(StaticResourceFilter.DEFAULT, "filter");
        assertTrue(filter.matches("/shop/style.css"));
        assertTrue(filter.matches("/LOGO.PNG"));
        assertTrue(filter.matches("/fonts/a.woff2"));
        assertFalse(filter.matches("/shop/cart"));
        assertFalse(filter.matches("/shop/style.css/checkout"), "matched whole, as PersistentValve's filter");
        assertFalse(filter.matches(null));
    }

    @Test
    void theDefaultsShortcutAgreesWithItsRegex() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(StaticResourceFilter.DEFAULT);
        String[] paths = {"", ".", "/", "/a.", "/a.css", "/a.CsS", "/a.jpg", "/a.jpeg", "/a.jpeeg", "/a.woff", "/a.woff2",
            "/a.woff3", "/.css", "css", "/a.css.", "/a.css.map", "/a.map.css", "/a.cssx", "/a.xcss", "/a\n.css",
            "/a\r/b.png", "/a\u2028.png", "/a\u0085.png", "/a\u2029.svg", "/a\t.svg", "/a.c\u017fs", "/a.\u212Aico",
            "/a.ſvg", "/a.ıco", "/x/y.z/a.GIF", "/a.mjs", "/a.MJS", "/a b.png", "/a.png ", "/a.png\n", "/ä.avif",
            "/a.webp", "/a.eot", "/a.otf", "/a.ttf", "/a.bmp", "/a.ico", "/a.svg", "/a.js", "/a.j", "/a.jp", "/a.pg"};
        for (String path : paths) {
            assertEquals(regex.matcher(path).matches(), StaticResourceFilter.matchesDefault(path), path);
        }
    }

    @Test
    void anEmptyExpressionTurnsTheFilterOff() {
        assertSame(StaticResourceFilter.NONE, StaticResourceFilter.of("", "filter"));
        assertSame(StaticResourceFilter.NONE, StaticResourceFilter.of(null, "filter"));
        assertFalse(StaticResourceFilter.NONE.matches("/a.css"));
        assertEquals("", StaticResourceFilter.NONE.pattern());
    }

    @Test
    void aBadExpressionIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StaticResourceFilter.of(".*\\.(css", "sessiondb.filter"));
        assertTrue(e.getMessage().startsWith("sessiondb.filter="), e.getMessage());
    }
}
