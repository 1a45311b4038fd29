package dev.meshdemo.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestGuardTest {

    @Test
    void onlyJsonInUtf8IsAccepted() {
        for (String ok : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"", "application/merge-patch+json"}) {
            assertTrue(RequestGuard.jsonInUtf8(ok), ok);
        }
        for (String bad : new String[] {"", "*/*", "application/*", "text/plain", "application/json; charset=utf-16",
                "application/json; charset=iso-8859-1", "application/jsonx", "application/*+json",
                "application/json; charset", "text/json"}) {
            assertFalse(RequestGuard.jsonInUtf8(bad), bad);
        }
        assertEquals(415, RequestGuard.contentTypeProblem(null).status());
    }

    @Test
    void targetsMustBeUnambiguous() {
        assertNull(RequestGuard.targetProblem("/products/1"));
        assertNull(RequestGuard.targetProblem("/orders/user1?limit=5"));
        assertNull(RequestGuard.targetProblem("http://localhost:3001/products/1"));
        assertNull(RequestGuard.targetProblem("/"));
        assertEquals(404, RequestGuard.targetProblem("/cart/u/").status());
        assertEquals(404, RequestGuard.targetProblem("/cart//1").status());
        assertEquals(400, RequestGuard.targetProblem("products").status());
        assertEquals(400, RequestGuard.targetProblem("/cart/u/%09").status());
        assertEquals(400, RequestGuard.targetProblem("/users/a%00b").status());
        assertEquals(400, RequestGuard.targetProblem("/users/%FF").status());
        assertEquals(400, RequestGuard.targetProblem("/users/%E").status());
        assertEquals(400, RequestGuard.targetProblem("/orders/u?limit=5&limit=abc").status());
        assertNotNull(RequestGuard.targetProblem("/orders/u?limit=%00"));
        assertEquals(400, RequestGuard.targetProblem("/orders/u?limit=").status());
        assertEquals(400, RequestGuard.targetProblem("/orders/u?limit").status());
        assertNull(RequestGuard.targetProblem("/users/Zo%C3%AB?name=Zo%C3%AB+x"));
    }

    @Test
    void decodingLeavesPlainAsciiAloneAndStillChecksEscapes() {
        assertEquals("abc-1_2.3~", RequestGuard.decode("abc-1_2.3~", true));
        assertEquals("a b", RequestGuard.decode("a+b", true));
        assertEquals("a+b", RequestGuard.decode("a+b", false));
        assertEquals("Zoë", RequestGuard.decode("Zo%C3%AB", false));
        assertNull(RequestGuard.decode("Zo%C3", false));
        assertNull(RequestGuard.decode("%", false));
    }

    @Test
    void bodiesMustBeUtf8WithoutControlBytes() {
        assertNull(RequestGuard.encodingProblem(Buffer.buffer("{\"name\":\"Zoë\"}\n")));
        assertEquals(400, RequestGuard.encodingProblem(Buffer.buffer(new byte[] {'{', '"', (byte) 0xFF, '"', '}'})).status());
        assertEquals(400, RequestGuard.encodingProblem(Buffer.buffer("{}".getBytes(StandardCharsets.UTF_16LE))).status());
        assertEquals(400, RequestGuard.encodingProblem(Buffer.buffer(new byte[] {'"', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, '"'})).status());
    }
}
