package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.meshdemo.cart.api.AddItemRequest;
import dev.meshdemo.common.idempotency.Idempotency;
import dev.meshdemo.exam.api.ExamDto;
import dev.meshdemo.exam.api.QuestionDto;
import dev.meshdemo.exam.api.SubmitRequest;
import dev.meshdemo.order.api.OrderDto;
import dev.meshdemo.order.api.OrderRequest;
import dev.meshdemo.user.api.NewUser;
import dev.meshdemo.user.api.UserDto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's public API as the scenarios use it, typed by the services' own request and response records
 * (through the entry in a cluster, on the services' ports locally).
 */
public final class Shop {
    private final ScenarioContext ctx;

    public Shop(ScenarioContext ctx) {
        this.ctx = ctx;
    }

    private String api(String service, String path) {
        return ctx.apiUrl(service, path);
    }

    public UserDto createUser(String id) {
        return ctx.http().postJson(api("user-service", "/users"), new NewUser(id, "Scenario " + id, id + "@example.com"))
                .as(UserDto.class);
    }

    public HostHttp.Response addToCart(String userId, long productId, int quantity) {
        return ctx.http().postJson(api("cart-service", "/cart/" + userId), new AddItemRequest(productId, quantity));
    }

    public HostHttp.Response placeOrder(String userId, String idempotencyKey, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = Idempotency.KEY_HEADER;
        all[1] = idempotencyKey;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return ctx.http().postJson(api("order-service", "/orders"), new OrderRequest(userId), all);
    }

    public List<OrderDto> orders(String userId) {
        return ctx.http().get(api("order-service", "/orders/" + userId + "?limit=100"))
                .as(new TypeReference<List<OrderDto>>() { });
    }

    public ExamDto firstExam() {
        List<ExamDto> exams = ctx.http().get(api("exam-service", "/exams")).as(new TypeReference<List<ExamDto>>() { });
        if (exams.isEmpty()) {
            throw new Precondition("exam-service lists no exams (seed data missing)");
        }
        return exams.get(0);
    }

    public List<QuestionDto> questions(long examId) {
        return ctx.http().get(api("exam-service", "/exams/" + examId + "/questions"))
                .as(new TypeReference<List<QuestionDto>>() { });
    }

    /** A submission answering every question with its first choice. */
    public SubmitRequest firstChoices(String userId, long examId) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (QuestionDto q : questions(examId)) {
            answers.put(Long.toString(q.id()), q.choices().get(0));
        }
        return new SubmitRequest(userId, answers);
    }

    public HostHttp.Response submit(long examId, SubmitRequest body, String idempotencyKey) {
        return ctx.http().postJson(api("exam-service", "/exams/" + examId + "/submit"), body,
                Idempotency.KEY_HEADER, idempotencyKey);
    }
}
