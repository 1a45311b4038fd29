package dev.meshdemo.common.faults;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The demonstration faults of one process: a share of matching requests answered 503, a share delayed.
 * Immutable, so a request always sees one consistent setting while {@code PUT /admin/faults} swaps it.
 *
 * @param errorRate share (0..1) of matching requests answered 503
 * @param delayMs   delay added to the delayed share, in milliseconds
 * @param delayRate share (0..1) of matching requests delayed
 * @param paths     regular expression over the request path; empty matches nothing
 */
public record FaultSettings(double errorRate, long delayMs, double delayRate, String paths,
                            @JsonIgnore Pattern pathPattern) {

    public static final long MAX_DELAY_MS = 60_000;
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
        if (!regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                errors.put("paths", "is not a valid regular expression: " + e.getDescription());
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
