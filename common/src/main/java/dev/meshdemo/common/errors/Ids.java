package dev.meshdemo.common.errors;

import java.util.regex.Pattern;

/** Parses identifiers from paths so that malformed ones are a 400 with a clear message, never a 404 or 500. */
public final class Ids {

    /** User ids and other handles: short, URL-safe, lower-case led (e.g. {@code user1}). */
    public static final Pattern HANDLE = Pattern.compile("[a-z][a-z0-9_-]{1,31}");

    private Ids() {
    }

    public static long positiveLong(String raw, String name) {
        if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
            throw ProblemException.badRequest(name + " must be a positive integer of at most 18 digits, got '"
                    + abbreviate(raw) + "'");
        }
        long value = Long.parseLong(raw);
        if (value < 1) {
            throw ProblemException.badRequest(name + " must be a positive integer, got '" + raw + "'");
        }
        return value;
    }

    public static String handle(String raw, String name) {
        if (raw == null || !HANDLE.matcher(raw).matches()) {
            throw ProblemException.badRequest(name + " must match " + HANDLE.pattern() + ", got '"
                    + abbreviate(raw) + "'");
        }
        return raw;
    }

    static String abbreviate(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
