package dev.meshdemo.user.api;

import dev.meshdemo.user.domain.UserProfile;

/** A user as the API shows it. */
public record UserDto(String id, String name, String email) {

    static UserDto of(UserProfile user) {
        return new UserDto(user.id(), user.name(), user.email());
    }
}
