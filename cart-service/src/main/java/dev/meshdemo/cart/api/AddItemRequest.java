package dev.meshdemo.cart.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** {@code POST /cart/{userId}} body: which product, and how many more of it. */
public record AddItemRequest(
        @NotNull @Positive Long productId,
        @NotNull @Min(1) @Max(99) Integer quantity) {
}
