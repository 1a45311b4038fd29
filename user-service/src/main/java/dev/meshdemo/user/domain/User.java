package dev.meshdemo.user.domain;

/** A user. The id is a short handle chosen by the client (e.g. {@code user1}), stable across the suite. */
public record User(String id, String name, String email) {
}
