package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UrlSecretsTest {

    @Test
    void maskHidesPasswordParametersWhateverTheirSeparator() {
        assertEquals("jdbc:postgresql://h/db?password=****", UrlSecrets.mask("jdbc:postgresql://h/db?password=hunter2"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=****&ssl=true",
                UrlSecrets.mask("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true"));
        assertEquals("jdbc:x://h;user=u;password=****;db=d", UrlSecrets.mask("jdbc:x://h;user=u;password=hunter2;db=d"));
    }

    @Test
    void maskHidesEveryParameterNamedLikeASecretInAnyCase() {
        assertEquals("jdbc:mariadb://h/db?PassWord=****&sslpassword=****&keyStorePassword=****&clientSecret=****&user=u",
                UrlSecrets.mask("jdbc:mariadb://h/db?PassWord=a&sslpassword=b&keyStorePassword=c&clientSecret=d&user=u"));
    }

    @Test
    void maskHidesTheUserInfoPassword() {
        assertEquals("jdbc:mysql://root:****@db:3306/app", UrlSecrets.mask("jdbc:mysql://root:s3cr:et@db:3306/app"));
        assertEquals("jdbc:postgresql://[::1]:5432/db", UrlSecrets.mask("jdbc:postgresql://[::1]:5432/db"));
        assertEquals("jdbc:mariadb://h1:3306,h2:3306/db?user=u", UrlSecrets.mask("jdbc:mariadb://h1:3306,h2:3306/db?user=u"));
        assertNull(UrlSecrets.mask(null));
    }

    @Test
    void splitTakesThePostgresPasswordOutAndDecodesIt() {
        UrlSecrets.Split split = UrlSecrets.split("jdbc:postgresql://h/db?user=u&password=a%26b%3D&ssl=true");
        assertEquals("jdbc:postgresql://h/db?user=u&ssl=true", split.url());
        assertEquals("a&b=", split.password());
        assertEquals(new UrlSecrets.Split("jdbc:postgresql://h/db", "p"), UrlSecrets.split("jdbc:postgresql://h/db?password=p"));
    }

    @Test
    void splitFollowsPostgresNameCaseAndLastWins() {
        assertEquals(new UrlSecrets.Split("jdbc:postgresql://h/db?PASSWORD=x", "b"),
                UrlSecrets.split("jdbc:postgresql://h/db?password=a&PASSWORD=x&password=b"));
    }

    @Test
    void splitTakesTheMariadbPasswordOutInAnyCaseAsWritten() {
        assertEquals(new UrlSecrets.Split("jdbc:mariadb://h/db?user=u&allowPublicKeyRetrieval", "a%41"),
                UrlSecrets.split("jdbc:mariadb://h/db?user=u&PassWord=a%41&allowPublicKeyRetrieval"));
    }

    @Test
    void splitLeavesOtherUrlsAlone() {
        assertEquals(new UrlSecrets.Split("jdbc:postgresql://h/db?user=u", null), UrlSecrets.split("jdbc:postgresql://h/db?user=u"));
        assertEquals(new UrlSecrets.Split("jdbc:mysql://h/db?password=p", null), UrlSecrets.split("jdbc:mysql://h/db?password=p"));
        assertEquals(new UrlSecrets.Split("jdbc:sqlite:/tmp/a.db", null), UrlSecrets.split("jdbc:sqlite:/tmp/a.db"));
        assertEquals(new UrlSecrets.Split(null, null), UrlSecrets.split(null));
    }
}
