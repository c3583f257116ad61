package dev.flotilla.core.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlCodecTest {

    @Test
    void keysAreCleanedLikeGoPathCleanKeepingTheTrailingSlash() {
        assertEquals("/v2/keys/a/c", KeysClient.keyPath("a//b/../c"));
        assertEquals("/v2/keys/dir/", KeysClient.keyPath("/dir/"));
        assertEquals("/v2/keys/", KeysClient.keyPath("/"));
        assertEquals("/v2/keys/", KeysClient.keyPath("/../.."), "a key cannot climb out of the key space");
    }

    @Test
    void pathsAreEscapedLikeGoEscapedPath() {
        assertEquals("/a%20b/%C3%A9/x%3Fy%23z/$&+,:;=@/%25", UrlCodec.escapePath("/a b/é/x?y#z/$&+,:;=@/%"));
    }

    @Test
    void formsAreSortedAndEscapedLikeGoValuesEncode() {
        assertEquals("prevValue=a+b%26c%3Dd&ttl=5&value=%2Fx",
                UrlCodec.encodeForm(Map.of("value", "/x", "ttl", "5", "prevValue", "a b&c=d")));
    }

    @Test
    void endpointListsAcceptBareHostPortAndRejectNonsenseNamingTheEntry() throws ConfigException {
        assertEquals(List.of(URI.create("http://10.0.0.1:2379"), URI.create("https://h:1/base")),
                ClientConfig.parseEndpoints(" 10.0.0.1:2379 , https://h:1/base/ "));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClientConfig.parseEndpoints("http://ok:1,ftp://bad:2"));
        assertTrue(e.getMessage().contains("'ftp://bad:2'"), e.getMessage());
        assertThrows(ConfigException.class, () -> ClientConfig.parseEndpoints(" , "));
        assertThrows(ConfigException.class, () -> ClientConfig.parseEndpoints("http://h:1?x=1"));
    }
}
