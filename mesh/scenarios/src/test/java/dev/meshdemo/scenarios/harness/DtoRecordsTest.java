package dev.meshdemo.scenarios.harness;

import dev.meshdemo.cart.api.AddItemRequest;
import dev.meshdemo.cart.api.CartDto;
import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.common.faults.FaultSettings;
import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.exam.api.ExamDto;
import dev.meshdemo.exam.api.QuestionDto;
import dev.meshdemo.exam.api.SubmissionDto;
import dev.meshdemo.exam.api.SubmitRequest;
import dev.meshdemo.order.api.OrderDto;
import dev.meshdemo.order.api.OrderRequest;
import dev.meshdemo.product.api.ProductDto;
import dev.meshdemo.user.api.NewUser;
import dev.meshdemo.user.api.UserDto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The services' records read and write on the harness's class path (their entity types must load for Jackson). */
class DtoRecordsTest {
    @Test
    void everyRecordTheScenariosUseBindsWithJackson() throws Exception {
        for (Class<?> c : List.of(UserDto.class, NewUser.class, OrderDto.class, OrderRequest.class, ProductDto.class,
                ExamDto.class, QuestionDto.class, SubmissionDto.class, SubmitRequest.class, CartDto.class,
                AddItemRequest.class, FaultSettings.class, FaultUpdate.class, WhoAmI.class)) {
            Object o = HostHttp.JSON.readValue("{}", c);
            HostHttp.JSON.writeValueAsString(o);
        }
        WhoAmI w = HostHttp.JSON.readValue("""
                {"service":"cart-service","version":"v1","pod":"p","namespace":"meshdemo",
                 "peer":{"identity":"spiffe://cluster.local/ns/meshdemo/sa/scenario-mtls","source":"istio"}}""", WhoAmI.class);
        assertEquals("istio", w.peer().source());
        assertEquals("{\"errorRate\":0.3,\"delayMs\":0,\"delayRate\":0.0,\"paths\":\"/products.*\"}",
                HostHttp.JSON.writeValueAsString(new FaultUpdate(0.3, 0L, 0.0, "/products.*")));
    }

    @Test
    void aFieldTheRecordDoesNotHaveIsAnError() {
        assertThrows(Exception.class, () -> HostHttp.JSON.readValue("{\"orders\":[]}", OrderDto.class));
    }
}
