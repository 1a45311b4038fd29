package dev.meshdemo.order.domain;

/**
 * A user's orders as the database saw them before an order's reads: how many, and how many with a cart still
 * to empty. Any change by the time the order is placed means the cart that was read may be stale.
 */
public record OrderState(long orders, long cartsPending) {
}
