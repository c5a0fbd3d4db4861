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
