package dev.meshdemo.testing;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The malformed-input campaign against a running suite ({@code make run}): every variant of
 * {@link MalformedInput} for every endpoint of the five services, sent {@code rounds} times, counting answers
 * by status and anything that is not a 4xx problem+json. For the README's reliability figures:
 * {@code java -cp "test-support/target/classes:test-support/target/lib/*" dev.meshdemo.testing.MalformedInputCampaign [rounds]}
 */
public final class MalformedInputCampaign {

    private static final Map<Integer, List<Endpoint>> SUITE = Map.of(
            3001, List.of(Endpoint.of("GET", "/products"), Endpoint.of("GET", "/products/{id}")),
            3002, List.of(Endpoint.of("GET", "/cart/{handle}"),
                    Endpoint.of("POST", "/cart/{handle}", "{\"productId\":1,\"quantity\":1}"),
                    Endpoint.of("DELETE", "/cart/{handle}/{id}"), Endpoint.of("DELETE", "/cart/{handle}")),
            3003, List.of(Endpoint.of("POST", "/orders", "{\"userId\":\"user1\"}")
                            .withHeader("Idempotency-Key", "campaign-1"),
                    Endpoint.of("GET", "/orders/{handle}").withQuery("limit")),
            3004, List.of(Endpoint.of("GET", "/users/{handle}"),
                    Endpoint.of("POST", "/users", "{\"id\":\"newcomer\",\"name\":\"New Comer\",\"email\":\"new@example.com\"}")),
            3005, List.of(Endpoint.of("GET", "/exams"), Endpoint.of("GET", "/exams/{id}/questions"),
                    Endpoint.of("POST", "/exams/{id}/submit", "{\"userId\":\"user1\",\"answers\":{\"101\":\"A\"}}")
                            .withHeader("Idempotency-Key", "campaign-1"),
                    Endpoint.of("GET", "/exams/{id}/submissions/{handle}")));

    private MalformedInputCampaign() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int sent = 0;
        int notProblem = 0;
        int serverErrors = 0;
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<Integer, List<Endpoint>> service : new TreeMap<>(SUITE).entrySet()) {
                List<Endpoint> endpoints = new java.util.ArrayList<>(service.getValue());
                endpoints.add(Endpoint.of("PUT", "/admin/faults",
                        "{\"errorRate\":0,\"delayMs\":0,\"delayRate\":0,\"paths\":\"\"}"));
                for (Endpoint endpoint : endpoints) {
                    for (MalformedInput.Case c : MalformedInput.casesFor(endpoint)) {
                        RawHttp.Answer answer = RawHttp.send(service.getKey(), raw(c));
                        sent++;
                        byStatus.merge(answer.status(), 1, Integer::sum);
                        if (answer.status() >= 500 || answer.status() < 0) {
                            serverErrors++;
                            System.out.println("5xx/none: " + service.getKey() + " " + c + " -> " + answer.status());
                        } else if (answer.status() < 400 || !answer.isProblemJson()) {
                            notProblem++;
                            System.out.println("not refused: " + service.getKey() + " " + c + " -> " + answer.status());
                        }
                    }
                }
            }
        }
        System.out.printf("sent %d malformed requests: %d 5xx or no answer, %d not a 4xx problem+json; by status %s%n",
                sent, serverErrors, notProblem, byStatus);
    }

    static byte[] raw(MalformedInput.Case c) {
        StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\n");
        c.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (c.contentType() != null) {
            head.append("Content-Type: ").append(c.contentType()).append("\r\n");
        }
        byte[] body = c.body() == null ? new byte[0] : c.body();
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
