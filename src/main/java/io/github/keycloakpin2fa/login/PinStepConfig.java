package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.service.StepTargets;
import io.github.keycloakpin2fa.storage.realm.LoginDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The PIN login step's settings (the execution's authenticator config), typed and with defaults.
 * The step needs none: without an application it uses the realm's default login application and
 * templates; an admin names them (application and template names, as the admin console shows
 * them); ids still work for settings written before names existed. Keycloak has no hook to
 * reject bad authenticator settings when they are saved, so {@link #problems()} says what is
 * wrong and the step refuses to run with them.
 */
public final class PinStepConfig {

    public static final String APPLICATION = "application";
    public static final String SMS_TEMPLATE = "smsTemplate";
    public static final String EMAIL_TEMPLATE = "emailTemplate";
    /** Ids: still read, no longer offered (an admin picks by name). */
    public static final String APPLICATION_ID = "applicationId";
    public static final String SMS_TEMPLATE_ID = "smsTemplateId";
    public static final String EMAIL_TEMPLATE_ID = "emailTemplateId";
    public static final String RESEND_COOLDOWN = "resendCooldownSeconds";
    public static final String ALLOW_VOICE = "allowVoice";
    public static final String ALLOW_EMAIL = "allowEmail";
    public static final String ASK_TO_ENROL = "askToEnrol";
    public static final String ALLOW_BELOW_ASVS = "allowPinsBelowAsvs";

    public static final int DEFAULT_COOLDOWN_SECONDS = 30;
    public static final int MAX_COOLDOWN_SECONDS = 3600;

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(APPLICATION).label("2FA application").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Name of the realm's 2FA application whose attempts, time to live and limits apply. Empty: the "
                    + "realm's default login application '" + LoginDefaults.APPLICATION_NAME + "', created when first needed "
                    + "(6 digits, 5 minutes, 5 attempts) and editable under 2FA applications.")
            .add()
            .property().name(SMS_TEMPLATE).label("SMS and voice template").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Name of the application's SMS and voice template. Empty: the application's first one.")
            .add()
            .property().name(EMAIL_TEMPLATE).label("Email template").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Name of the application's email template, for 'Allow send by email'. Empty: the application's first one.")
            .add()
            .property().name(RESEND_COOLDOWN).label("Resend cooldown (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(DEFAULT_COOLDOWN_SECONDS)
            .helpText("How long a user waits before asking for another PIN (0 to " + MAX_COOLDOWN_SECONDS + ").")
            .add()
            .property().name(ALLOW_VOICE).label("Allow 'call me instead'").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(false)
            .helpText("Offer a voice call that reads the PIN to the enrolled phone.")
            .add()
            .property().name(ALLOW_EMAIL).label("Allow 'send by email'").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(false)
            .helpText("Offer to send the PIN to the user's verified email address instead.")
            .add()
            .property().name(ASK_TO_ENROL).label("Ask users without a phone to enrol").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(true)
            .helpText("When a user without an enrolled phone reaches this required step, ask them to enrol one. "
                    + "Off: such users cannot log in through this step.")
            .add()
            .property().name(ALLOW_BELOW_ASVS).label("Allow PINs below OWASP ASVS (not recommended)")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(false)
            .helpText("Off (the default): the step refuses to run when its PINs have fewer than 20 bits of entropy "
                    + "(e.g. under 6 digits) or live longer than 10 minutes (OWASP ASVS 5.0 V6.5.4, V6.5.5). "
                    + "On: such PINs are used anyway.")
            .add()
            .build();

    private final Map<String, String> values;

    public PinStepConfig(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    public String applicationId() {
        return text(APPLICATION_ID);
    }

    /** What the settings say about the application and templates (all may be missing). */
    public StepTargets.Choice targets() {
        return new StepTargets.Choice(applicationId(), text(APPLICATION), smsTemplateId(), text(SMS_TEMPLATE),
                emailTemplateId(), text(EMAIL_TEMPLATE));
    }

    public String smsTemplateId() {
        return text(SMS_TEMPLATE_ID);
    }

    public String emailTemplateId() {
        return text(EMAIL_TEMPLATE_ID);
    }

    /** The cooldown, or the default when the setting is missing or not a whole number in range. */
    public int resendCooldownSeconds() {
        Integer value = cooldownOrNull();
        return value == null ? DEFAULT_COOLDOWN_SECONDS : value;
    }

    public boolean allowVoice() {
        return flag(ALLOW_VOICE, false);
    }

    /** Email is offered when it is allowed (and the application has an email template). */
    public boolean allowEmail() {
        return flag(ALLOW_EMAIL, false);
    }

    /** The admin's explicit override of the ASVS checks on PIN entropy and life. */
    public boolean allowBelowAsvs() {
        return flag(ALLOW_BELOW_ASVS, false);
    }

    public boolean askToEnrol() {
        return flag(ASK_TO_ENROL, true);
    }

    /** What is wrong with these settings, for the server log; empty when they are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (text(RESEND_COOLDOWN) != null && cooldownOrNull() == null) {
            problems.add(RESEND_COOLDOWN + " must be a whole number from 0 to " + MAX_COOLDOWN_SECONDS);
        }
        return problems;
    }

    private Integer cooldownOrNull() {
        String raw = text(RESEND_COOLDOWN);
        if (raw == null) {
            return DEFAULT_COOLDOWN_SECONDS;
        }
        try {
            int value = Integer.parseInt(raw);
            return value >= 0 && value <= MAX_COOLDOWN_SECONDS ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String text(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private boolean flag(String key, boolean fallback) {
        String value = text(key);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }
}
