package dev.meshdemo.user.domain;

/** A user as read: a projection of {@link User} (the names are its fields), nothing managed. */
public record UserProfile(String id, String name, String email) {
}
