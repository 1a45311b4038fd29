package dev.meshdemo.exam.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What exam-service needs of a user. Tolerant of fields user-service may add (unlike our own strict API). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownUser(String id, String name) {
}
