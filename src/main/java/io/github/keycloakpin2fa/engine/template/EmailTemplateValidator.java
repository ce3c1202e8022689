package io.github.keycloakpin2fa.engine.template;

import io.github.keycloakpin2fa.engine.validation.TextRules;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;

/**
 * Turns an {@link EmailTemplateDraft} into an {@link EmailTemplate}, reporting every broken rule of
 * the request at once in a {@link ValidationException}.
 *
 * <ul>
 *   <li>{@code emailTemplateId}: required, at least 1.</li>
 *   <li>{@code from}: optional, not blank, at most {@value #MAX_FROM_LENGTH} characters; whether it
 *       is a usable address is for the email sender to decide.</li>
 *   <li>{@code landingPageId}: optional, not blank, at most {@value #MAX_LANDING_PAGE_ID_LENGTH} characters.</li>
 *   <li>{@code pinType}: one of the {@link PinType} names, {@link PinType#NUMERIC} by default.</li>
 *   <li>{@code pinLength}: {@value PinLength#MIN} to {@value PinLength#MAX}, {@value PinLength#DEFAULT} by default.</li>
 * </ul>
 */
public final class EmailTemplateValidator {

    /** The longest {@code from}, in characters. */
    public static final int MAX_FROM_LENGTH = 320;
    /** The longest {@code landingPageId}, in characters. */
    public static final int MAX_LANDING_PAGE_ID_LENGTH = 255;

    private EmailTemplateValidator() {
    }

    /**
     * The template the draft describes, defaults filled in.
     *
     * @throws ValidationException listing every broken rule
     */
    public static EmailTemplate validate(EmailTemplateDraft draft) {
        EmailTemplateDraft request = draft == null ? new EmailTemplateDraft(null, null, null, null, null) : draft;
        ValidationErrors errors = new ValidationErrors();

        Long templateId = request.emailTemplateId();
        if (templateId == null) {
            errors.add("emailTemplateId", TextRules.NOT_NULL);
        } else if (templateId < 1) {
            errors.add("emailTemplateId", "must be greater than or equal to 1");
        }
        String from = TextRules.optional(errors, "from", request.from(), MAX_FROM_LENGTH);
        String landingPageId = TextRules.optional(errors, "landingPageId", request.landingPageId(),
                MAX_LANDING_PAGE_ID_LENGTH);
        int pinLength = TemplateRules.pinLength(errors, request.pinLength());
        PinType pinType = TemplateRules.pinType(errors, request.pinType(), PinType.NUMERIC);

        errors.throwIfAny();
        return new EmailTemplate(templateId, from, landingPageId, pinType, pinLength);
    }

    /**
     * An update as Infobip makes it: the fields {@code changes} carries replace the template's,
     * the ones it leaves out (null) keep their values, and the result is validated as a whole.
     *
     * @throws ValidationException listing every rule the merged template breaks
     */
    public static EmailTemplate update(EmailTemplate current, EmailTemplateDraft changes) {
        java.util.Objects.requireNonNull(current, "current");
        EmailTemplateDraft c = changes == null ? new EmailTemplateDraft(null, null, null, null, null) : changes;
        return validate(new EmailTemplateDraft(
                c.emailTemplateId() != null ? c.emailTemplateId() : Long.valueOf(current.emailTemplateId()),
                c.from() != null ? c.from() : current.from(),
                c.landingPageId() != null ? c.landingPageId() : current.landingPageId(),
                c.pinLength() != null ? c.pinLength() : Integer.valueOf(current.pinLength()),
                c.pinType() != null ? c.pinType() : current.pinType().name()));
    }
}
