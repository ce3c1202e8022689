package io.github.keycloakpin2fa.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The phone enrolment required action's settings, typed and with defaults. */
public final class EnrolmentConfig {

    public static final String DEFAULT_REGION = "defaultRegion";
    public static final String UNIQUE_PHONE_NUMBERS = "uniquePhoneNumbers";
    public static final String APPLICATION = PinStepConfig.APPLICATION;
    public static final String SMS_TEMPLATE = PinStepConfig.SMS_TEMPLATE;
    /** Ids: still read, no longer offered. */
    public static final String APPLICATION_ID = PinStepConfig.APPLICATION_ID;
    public static final String SMS_TEMPLATE_ID = PinStepConfig.SMS_TEMPLATE_ID;
    public static final String RESEND_COOLDOWN = PinStepConfig.RESEND_COOLDOWN;
    public static final String SET_PHONE_ATTRIBUTES = "setPhoneAttributes";
    public static final String ACCEPT_VERIFIED_PHONE_ATTRIBUTE = "acceptVerifiedPhoneAttribute";

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(DEFAULT_REGION).label("Default region").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Two-letter country code (e.g. CH) for numbers typed without a country code. "
                    + "Empty: users must type the number with its country code (+41 ...).")
            .add()
            .property().name(UNIQUE_PHONE_NUMBERS).label("Phone numbers unique in the realm").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(false)
            .helpText("Refuse a number that another user of this realm has enrolled. The user is only told the number cannot be used.")
            .add()
            .property().name(APPLICATION).label("2FA application").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Name of the application that sends the confirmation PIN. Empty: the one of the PIN login step that "
                    + "asked for the enrolment, else the realm's default login application.")
            .add()
            .property().name(SMS_TEMPLATE).label("SMS template").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Name of the application's SMS template for the confirmation PIN. Empty: the one of the PIN login "
                    + "step, else the application's first one.")
            .add()
            .property().name(RESEND_COOLDOWN).label("Resend cooldown (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(PinStepConfig.DEFAULT_COOLDOWN_SECONDS)
            .helpText("How long a user waits before asking for another PIN (0 to " + PinStepConfig.MAX_COOLDOWN_SECONDS + ").")
            .add()
            .property().name(SET_PHONE_ATTRIBUTES).label("Set phoneNumber and phoneNumberVerified").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(true)
            .helpText("After an enrolment, set the user attributes phoneNumber (E.164) and phoneNumberVerified (true), declared in the "
                    + "user profile, so the client scope 'phone' puts phone_number and phone_number_verified into tokens.")
            .add()
            .property().name(ACCEPT_VERIFIED_PHONE_ATTRIBUTE).label("Accept a verified phone attribute as enrolled")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
            .helpText("A user without an enrolled phone whose attributes say phoneNumberVerified = true (from LDAP, or set by an "
                    + "admin) gets PINs at phoneNumber without enrolling. Only for attributes users cannot edit themselves.")
            .add()
            .build();

    private final Map<String, String> values;
    private final PinStepConfig shared;

    public EnrolmentConfig(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
        this.shared = new PinStepConfig(this.values);
    }

    /** The upper-case region code, or null for international input only. */
    public String defaultRegion() {
        String value = values.get(DEFAULT_REGION);
        return value == null || value.isBlank() ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
    }

    public boolean uniquePhoneNumbers() {
        String value = values.get(UNIQUE_PHONE_NUMBERS);
        return value != null && Boolean.parseBoolean(value.strip());
    }

    public String applicationId() {
        return shared.applicationId();
    }

    public String smsTemplateId() {
        return shared.smsTemplateId();
    }

    /** Whether the action's own settings name an application or template (then they win over the step's). */
    boolean namesTargets() {
        return shared.targets().applicationName() != null || shared.targets().smsTemplateName() != null;
    }

    /** The settings the action shares with the PIN step (application, template, cooldown). */
    PinStepConfig asStepConfig() {
        return shared;
    }

    /** Whether an enrolment writes the phone to the standard attributes (default true). */
    public boolean setPhoneAttributes() {
        String value = values.get(SET_PHONE_ATTRIBUTES);
        return value == null || value.isBlank() || Boolean.parseBoolean(value.strip());
    }

    /** Whether a verified phone in the attributes counts as enrolled (default false). */
    public boolean acceptVerifiedPhoneAttribute() {
        String value = values.get(ACCEPT_VERIFIED_PHONE_ATTRIBUTE);
        return value != null && Boolean.parseBoolean(value.strip());
    }

    public int resendCooldownSeconds() {
        return shared.resendCooldownSeconds();
    }

    /** Each problem as (setting, message key); empty when the settings are usable. */
    public List<Map.Entry<String, String>> problems() {
        List<Map.Entry<String, String>> problems = new ArrayList<>();
        if (defaultRegion() != null && !PhoneNumbers.isKnownRegion(defaultRegion())) {
            problems.add(Map.entry(DEFAULT_REGION, "error-invalid-value"));
        }
        if (shared.problems().stream().anyMatch(p -> p.startsWith(RESEND_COOLDOWN))) {
            problems.add(Map.entry(RESEND_COOLDOWN, "error-number-out-of-range"));
        }
        if ((applicationId() == null) != (smsTemplateId() == null)) {
            problems.add(Map.entry(applicationId() == null ? APPLICATION_ID : SMS_TEMPLATE_ID, "error-invalid-value"));
        }
        return problems;
    }
}
