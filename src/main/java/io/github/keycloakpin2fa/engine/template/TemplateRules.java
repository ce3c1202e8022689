package io.github.keycloakpin2fa.engine.template;

import io.github.keycloakpin2fa.engine.validation.TextRules;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;

/** The rules that SMS, voice and email templates share: pin type and pin length. */
final class TemplateRules {

    private TemplateRules() {
    }

    /** The named pin type, {@code fallback} when missing (null fallback: required), or null after an error. */
    static PinType pinType(ValidationErrors errors, String name, PinType fallback) {
        if (name == null) {
            if (fallback == null) {
                errors.add("pinType", TextRules.NOT_NULL);
            }
            return fallback;
        }
        return PinType.fromName(name).orElseGet(() -> {
            errors.add("pinType", PinType.ONE_OF);
            return null;
        });
    }

    /** The length, {@link PinLength#DEFAULT} when missing. */
    static int pinLength(ValidationErrors errors, Integer length) {
        if (length == null) {
            return PinLength.DEFAULT;
        }
        if (!PinLength.isValid(length)) {
            errors.add("pinLength", PinLength.MESSAGE);
        }
        return length;
    }
}
