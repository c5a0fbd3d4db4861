package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessiondbDataStoreAppNameTest {

    @Test
    void withoutVirtualHostsTheDefaultIsTheContextName() {
        assertEquals("shop", SessiondbDataStore.defaultAppName("/shop", List.of()));
        assertEquals("ROOT", SessiondbDataStore.defaultAppName("/", null));
    }

    @Test
    void withVirtualHostsTheDefaultIsTheFirstHostAndTheContextName() {
        assertEquals("shop.example.com/shop",
                SessiondbDataStore.defaultAppName("/shop", List.of("shop.example.com", "www.shop.example.com")));
        assertEquals("shop.example.com/ROOT", SessiondbDataStore.defaultAppName("/", List.of("shop.example.com")));
    }

    @Test
    void aDefaultLongerThanTheAppColumnFailsTheStartNamingAppName() {
        String host = "h".repeat(90) + ".com";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SessiondbDataStore.defaultAppName("/shopping", List.of(host)));
        assertTrue(e.getMessage().contains("set appName"), e.getMessage());
        assertEquals(100, SessiondbDataStore.defaultAppName("/sssss", List.of(host)).length());
    }
}
