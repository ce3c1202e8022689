package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.application.ApplicationDraft;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;
import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.guard.SendProtectionDraft;
import io.github.keycloakpin2fa.engine.guard.SendProtectionValidator;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.EmailTemplateDraft;
import io.github.keycloakpin2fa.engine.template.EmailTemplateValidator;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.keycloak.component.ComponentModel;

/**
 * Reads and writes our components' config with the engine's field names, so a realm export reads
 * like the API's JSON. Reading validates with the engine's validators.
 */
final class ComponentCodec {

    static final String CREATED_AT = "createdAt";
    static final String PROCESS_ID = "processId";
    static final String SCOPES = "scopes";
    static final String APPLICATIONS = "applications";
    static final String SECRET_HASH = "secretHash";
    /**
     * The console form's key field: a new key in the create form (the field's default), handed back
     * on save; a stored key keeps {@link #KEY_SHOWN_ONCE} here instead, which the edit form shows
     * in place of that default.
     */
    static final String SHOWN_KEY = "apiKey";
    static final String KEY_SHOWN_ONCE = "(shown once, when the key was made)";
    static final String DLT = "regional.indiaDlt.";
    /** The display name, in config too: the admin console's pages edit config only. */
    static final String NAME = "name";
    /** A template's application (templates are realm-level components, so the console can edit them). */
    static final String APPLICATION_ID = "applicationId";
    /** A template's application by name, as the admin console shows and picks it. */
    static final String APPLICATION = "application";
    /*
     * An application's protection (the API's "security" object), in keys without dots: the admin
     * console's forms cannot edit a key with a dot. The first keys ("security.allowedCountries",
     * "security.pumpingProtection.window", ...) are still read, and moved on the next write.
     */
    static final String ALLOWED_COUNTRIES = "allowedCountries";
    static final String BLOCKED_COUNTRIES = "blockedCountries";
    static final String BLOCKED_NUMBER_TYPES = "blockedNumberTypes";
    static final String PER_COUNTRY_LIMIT = "sendPinPerCountryLimit";
    static final String PUMPING_ENABLED = "pumpingProtection";
    static final String PUMPING_WINDOW = "pumpingWindow";
    static final String PUMPING_MIN_SENDS = "pumpingMinSends";
    static final String PUMPING_MIN_CONVERSION = "pumpingMinConversionPercent";
    static final String PUMPING_THROTTLED_LIMIT = "pumpingThrottledLimit";
    private static final String SECURITY = "security.";
    private static final String PUMPING = SECURITY + "pumpingProtection.";
    /** Each protection key and its first, dotted key. */
    static final Map<String, String> PROTECTION_KEYS = Map.of(ALLOWED_COUNTRIES, SECURITY + "allowedCountries",
            BLOCKED_COUNTRIES, SECURITY + "blockedCountries", BLOCKED_NUMBER_TYPES, SECURITY + "blockedNumberTypes",
            PER_COUNTRY_LIMIT, SECURITY + "sendPinPerCountryLimit", PUMPING_ENABLED, PUMPING + "enabled",
            PUMPING_WINDOW, PUMPING + "window", PUMPING_MIN_SENDS, PUMPING + "minSends",
            PUMPING_MIN_CONVERSION, PUMPING + "minConversionPercent", PUMPING_THROTTLED_LIMIT, PUMPING + "throttledLimit");
    /** "NONE" stands for an empty list of blocked number types, which the component store would not keep. */
    static final String NO_TYPES = "NONE";
    /** An API key's applications by name, as the admin console shows and picks them ({@link #APPLICATIONS}: their ids). */
    static final String ALLOWED_APPLICATIONS = "allowedApplications";

    private ComponentCodec() {
    }

    static Application application(ComponentModel m) {
        return ApplicationValidator.validate(new ApplicationDraft(name(m), bool(m, "enabled"),
                new ConfigurationDraft(number(m, "configuration.pinAttempts", "pinAttempts", Integer::valueOf),
                        bool(m, "allowMultiplePinVerifications"), m.get("pinTimeToLive"), m.get("verifyPinLimit"),
                        m.get("sendPinPerApplicationLimit"), m.get("sendPinPerPhoneNumberLimit"))));
    }

    static void write(ComponentModel m, Application application) {
        ApplicationConfiguration c = application.configuration();
        m.setName(application.name());
        put(m, NAME, application.name());
        put(m, "enabled", application.enabled());
        put(m, "pinAttempts", c.pinAttempts());
        put(m, "allowMultiplePinVerifications", c.allowMultiplePinVerifications());
        put(m, "pinTimeToLive", c.pinTimeToLive());
        put(m, "verifyPinLimit", c.verifyPinLimit());
        put(m, "sendPinPerApplicationLimit", c.sendPinPerApplicationLimit());
        put(m, "sendPinPerPhoneNumberLimit", c.sendPinPerPhoneNumberLimit());
    }

    /**
     * The application's send protection, from {@code security.*} keys; none means the defaults.
     * Region codes were checked against libphonenumber when the API stored them; here only
     * their form is checked (an imported unknown code matches no number).
     */
    static SendProtection protection(ComponentModel m) {
        return protection(m, region -> true);
    }

    /** As {@link #protection(ComponentModel)}, with region codes checked by {@code knownRegion}. */
    static SendProtection protection(ComponentModel m, Predicate<String> knownRegion) {
        if (!hasProtection(m)) {
            return SendProtection.DEFAULTS;
        }
        SendProtectionDraft.PumpingDraft pumping = new SendProtectionDraft.PumpingDraft(
                one(m, PUMPING_ENABLED) == null ? null : Boolean.valueOf(one(m, PUMPING_ENABLED)), one(m, PUMPING_WINDOW),
                parsed(PUMPING + "minSends", one(m, PUMPING_MIN_SENDS), Integer::valueOf),
                parsed(PUMPING + "minConversionPercent", one(m, PUMPING_MIN_CONVERSION), Integer::valueOf),
                one(m, PUMPING_THROTTLED_LIMIT));
        return SendProtectionValidator.validate(new SendProtectionDraft(list(m, ALLOWED_COUNTRIES),
                list(m, BLOCKED_COUNTRIES), list(m, BLOCKED_NUMBER_TYPES), one(m, PER_COUNTRY_LIMIT), pumping), knownRegion);
    }

    /** Whether the application has protection settings of its own (else the defaults apply). */
    static boolean hasProtection(ComponentModel m) {
        return PROTECTION_KEYS.entrySet().stream()
                .anyMatch(e -> m.getConfig().containsKey(e.getKey()) || m.getConfig().containsKey(e.getValue()));
    }

    /** Moves the first, dotted protection keys to the current ones (where those are not set). */
    static void moveDottedProtectionKeys(ComponentModel m) {
        PROTECTION_KEYS.forEach((key, dotted) -> {
            List<String> values = m.getConfig().remove(dotted);
            if (values != null && !m.getConfig().containsKey(key)) {
                m.getConfig().put(key, values);
            }
        });
    }

    static void write(ComponentModel m, SendProtection p) {
        removeProtection(m);
        if (p.equals(SendProtection.DEFAULTS)) {
            return;
        }
        writeEvery(m, p);
    }

    /** Every field of the protection, defaults included (what the admin console's form shows). */
    static void writeEvery(ComponentModel m, SendProtection p) {
        removeProtection(m);
        m.getConfig().put(ALLOWED_COUNTRIES, p.allowedCountries().stream().sorted().toList());
        m.getConfig().put(BLOCKED_COUNTRIES, p.blockedCountries().stream().sorted().toList());
        // "NONE" stands for an empty list, which the component store would not keep.
        m.getConfig().put(BLOCKED_NUMBER_TYPES, p.blockedNumberTypes().isEmpty() ? List.of(NO_TYPES)
                : p.blockedNumberTypes().stream().sorted().map(NumberType::name).toList());
        put(m, PER_COUNTRY_LIMIT, p.sendPinPerCountryLimit());
        put(m, PUMPING_ENABLED, p.pumping().enabled());
        put(m, PUMPING_WINDOW, p.pumping().window());
        put(m, PUMPING_MIN_SENDS, p.pumping().minSends());
        put(m, PUMPING_MIN_CONVERSION, p.pumping().minConversionPercent());
        put(m, PUMPING_THROTTLED_LIMIT, p.pumping().throttledLimit());
    }

    private static void removeProtection(ComponentModel m) {
        PROTECTION_KEYS.forEach((key, dotted) -> {
            m.getConfig().remove(key);
            m.getConfig().remove(dotted);
        });
    }

    /** A protection key's values, from its current key or its first, dotted one. */
    private static List<String> values(ComponentModel m, String key) {
        List<String> values = m.getConfig().get(key);
        return values != null ? values : m.getConfig().get(PROTECTION_KEYS.get(key));
    }

    private static String one(ComponentModel m, String key) {
        List<String> values = values(m, key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<String> list(ComponentModel m, String key) {
        List<String> values = values(m, key);
        return values == null ? null : values.stream().filter(v -> !v.isEmpty() && !NO_TYPES.equals(v)).toList();
    }

    static MessageTemplate messageTemplate(ComponentModel m) {
        MessageTemplateDraft.RegionalDraft regional = m.get(DLT + "principalEntityId") == null
                && m.get(DLT + "contentTemplateId") == null && m.get(DLT + "teleMarketerId") == null
                ? null
                : new MessageTemplateDraft.RegionalDraft(new MessageTemplateDraft.IndiaDltDraft(
                        m.get(DLT + "principalEntityId"), m.get(DLT + "contentTemplateId"), m.get(DLT + "teleMarketerId")));
        return MessageTemplateValidator.validate(new MessageTemplateDraft(m.get("pinType"),
                number(m, "pinLength", "pinLength", Integer::valueOf), m.get("messageText"), m.get("senderId"),
                m.get("language"), m.get("voiceName"), m.get("repeatDTMF"),
                number(m, "speechRate", "speechRate", Double::valueOf), regional));
    }

    static void write(ComponentModel m, MessageTemplate t) {
        put(m, "pinType", t.pinType());
        put(m, "pinLength", t.pinLength());
        put(m, "messageText", t.messageText());
        put(m, "senderId", t.senderId());
        put(m, "language", t.language() == null ? null : t.language().code());
        put(m, "voiceName", t.voiceName());
        put(m, "repeatDTMF", t.repeatDTMF());
        put(m, "speechRate", t.speechRate());
        put(m, DLT + "principalEntityId", t.regional() == null ? null : t.regional().principalEntityId());
        put(m, DLT + "contentTemplateId", t.regional() == null ? null : t.regional().contentTemplateId());
        put(m, DLT + "teleMarketerId", t.regional() == null ? null : t.regional().teleMarketerId());
    }

    static EmailTemplate emailTemplate(ComponentModel m) {
        return EmailTemplateValidator.validate(new EmailTemplateDraft(
                number(m, "emailTemplateId", "emailTemplateId", Long::valueOf), m.get("from"), m.get("landingPageId"),
                number(m, "pinLength", "pinLength", Integer::valueOf), m.get("pinType")));
    }

    static void write(ComponentModel m, EmailTemplate t) {
        put(m, "emailTemplateId", t.emailTemplateId());
        put(m, "from", t.from());
        put(m, "landingPageId", t.landingPageId());
        put(m, "pinLength", t.pinLength());
        put(m, "pinType", t.pinType());
    }

    static StoredApiKey apiKey(ComponentModel m) {
        if (m.getName() == null || m.getName().isBlank()) {
            throw ValidationException.of("name", "may not be blank");
        }
        String hash = m.get(SECRET_HASH);
        if (hash == null || hash.isBlank()) {
            throw ValidationException.of(SECRET_HASH, "may not be null");
        }
        Set<String> scopes = new TreeSet<>(m.getConfig().getList(SCOPES));
        for (String scope : scopes) {
            if (!ApiScope.isKnown(scope)) {
                throw ValidationException.of(SCOPES, "unknown scope " + scope + "; known: " + ApiScope.KNOWN);
            }
        }
        // Not getList: it would add the missing key to the shared, cached config (a concurrent write).
        List<String> listed = m.getConfig().get(APPLICATIONS);
        Set<String> applications = listed == null ? new TreeSet<>() : new TreeSet<>(listed);
        return new StoredApiKey(m.getId(), m.getName(), scopes, hash, m.get(CREATED_AT, 0L), applications);
    }

    /** The name in config (what the console edits), else the component's name. */
    static String name(ComponentModel m) {
        String name = m.get(NAME);
        return name == null || name.isBlank() ? m.getName() : name.strip();
    }

    /** A template's application: its config, or (templates stored before 0.2) its parent component. */
    static String applicationIdOf(ComponentModel m) {
        String id = m.get(APPLICATION_ID);
        return id == null || id.isBlank() ? m.getParentId() : id.strip();
    }

    static long createdAt(ComponentModel m) {
        return m.get(CREATED_AT, 0L);
    }

    private static Boolean bool(ComponentModel m, String key) {
        String value = m.get(key);
        return value == null ? null : Boolean.valueOf(value);
    }

    private static <T> T number(ComponentModel m, String field, String key, Function<String, T> parse) {
        return parsed(field, m.get(key), parse);
    }

    private static <T> T parsed(String field, String value, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.of(field, "must be a number");
        }
    }

    private static void put(ComponentModel m, String key, Object value) {
        if (value == null) {
            m.getConfig().remove(key);
        } else {
            m.put(key, value.toString());
        }
    }
}
