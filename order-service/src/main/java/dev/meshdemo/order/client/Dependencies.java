package dev.meshdemo.order.client;

import dev.meshdemo.common.client.CallPolicy;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * One named resilience policy per dependency of order-service (the numbers and the retry rule are
 * {@link CallPolicy}'s); each REST client applies its own with {@code @ApplyGuard}.
 */
@Dependent
public class Dependencies {

    @Produces
    @Identifier(UserClient.DEPENDENCY)
    static final Guard USER_SERVICE = CallPolicy.guardFor(UserClient.DEPENDENCY);

    @Produces
    @Identifier(CartClient.DEPENDENCY)
    static final Guard CART_SERVICE = CallPolicy.guardFor(CartClient.DEPENDENCY);

    @Produces
    @Identifier(ProductClient.DEPENDENCY)
    static final Guard PRODUCT_SERVICE = CallPolicy.guardFor(ProductClient.DEPENDENCY);
}
