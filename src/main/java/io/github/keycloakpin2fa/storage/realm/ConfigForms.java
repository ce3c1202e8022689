package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The config properties of each stored concept: what realm export keeps, what the admin REST API
 * accepts on update, and what the admin console's pages show (label, help, type, default).
 * Bookkeeping keys have the type {@link #HIDDEN}, for which the console has no editor: they are
 * kept and exported but not shown.
 */
public final class ConfigForms {

    /** A property type the admin console renders nothing for. */
    public static final String HIDDEN = "Hidden";

    private static final ApplicationConfiguration DEFAULTS = ApplicationConfiguration.DEFAULTS;
    private static final SendProtection PROTECTION = SendProtection.DEFAULTS;

    public static final List<ProviderConfigProperty> APPLICATION = ProviderConfigurationBuilder.create()
            .property().name(ComponentCodec.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("What the application is called; the PIN login step picks its application by this name.").add()
            .property().name("enabled").label("Enabled").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
            .helpText("Off: the application sends no PINs (there is no delete in Infobip's API; switch it off instead).").add()
            .property().name("pinAttempts").label("PIN attempts").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(String.valueOf(DEFAULTS.pinAttempts()))
            .helpText("Wrong PINs allowed per PIN, 1 to 100.").add()
            .property().name("pinTimeToLive").label("PIN time to live").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULTS.pinTimeToLive().toString())
            .helpText("How long a PIN is valid: a number and a unit ms, s, m, h or d, such as 5m.").add()
            .property().name("verifyPinLimit").label("Verify limit").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULTS.verifyPinLimit().toString())
            .helpText("At most this many verifications per PIN and interval, such as 1/3s.").add()
            .property().name("sendPinPerApplicationLimit").label("Send limit per application").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULTS.sendPinPerApplicationLimit().toString())
            .helpText("At most this many PINs sent by the whole application per interval, such as 10000/1d.").add()
            .property().name("sendPinPerPhoneNumberLimit").label("Send limit per phone number").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULTS.sendPinPerPhoneNumberLimit().toString())
            .helpText("At most this many PINs sent to one phone number per interval, such as 3/1d.").add()
            .property().name("allowMultiplePinVerifications").label("Allow multiple PIN verifications")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(DEFAULTS.allowMultiplePinVerifications()))
            .helpText("On: a verified PIN stays verifiable until it expires. Off: the first success uses it up.").add()
            .property().name(ComponentCodec.ALLOWED_COUNTRIES).label("Allowed countries")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Two-letter country codes such as CH or DE: PINs go only to numbers of these countries. Empty: all countries.").add()
            .property().name(ComponentCodec.BLOCKED_COUNTRIES).label("Blocked countries")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Two-letter country codes such as CH or DE: PINs never go to numbers of these countries.").add()
            .property().name(ComponentCodec.BLOCKED_NUMBER_TYPES).label("Blocked number types")
            .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE).options(numberTypes())
            .helpText("PINs never go to numbers of these types. Empty: the high-cost ranges "
                    + SendProtection.HIGH_COST.stream().map(Enum::name).sorted().toList()
                    + "; " + ComponentCodec.NO_TYPES + ": no type is blocked.").add()
            .property().name(ComponentCodec.PER_COUNTRY_LIMIT).label("Send limit per country")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PROTECTION.sendPinPerCountryLimit().toString())
            .helpText("At most this many PINs to one destination country per interval (at most 1d), such as 1000/1h.").add()
            .property().name(ComponentCodec.PUMPING_ENABLED).label("SMS pumping protection")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(PROTECTION.pumping().enabled()))
            .helpText("On: a country whose PINs are rarely verified (SMS pumping) gets only the throttled limit below, "
                    + "except for logins to a confirmed phone.").add()
            .property().name(ComponentCodec.PUMPING_WINDOW).label("Pumping: window")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PROTECTION.pumping().window().toString())
            .helpText("The interval the conversion (verified per sent) is measured over, at most 1d, such as 1h.").add()
            .property().name(ComponentCodec.PUMPING_MIN_SENDS).label("Pumping: minimum sends")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PROTECTION.pumping().minSends()))
            .helpText("Below this many PINs to a country in the window, no conversion counts as pumping.").add()
            .property().name(ComponentCodec.PUMPING_MIN_CONVERSION).label("Pumping: minimum conversion (%)")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PROTECTION.pumping().minConversionPercent()))
            .helpText("0 to 100: fewer verified PINs per 100 sent to a country means pumping.").add()
            .property().name(ComponentCodec.PUMPING_THROTTLED_LIMIT).label("Pumping: throttled limit")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PROTECTION.pumping().throttledLimit().toString())
            .helpText("The budget of a country while pumping is detected there, such as 10/1h.").add()
            .property().name(ComponentCodec.PROCESS_ID).type(HIDDEN).add()
            .property().name(ComponentCodec.CREATED_AT).type(HIDDEN).add()
            .build();

    public static final List<ProviderConfigProperty> MESSAGE_TEMPLATE = ProviderConfigurationBuilder.create()
            .property().name(ComponentCodec.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("What the template is called; the PIN login step picks its template by this name.").add()
            .property().name(ComponentCodec.APPLICATION).label("Application").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("The name of the 2FA application this template belongs to.").add()
            .property().name("messageText").label("Message text").type(ProviderConfigProperty.TEXT_TYPE).required(true)
            .helpText("The text sent by SMS or read out by voice; {{pin}} is replaced by the PIN.").add()
            .property().name("pinType").label("PIN type").type(ProviderConfigProperty.LIST_TYPE).options(pinTypes())
            .defaultValue(PinType.NUMERIC.name()).helpText("Which characters the PIN has.").add()
            .property().name("pinLength").label("PIN length").type(ProviderConfigProperty.STRING_TYPE).defaultValue("6")
            .helpText("4 to 12 characters; 6 or more recommended.").add()
            .property().name("senderId").label("Sender").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The SMS sender name or number, if the provider allows one.").add()
            .property().name("language").label("Language").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Language of the voice message, such as en or de.").add()
            .property().name("voiceName").label("Voice name").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The voice that reads the PIN (Infobip voice names).").add()
            .property().name("repeatDTMF").label("Repeat key").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("A key the callee presses to hear the PIN again, such as 1#.").add()
            .property().name("speechRate").label("Speech rate").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("0.5 to 2; 1 is normal speed.").add()
            .property().name(ComponentCodec.DLT + "principalEntityId").type(HIDDEN).add()
            .property().name(ComponentCodec.DLT + "contentTemplateId").type(HIDDEN).add()
            .property().name(ComponentCodec.DLT + "teleMarketerId").type(HIDDEN).add()
            .property().name(ComponentCodec.APPLICATION_ID).type(HIDDEN).add()
            .property().name(ComponentCodec.CREATED_AT).type(HIDDEN).add()
            .build();

    public static final List<ProviderConfigProperty> EMAIL_TEMPLATE = ProviderConfigurationBuilder.create()
            .property().name(ComponentCodec.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("What the template is called; the PIN login step picks its template by this name.").add()
            .property().name(ComponentCodec.APPLICATION).label("Application").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("The name of the 2FA application this template belongs to.").add()
            .property().name("from").label("From").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Sender address; empty: the realm's email sender.").add()
            .property().name("pinType").label("PIN type").type(ProviderConfigProperty.LIST_TYPE).options(pinTypes())
            .defaultValue(PinType.NUMERIC.name()).helpText("Which characters the PIN has.").add()
            .property().name("pinLength").label("PIN length").type(ProviderConfigProperty.STRING_TYPE).defaultValue("6")
            .helpText("4 to 12 characters; 6 or more recommended.").add()
            .property().name("emailTemplateId").label("Infobip email template id").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("1").helpText("Kept for Infobip's API; the email itself comes from the realm's email theme.").add()
            .property().name("landingPageId").type(HIDDEN).add()
            .property().name(ComponentCodec.APPLICATION_ID).type(HIDDEN).add()
            .property().name(ComponentCodec.CREATED_AT).type(HIDDEN).add()
            .build();

    public static final List<ProviderConfigProperty> API_KEY = ProviderConfigurationBuilder.create()
            .property().name(ComponentCodec.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("Who uses the key, such as 'billing service'.").add()
            .property().name(ComponentCodec.SCOPES).label("Scopes").type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
            .options(ApiScope.KNOWN).defaultValue(ApiScope.PIN_SEND)
            .helpText("2fa:pin:send: send and verify PINs. 2fa:manage: also applications and templates.").add()
            .property().name(ComponentCodec.ALLOWED_APPLICATIONS).label("Allowed applications")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Names of the 2FA applications the key may use. Empty: all of them.").add()
            .property().name(ComponentCodec.APPLICATIONS).type(HIDDEN).add()
            .property().name(ComponentCodec.SHOWN_KEY).label("API key").type(ProviderConfigProperty.PASSWORD)
            .helpText("A new key, made by the server for this form. Copy it before you save (the eye shows it): "
                    + "only a hash of it is kept, and it is never shown again. For another key, reload the page.").add()
            .property().name(ComponentCodec.SECRET_HASH).type(HIDDEN).secret(true).add()
            .property().name(ComponentCodec.CREATED_AT).type(HIDDEN).add()
            .build();

    private ConfigForms() {
    }

    /**
     * The API key's form with {@code newKey} as the key field's default: the admin console's create
     * form shows it (the console reads the forms once per page load). The other properties are shared.
     */
    public static List<ProviderConfigProperty> apiKeyForm(String newKey) {
        return API_KEY.stream().map(p -> {
            if (!p.getName().equals(ComponentCodec.SHOWN_KEY)) {
                return p;
            }
            ProviderConfigProperty withKey = new ProviderConfigProperty(p.getName(), p.getLabel(), p.getHelpText(), p.getType(), newKey);
            withKey.setSecret(p.isSecret());
            return withKey;
        }).toList();
    }

    /** The names of the properties, the keys a component of this kind may keep. */
    static Set<String> keys(List<ProviderConfigProperty> properties) {
        return properties.stream().map(ProviderConfigProperty::getName).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> numberTypes() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(ComponentCodec.NO_TYPES),
                Arrays.stream(NumberType.values()).map(Enum::name)).toList();
    }

    private static List<String> pinTypes() {
        return Arrays.stream(PinType.values()).map(Enum::name).toList();
    }
}
