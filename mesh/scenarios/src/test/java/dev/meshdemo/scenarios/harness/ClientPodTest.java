package dev.meshdemo.scenarios.harness;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command a client pod runs (POSIX sh feeding curl's --config), run here with this machine's sh and curl
 * against a small HTTP server on 127.0.0.1, so the config it writes and the lines it prints are real curl's.
 */
@DisabledOnOs(OS.WINDOWS)
class ClientPodTest {
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/products/1", ex -> {
            int n = served.incrementAndGet();
            ex.getResponseHeaders().add("x-service-version", n % 2 == 0 ? "v2" : "v1");
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestHeaders().containsKey("user-type") ? 203 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsNRequestsAndPrintsOneLinePerRequest() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/products/1";
        List<String> cmd = ClientPod.command(7, 3, "x-service-version", url, "--header", "user-type: vip");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        HttpSample.Samples s = new HttpSample.Samples(HttpSample.parseCurl(out));
        assertEquals(7, s.size(), out);
        assertEquals(7, served.get());
        assertEquals(7, s.withStatus(203), "the extra curl options reach every request");
        assertEquals(7, s.withHeader("v1") + s.withHeader("v2"));
        assertTrue(s.all().stream().allMatch(x -> x.exitCode() == 0));
    }

    @Test
    void aRefusedConnectionIsStatus000WithItsExitCode() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> cmd = ClientPod.command(2, 1, "x-service", "http://127.0.0.1:" + port + "/");
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<HttpSample> s = HttpSample.parseCurl(out);
        assertEquals(2, s.size(), out);
        assertTrue(s.stream().allMatch(x -> x.status() == 0 && x.exitCode() == 7 && !x.resetWithoutAnswer()), out);
    }
}
