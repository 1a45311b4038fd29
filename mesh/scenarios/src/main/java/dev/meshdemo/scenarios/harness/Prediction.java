package dev.meshdemo.scenarios.harness;

import java.util.function.Predicate;

/** What a measurement should show, as text for the verdict line and as a test. */
public record Prediction<T>(String text, Predicate<T> test) {
    public static <T> Prediction<T> of(String text, Predicate<T> test) {
        return new Prediction<>(text, test);
    }

    public boolean holds(T value) {
        return value != null && test.test(value);
    }
}
