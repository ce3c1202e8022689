package io.github.keycloakpin2fa.engine.validation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Collects the validation errors of one request, field by field, so that a request is answered
 * with all of its errors at once rather than one per round trip.
 *
 * <p>Fields are named by Infobip's JSON paths ({@code name}, {@code configuration.pinTimeToLive},
 * {@code regional.indiaDlt.principalEntityId}, ...). Fields keep the order in which their first
 * error was added; a field's messages keep their order. {@link #text()} renders Infobip's
 * {@code serviceException.text}: {@code [name : may not be null, pinLength : must be between 4 and 12]}.
 *
 * <p>Messages never contain a PIN.
 */
public final class ValidationErrors implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, List<String>> errors = new LinkedHashMap<>();

    /** An empty collector. */
    public ValidationErrors() {
    }

    /** A collector holding one error. */
    public static ValidationErrors of(String field, String message) {
        return new ValidationErrors().add(field, message);
    }

    /** Adds {@code message} to {@code field}; returns this collector. */
    public ValidationErrors add(String field, String message) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
        return this;
    }

    /** True when no error was added. */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** True when {@code field} has at least one error. */
    public boolean hasErrors(String field) {
        return errors.containsKey(field);
    }

    /** An unmodifiable snapshot: field to its messages, in insertion order. */
    public Map<String, List<String>> asMap() {
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        return Collections.unmodifiableMap(copy);
    }

    /** Infobip's text: every {@code field : message} joined with {@code ", "} in one pair of brackets. */
    public String text() {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        errors.forEach((field, messages) -> messages.forEach(m -> joiner.add(field + " : " + m)));
        return joiner.toString();
    }

    /** Throws a {@link ValidationException} carrying a copy of these errors, unless there are none. */
    public void throwIfAny() {
        if (!isEmpty()) {
            throw new ValidationException(this);
        }
    }

    ValidationErrors copy() {
        ValidationErrors copy = new ValidationErrors();
        errors.forEach((field, messages) -> messages.forEach(m -> copy.add(field, m)));
        return copy;
    }

    @Override
    public String toString() {
        return text();
    }
}
