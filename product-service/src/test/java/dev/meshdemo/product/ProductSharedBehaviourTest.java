package dev.meshdemo.product;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against product-service. */
@QuarkusTest
@ProductTestResources
class ProductSharedBehaviourTest extends SharedBehaviourTests {

    @Override
    protected String serviceName() {
        return "product-service";
    }

    @Override
    protected String faultablePath() {
        return "/products/1";
    }

    @Override
    protected boolean faultablePathReadsTheDatabase() {
        return false; // the catalog is served from memory (domain/Catalog)
    }

    @Override
    protected String faultablePathPattern() {
        return "/products.*";
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(Endpoint.of("GET", "/products"), Endpoint.of("GET", "/products/{id}"));
    }
}
