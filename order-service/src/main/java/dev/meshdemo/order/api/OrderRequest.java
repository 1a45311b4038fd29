package dev.meshdemo.order.api;

import dev.meshdemo.common.validation.Handle;
import jakarta.validation.constraints.NotNull;

/** {@code POST /orders} body: whose cart to order. */
public record OrderRequest(@NotNull @Handle String userId) {
}
