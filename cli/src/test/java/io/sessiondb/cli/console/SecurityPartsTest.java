package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecurityPartsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthAcceptsOnlyAdminWithThePassword() {
        BasicAuth auth = new BasicAuth("s3cret:ü");
        assertEquals("admin", auth.authenticate(basic("admin:s3cret:ü")));
        assertNull(auth.authenticate(basic("admin:s3cret")));
        assertNull(auth.authenticate(basic("root:s3cret:ü")));
        assertNull(auth.authenticate("Bearer x"));
        assertNull(auth.authenticate("Basic %%%"));
        assertNull(auth.authenticate(null));
    }

    @Test
    void csrfTokenIsTiedToTheUserAndTheProcess() {
        CsrfTokens tokens = new CsrfTokens();
        String token = tokens.tokenFor("admin");
        assertTrue(tokens.isValid("admin", token));
        assertFalse(tokens.isValid("other", token));
        assertFalse(tokens.isValid("admin", token.substring(1)));
        assertFalse(tokens.isValid("admin", null));
        assertFalse(new CsrfTokens().isValid("admin", token), "another process (secret) rejects it");
    }
}
