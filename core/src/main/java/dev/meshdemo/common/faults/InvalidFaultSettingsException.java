package dev.meshdemo.common.faults;

import dev.meshdemo.common.errors.ProblemException;
import java.util.Map;

/** A fault setting out of range; a 400 that names every bad field, and nothing is applied. */
public class InvalidFaultSettingsException extends ProblemException {

    public InvalidFaultSettingsException(Map<String, Object> errors) {
        super(ProblemException.invalid("Invalid fault settings: " + errors.keySet(), errors).problem());
    }
}
