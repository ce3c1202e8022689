package io.github.keycloakpin2fa.engine.template;

import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft.IndiaDltDraft;
import io.github.keycloakpin2fa.engine.validation.TextRules;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.regex.Pattern;

/**
 * Turns a {@link MessageTemplateDraft} into a {@link MessageTemplate}, reporting every broken rule
 * of the request at once in a {@link ValidationException}.
 *
 * <ul>
 *   <li>{@code pinType}: required, one of the {@link PinType} names (exact case).</li>
 *   <li>{@code messageText}: required, at most {@value #MAX_MESSAGE_TEXT_LENGTH} characters (ten
 *       concatenated SMS), containing {@value MessageTemplate#PIN_PLACEHOLDER}.</li>
 *   <li>{@code pinLength}: {@value PinLength#MIN} to {@value PinLength#MAX}, default {@value PinLength#DEFAULT}.</li>
 *   <li>{@code senderId}: optional, not blank, at most {@value #MAX_SENDER_ID_LENGTH} characters (a
 *       numeric sender of up to 16 digits; carriers cut alphanumeric senders at 11).</li>
 *   <li>{@code language}: optional, one of the {@link Language} codes (exact case).</li>
 *   <li>{@code voiceName}: optional, not blank, at most {@value #MAX_VOICE_NAME_LENGTH} characters.</li>
 *   <li>{@code repeatDTMF}: optional, 1 to 10 of the keys {@code 0-9 * #}.</li>
 *   <li>{@code speechRate}: 0.5 to 2 inclusive, default 1.</li>
 *   <li>{@code regional.indiaDlt}: when present, {@code principalEntityId} is required; all ids are at
 *       most {@value #MAX_DLT_ID_LENGTH} characters.</li>
 * </ul>
 */
public final class MessageTemplateValidator {

    /** The longest message text, in characters. */
    public static final int MAX_MESSAGE_TEXT_LENGTH = 1600;
    /** The longest sender id, in characters. */
    public static final int MAX_SENDER_ID_LENGTH = 16;
    /** The longest voice name, in characters. */
    public static final int MAX_VOICE_NAME_LENGTH = 64;
    /** The longest India DLT id, in characters. */
    public static final int MAX_DLT_ID_LENGTH = 64;
    /** The slowest speech rate. */
    public static final double MIN_SPEECH_RATE = 0.5;
    /** The fastest speech rate. */
    public static final double MAX_SPEECH_RATE = 2.0;

    static final String PLACEHOLDER_MESSAGE = "must contain the placeholder " + MessageTemplate.PIN_PLACEHOLDER;
    static final String REPEAT_DTMF_MESSAGE = "must be 1 to 10 of the keys 0-9, * and #";
    static final String SPEECH_RATE_MESSAGE = "must be between 0.5 and 2";

    private static final Pattern REPEAT_DTMF = Pattern.compile("[0-9*#]{1,10}");
    private static final String DLT = "regional.indiaDlt.";

    private MessageTemplateValidator() {
    }

    /**
     * The template the draft describes, defaults filled in.
     *
     * @throws ValidationException listing every broken rule
     */
    public static MessageTemplate validate(MessageTemplateDraft draft) {
        MessageTemplateDraft request = draft == null
                ? new MessageTemplateDraft(null, null, null, null, null, null, null, null, null) : draft;
        ValidationErrors errors = new ValidationErrors();

        PinType pinType = TemplateRules.pinType(errors, request.pinType(), null);
        String messageText = messageText(errors, request.messageText());
        int pinLength = TemplateRules.pinLength(errors, request.pinLength());
        String senderId = TextRules.optional(errors, "senderId", request.senderId(), MAX_SENDER_ID_LENGTH);
        Language language = language(errors, request.language());
        String voiceName = TextRules.optional(errors, "voiceName", request.voiceName(), MAX_VOICE_NAME_LENGTH);
        String repeatDtmf = request.repeatDTMF();
        if (repeatDtmf != null && !REPEAT_DTMF.matcher(repeatDtmf).matches()) {
            errors.add("repeatDTMF", REPEAT_DTMF_MESSAGE);
        }
        double speechRate = speechRate(errors, request.speechRate());
        IndiaDlt regional = request.regional() == null ? null : indiaDlt(errors, request.regional().indiaDlt());

        errors.throwIfAny();
        return new MessageTemplate(pinType, pinLength, messageText, senderId, language, voiceName, repeatDtmf,
                speechRate, regional);
    }

    /**
     * An update as Infobip makes it: the fields {@code changes} carries replace the template's,
     * the ones it leaves out (null) keep their values, and the result is validated as a whole. A
     * {@code regional.indiaDlt} in the update changes only the ids it carries.
     *
     * @throws ValidationException listing every rule the merged template breaks
     */
    public static MessageTemplate update(MessageTemplate current, MessageTemplateDraft changes) {
        java.util.Objects.requireNonNull(current, "current");
        MessageTemplateDraft c = changes == null
                ? new MessageTemplateDraft(null, null, null, null, null, null, null, null, null) : changes;
        IndiaDltDraft dlt = c.regional() == null || c.regional().indiaDlt() == null ? null : c.regional().indiaDlt();
        IndiaDlt was = current.regional();
        MessageTemplateDraft.RegionalDraft regional = dlt == null
                ? (was == null ? null : new MessageTemplateDraft.RegionalDraft(new IndiaDltDraft(
                        was.principalEntityId(), was.contentTemplateId(), was.teleMarketerId())))
                : new MessageTemplateDraft.RegionalDraft(new IndiaDltDraft(
                        or(dlt.principalEntityId(), was == null ? null : was.principalEntityId()),
                        or(dlt.contentTemplateId(), was == null ? null : was.contentTemplateId()),
                        or(dlt.teleMarketerId(), was == null ? null : was.teleMarketerId())));
        return validate(new MessageTemplateDraft(
                or(c.pinType(), current.pinType().name()),
                or(c.pinLength(), current.pinLength()),
                or(c.messageText(), current.messageText()),
                or(c.senderId(), current.senderId()),
                or(c.language(), current.language() == null ? null : current.language().code()),
                or(c.voiceName(), current.voiceName()),
                or(c.repeatDTMF(), current.repeatDTMF()),
                or(c.speechRate(), current.speechRate()),
                regional));
    }

    private static <T> T or(T change, T current) {
        return change != null ? change : current;
    }

    private static String messageText(ValidationErrors errors, String text) {
        if (text == null) {
            errors.add("messageText", TextRules.NOT_NULL);
            return null;
        }
        if (TextRules.length(text) > MAX_MESSAGE_TEXT_LENGTH) {
            errors.add("messageText", TextRules.sizeMessage(MAX_MESSAGE_TEXT_LENGTH));
        }
        if (!text.contains(MessageTemplate.PIN_PLACEHOLDER)) {
            errors.add("messageText", PLACEHOLDER_MESSAGE);
        }
        return text;
    }

    private static Language language(ValidationErrors errors, String code) {
        if (code == null) {
            return null;
        }
        return Language.fromCode(code).orElseGet(() -> {
            errors.add("language", Language.ONE_OF);
            return null;
        });
    }

    private static double speechRate(ValidationErrors errors, Double rate) {
        if (rate == null) {
            return MessageTemplate.DEFAULT_SPEECH_RATE;
        }
        if (!(rate >= MIN_SPEECH_RATE && rate <= MAX_SPEECH_RATE)) { // also rejects NaN
            errors.add("speechRate", SPEECH_RATE_MESSAGE);
        }
        return rate;
    }

    private static IndiaDlt indiaDlt(ValidationErrors errors, IndiaDltDraft draft) {
        if (draft == null) {
            return null;
        }
        String principal = TextRules.required(errors, DLT + "principalEntityId", draft.principalEntityId(),
                MAX_DLT_ID_LENGTH);
        String content = TextRules.optional(errors, DLT + "contentTemplateId", draft.contentTemplateId(),
                MAX_DLT_ID_LENGTH);
        String teleMarketer = TextRules.optional(errors, DLT + "teleMarketerId", draft.teleMarketerId(),
                MAX_DLT_ID_LENGTH);
        return principal == null ? null : new IndiaDlt(principal, content, teleMarketer);
    }
}
