package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests from this machine (the local suite, the entry, a port-forward), with the services' DTO records as
 * bodies: a changed API fails to compile here, or to parse with a clear message.
 */
public final class HostHttp implements AutoCloseable {
    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body, java.net.http.HttpHeaders headers, double seconds, int exitCode) {
        public String header(String name) {
            return headers == null ? "" : headers.firstValue(name).orElse("");
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String statusText() {
            return status == 0 ? "000" : Integer.toString(status);
        }

        public <T> T as(Class<T> type) {
            if (!ok()) {
                throw new IllegalStateException("expected a 2xx answer, got " + status + ": " + abbreviate(body));
            }
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new IllegalStateException("the answer does not match " + type.getSimpleName() + ": "
                        + e.getMessage() + " in " + abbreviate(body), e);
            }
        }

        public <T> T as(com.fasterxml.jackson.core.type.TypeReference<T> type) {
            if (!ok()) {
                throw new IllegalStateException("expected a 2xx answer, got " + status + ": " + abbreviate(body));
            }
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new IllegalStateException("the answer does not match " + type.getType() + ": "
                        + e.getMessage(), e);
            }
        }

        public HttpSample sample(String headerName) {
            return new HttpSample(status, seconds, exitCode, headerName == null ? "" : header(headerName));
        }
    }

    public Response get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    public Response postJson(String url, Object body, String... headers) {
        try {
            return send("POST", url, JSON.writeValueAsString(body), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Response putJson(String url, Object body) {
        try {
            return send("PUT", url, JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One request; status 0 with a curl-like exit code when nothing answered (7 refused, 28 timeout, 56 reset). */
    public Response send(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers(), (System.nanoTime() - start) / 1e9, 0);
        } catch (HttpTimeoutException e) {
            return new Response(0, "", null, (System.nanoTime() - start) / 1e9, 28);
        } catch (java.net.ConnectException e) {
            return new Response(0, "", null, (System.nanoTime() - start) / 1e9, 7);
        } catch (IOException e) {
            return new Response(0, "", null, (System.nanoTime() - start) / 1e9, 56);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** n GETs, parallel at a time, each sample carrying the value of headerName. */
    public HttpSample.Samples sample(int n, int parallel, String headerName, String url, String... headers) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<HttpSample>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> get(url, headers).sample(headerName)));
            }
            List<HttpSample> out = new ArrayList<>();
            for (Future<HttpSample> f : futures) {
                out.add(f.get());
            }
            return new HttpSample.Samples(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Override
    public void close() {
        client.close();
    }
}
