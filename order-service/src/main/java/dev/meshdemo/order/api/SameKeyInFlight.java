package dev.meshdemo.order.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Requests of this process with the same {@code Idempotency-Key} run one at a time. The order's reads happen
 * before the key is claimed in the database, so without this, twenty concurrent duplicates would all read the
 * user, the cart and the prices before nineteen of them replay the first answer. Now the first does the work
 * and the others wait for it, find the key answered and replay without a read. (Duplicates that reach another
 * replica still only replay: the claim in the database decides; at worst they read once for nothing.)
 */
@ApplicationScoped
class SameKeyInFlight {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    <T> T oneAtATime(String key, Supplier<T> work) {
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = running.putIfAbsent(key, mine);
            if (other == null) {
                try {
                    return work.get();
                } finally {
                    running.remove(key, mine);
                    mine.complete(null);
                }
            }
            other.join(); // bounded: the other request's calls have timeouts
        }
    }
}
