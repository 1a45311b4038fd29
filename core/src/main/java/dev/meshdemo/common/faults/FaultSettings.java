package dev.meshdemo.common.faults;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The demonstration faults of one process: a share of matching requests answered 503, a share delayed.
 * Immutable, so a request always sees one consistent setting while {@code PUT /admin/faults} swaps it.
 *
 * @param errorRate share (0..1) of matching requests answered 503
 * @param delayMs   delay added to the delayed share, in milliseconds
 * @param delayRate share (0..1) of matching requests delayed
 * @param paths     regular expression over the request path; empty matches nothing. RE2 syntax (no
 *                  backreferences or lookaround), matched in linear time by re2j, so no pattern can make the
 *                  event loop spin; at most {@value #MAX_PATHS_LENGTH} characters
 */
@Schema(name = "FaultSettings")
public record FaultSettings(
        @Schema(minimum = "0", maximum = "1", required = true) double errorRate,
        @Schema(minimum = "0", maximum = "60000", required = true) long delayMs,
        @Schema(minimum = "0", maximum = "1", required = true) double delayRate,
        @Schema(maxLength = MAX_PATHS_LENGTH, required = true) String paths,
        @JsonIgnore @Schema(hidden = true) Pattern pathPattern) {

    public static final long MAX_DELAY_MS = 60_000;
    public static final int MAX_PATHS_LENGTH = 200;
    public static final FaultSettings OFF = new FaultSettings(0, 0, 0, "", null);

    /** Validates every value first and builds nothing unless all are valid. */
    public static FaultSettings of(double errorRate, long delayMs, double delayRate, String paths) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (!(errorRate >= 0 && errorRate <= 1)) { // also rejects NaN
            errors.put("errorRate", "must be between 0 and 1, got " + errorRate);
        }
        if (!(delayRate >= 0 && delayRate <= 1)) {
            errors.put("delayRate", "must be between 0 and 1, got " + delayRate);
        }
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            errors.put("delayMs", "must be between 0 and " + MAX_DELAY_MS + ", got " + delayMs);
        }
        Pattern pattern = null;
        String regex = paths == null ? "" : paths;
        if (regex.length() > MAX_PATHS_LENGTH) {
            errors.put("paths", "must be at most " + MAX_PATHS_LENGTH + " characters, got " + regex.length());
        } else if (!regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                errors.put("paths", "is not a valid RE2 regular expression: " + e.getDescription());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFaultSettingsException(errors);
        }
        return new FaultSettings(errorRate, delayMs, delayRate, regex, pattern);
    }

    public boolean appliesTo(String path) {
        return pathPattern != null && pathPattern.matcher(path).matches();
    }

    public boolean active() {
        return pathPattern != null && (errorRate > 0 || (delayRate > 0 && delayMs > 0));
    }
}
