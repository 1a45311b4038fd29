package dev.meshdemo.order.api;

import jakarta.validation.constraints.NotNull;

/** {@code POST /orders} body: whose cart to order. The id's format is checked as a handle by the resource. */
public record OrderRequest(@NotNull String userId) {
}
