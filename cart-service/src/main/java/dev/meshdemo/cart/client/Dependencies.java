package dev.meshdemo.cart.client;

import dev.meshdemo.common.client.CallPolicy;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * One named resilience policy per dependency of cart-service (the numbers and the retry rule are
 * {@link CallPolicy}'s); each REST client applies its own with {@code @ApplyGuard}.
 */
@Dependent
public class Dependencies {

    @Produces
    @Identifier(ProductClient.DEPENDENCY)
    static final Guard PRODUCT_SERVICE = CallPolicy.guardFor(ProductClient.DEPENDENCY);
}
