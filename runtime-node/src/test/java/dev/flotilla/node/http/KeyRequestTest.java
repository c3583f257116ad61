package dev.flotilla.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.node.store.EtcdError;
import dev.flotilla.node.store.V2Request;
import org.junit.jupiter.api.Test;

/** Form parsing and validation with etcd's error codes, causes and index 0 (from the reference transcript). */
class KeyRequestTest {
    private static final long NOW = 1_000_000_000_000L;

    private static KeyRequest parse(String method, String body, String query) throws EtcdError {
        Form f = new Form();
        f.parse(body);
        f.parse(query);
        return KeyRequest.parse(method, "/foo", f, NOW, 1 << 20);
    }

    private static String error(String method, String body, String query) {
        return assertThrows(EtcdError.class, () -> parse(method, body, query)).toJson();
    }

    @Test
    void badNumbersAndFieldsGetEtcdErrors() {
        assertEquals("{\"errorCode\":203,\"message\":\"The given index in POST form is not a number\","
                + "\"cause\":\"invalid value for \\\"prevIndex\\\"\",\"index\":0}\n", error("PUT", "value=x", "prevIndex=abc"));
        assertEquals("{\"errorCode\":209,\"message\":\"Invalid field\",\"cause\":\"invalid value for prevExist\","
                + "\"index\":0}\n", error("PUT", "value=x", "prevExist=maybe"));
        assertEquals("{\"errorCode\":202,\"message\":\"The given TTL in POST form is not a number\","
                + "\"cause\":\"invalid value for \\\"ttl\\\"\",\"index\":0}\n", error("PUT", "value=t&ttl=abc", null));
        assertTrue(error("PUT", "value=t&ttl=-1", null).startsWith("{\"errorCode\":202,"));
        assertEquals("{\"errorCode\":211,\"message\":\"Value provided on refresh\","
                + "\"cause\":\"A value was provided on a refresh\",\"index\":0}\n",
                error("PUT", "value=z&ttl=120&refresh=true&prevExist=true", null));
        assertTrue(error("PUT", "refresh=true", null).startsWith("{\"errorCode\":212,"));
        assertTrue(error("GET", "", "waitIndex=abc").contains("invalid value for \\\"waitIndex\\\""));
        assertTrue(error("PUT", "", "wait=true").contains("\\\"wait\\\" can only be used with GET requests"));
        assertTrue(error("PUT", "prevValue=", null).startsWith("{\"errorCode\":201,"));
    }

    @Test
    void malformedFormsAreInvalidPostForm() {
        assertEquals("{\"errorCode\":210,\"message\":\"Invalid POST form\",\"cause\":\"invalid URL escape "
                + "\\\"%zz\\\"\",\"index\":0}\n", error("PUT", "value=%zz", null));
        assertTrue(error("PUT", "value=a;b=c", null).contains("invalid semicolon separator in query"));
    }

    @Test
    void oversizedValuesAreRefused() {
        Form f = new Form();
        f.parse("value=" + "a".repeat(101));
        EtcdError e = assertThrows(EtcdError.class, () -> KeyRequest.parse("PUT", "/k", f, NOW, 100));
        assertEquals(209, e.code().code);
        assertTrue(e.causeText().contains("101 bytes"), e.causeText());
    }

    @Test
    void bodyWinsOverQueryAndTtlBecomesAnAbsoluteExpiry() throws Exception {
        KeyRequest r = parse("PUT", "value=body&ttl=60", "value=query&prevExist=false");
        V2Request w = r.write();
        assertEquals("body", w.value());
        assertEquals(Boolean.FALSE, w.prevExist());
        assertEquals(NOW + 60_000_000_000L, w.expireTime());
        KeyRequest clear = parse("PUT", "value=t2&ttl=&prevExist=true", null);
        assertEquals(0, clear.write().expireTime(), "an empty ttl removes the TTL");
        KeyRequest get = parse("GET", "", "recursive=true&sorted=1&wait=t&waitIndex=7&stream=true");
        assertNull(get.write());
        assertTrue(get.recursive() && get.sorted() && get.waitFor() && get.stream());
        assertEquals(7, get.waitIndex());
        assertEquals("a b&c=d/é", parseValue("value=a+b%26c%3Dd%2F%C3%A9"));
    }

    private static String parseValue(String body) throws EtcdError {
        return parse("PUT", body, null).write().value();
    }

    @Test
    void peerUrlsMustBeHttpUrlsWithPorts() {
        assertEquals(java.util.List.of("http://127.0.0.1:2380"),
                EtcdHandler.peerUrls("{\"peerURLs\":[\"http://127.0.0.1:2380\"]}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> EtcdHandler.peerUrls("{\"peerURLs\":[]}".getBytes()));
        assertThrows(IllegalArgumentException.class,
                () -> EtcdHandler.peerUrls("{\"peerURLs\":[\"ftp://x:1\"]}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> EtcdHandler.peerUrls("{nope".getBytes()));
    }
}
