package io.github.keycloakpin2fa.engine.application;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.LimitFormat;
import io.github.keycloakpin2fa.engine.time.TimeBound;
import io.github.keycloakpin2fa.engine.time.TimeFormat;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import io.github.keycloakpin2fa.engine.validation.TextRules;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.Optional;

/**
 * Turns an {@link ApplicationDraft} into an {@link Application}, reporting every broken rule of the
 * request at once in a {@link ValidationException}.
 *
 * <ul>
 *   <li>{@code name}: required, not blank, 1 to {@value #MAX_NAME_LENGTH} characters.</li>
 *   <li>{@code enabled}: defaults to true. A missing {@code configuration} means all defaults, and so
 *       does each missing configuration field ({@link ApplicationConfiguration#DEFAULTS}).</li>
 *   <li>{@code configuration.pinAttempts}: {@value #MIN_PIN_ATTEMPTS} to {@value #MAX_PIN_ATTEMPTS}.
 *       The upper bound follows NIST SP 800-63B, which allows at most 100 consecutive failed
 *       attempts on one account.</li>
 *   <li>{@code configuration.pinTimeToLive}: time format, at most one year ({@link TimeBound#PIN_TIME_TO_LIVE}).</li>
 *   <li>{@code configuration.verifyPinLimit}: limit format, window at most one day
 *       ({@link TimeBound#VERIFY_LIMIT_WINDOW}).</li>
 *   <li>{@code configuration.sendPinPerApplicationLimit}, {@code configuration.sendPinPerPhoneNumberLimit}:
 *       limit format, window at most one year ({@link TimeBound#SEND_LIMIT_WINDOW}), so that no
 *       window overflows the clock's arithmetic.</li>
 * </ul>
 * A format error and a bound error are never both reported for one field.
 */
public final class ApplicationValidator {

    /** The longest application name, in characters. */
    public static final int MAX_NAME_LENGTH = 255;
    /** The fewest wrong tries a PIN can allow. */
    public static final int MIN_PIN_ATTEMPTS = 1;
    /** The most wrong tries a PIN can allow (NIST SP 800-63B: at most 100 consecutive failures). */
    public static final int MAX_PIN_ATTEMPTS = 100;

    private static final String PREFIX = "configuration.";

    private ApplicationValidator() {
    }

    /**
     * The application the draft describes, defaults filled in.
     *
     * @param draft the request; null is treated as an empty request
     * @throws ValidationException listing every broken rule
     */
    public static Application validate(ApplicationDraft draft) {
        ApplicationDraft request = draft == null ? new ApplicationDraft(null, null, null) : draft;
        ConfigurationDraft config = request.configuration() == null ? ConfigurationDraft.EMPTY : request.configuration();
        ApplicationConfiguration defaults = ApplicationConfiguration.DEFAULTS;
        ValidationErrors errors = new ValidationErrors();

        String name = TextRules.required(errors, "name", request.name(), MAX_NAME_LENGTH);
        int pinAttempts = pinAttempts(errors, config.pinAttempts());
        TimeLength ttl = time(errors, PREFIX + "pinTimeToLive", config.pinTimeToLive(), defaults.pinTimeToLive());
        Limit verify = limit(errors, PREFIX + "verifyPinLimit", config.verifyPinLimit(),
                defaults.verifyPinLimit(), TimeBound.VERIFY_LIMIT_WINDOW);
        Limit perApplication = limit(errors, PREFIX + "sendPinPerApplicationLimit",
                config.sendPinPerApplicationLimit(), defaults.sendPinPerApplicationLimit(), TimeBound.SEND_LIMIT_WINDOW);
        Limit perPhoneNumber = limit(errors, PREFIX + "sendPinPerPhoneNumberLimit",
                config.sendPinPerPhoneNumberLimit(), defaults.sendPinPerPhoneNumberLimit(), TimeBound.SEND_LIMIT_WINDOW);

        errors.throwIfAny();
        boolean multiple = orDefault(config.allowMultiplePinVerifications(), defaults.allowMultiplePinVerifications());
        return new Application(name, orDefault(request.enabled(), true),
                new ApplicationConfiguration(pinAttempts, multiple, ttl, verify, perApplication, perPhoneNumber));
    }

    private static int pinAttempts(ValidationErrors errors, Integer value) {
        if (value == null) {
            return ApplicationConfiguration.DEFAULTS.pinAttempts();
        }
        if (value < MIN_PIN_ATTEMPTS) {
            errors.add(PREFIX + "pinAttempts", "must be greater than or equal to " + MIN_PIN_ATTEMPTS);
        } else if (value > MAX_PIN_ATTEMPTS) {
            errors.add(PREFIX + "pinAttempts", "must be less than or equal to " + MAX_PIN_ATTEMPTS);
        }
        return value;
    }

    private static TimeLength time(ValidationErrors errors, String field, String text, TimeLength fallback) {
        if (text == null) {
            return fallback;
        }
        Optional<TimeLength> time = TimeFormat.tryParse(text);
        if (time.isEmpty()) {
            errors.add(field, TimeFormat.ERROR);
        } else if (!TimeBound.PIN_TIME_TO_LIVE.allows(time.get())) {
            errors.add(field, TimeBound.PIN_TIME_TO_LIVE.message());
        }
        return time.orElse(fallback);
    }

    private static Limit limit(ValidationErrors errors, String field, String text, Limit fallback, TimeBound bound) {
        if (text == null) {
            return fallback;
        }
        Optional<Limit> limit = LimitFormat.tryParse(text);
        if (limit.isEmpty()) {
            errors.add(field, LimitFormat.ERROR);
        } else if (bound != null && !bound.allows(limit.get().window())) {
            errors.add(field, bound.message());
        }
        return limit.orElse(fallback);
    }

    private static boolean orDefault(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
