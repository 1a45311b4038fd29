package dev.meshdemo.common.errors;

/**
 * The formats of identifiers, shared by the constraints {@link dev.meshdemo.common.validation.Handle} and
 * {@link dev.meshdemo.common.validation.PositiveId} (which publish them in /q/openapi) and by code that needs
 * the number behind a validated id. ASCII only: {@code ١} and {@code １} are not digits here.
 */
public final class Ids {

    /** User ids and other handles: short, URL-safe, lower-case led (e.g. {@code user1}). */
    public static final String HANDLE = "^[a-z][a-z0-9_-]{1,31}$";

    /** A positive number of at most 18 ASCII digits, without sign or leading zero (fits a {@code long}). */
    public static final String POSITIVE_ID = "^[1-9][0-9]{0,17}$";

    private Ids() {
    }

    /** The value of an id that {@code @PositiveId} has already checked. */
    public static long number(String validatedId) {
        return Long.parseLong(validatedId);
    }
}
