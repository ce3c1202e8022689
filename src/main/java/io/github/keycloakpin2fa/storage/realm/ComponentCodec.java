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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
    static final String DLT = "regional.indiaDlt.";
    static final String SECURITY = "security.";
    static final String PUMPING = SECURITY + "pumpingProtection.";
    private static final String NO_TYPES = "NONE";

    private ComponentCodec() {
    }

    static Application application(ComponentModel m) {
        return ApplicationValidator.validate(new ApplicationDraft(m.getName(), bool(m, "enabled"),
                new ConfigurationDraft(number(m, "configuration.pinAttempts", "pinAttempts", Integer::valueOf),
                        bool(m, "allowMultiplePinVerifications"), m.get("pinTimeToLive"), m.get("verifyPinLimit"),
                        m.get("sendPinPerApplicationLimit"), m.get("sendPinPerPhoneNumberLimit"))));
    }

    static void write(ComponentModel m, Application application) {
        ApplicationConfiguration c = application.configuration();
        m.setName(application.name());
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
        if (m.getConfig().keySet().stream().noneMatch(k -> k.startsWith(SECURITY))) {
            return SendProtection.DEFAULTS;
        }
        SendProtectionDraft.PumpingDraft pumping = new SendProtectionDraft.PumpingDraft(bool(m, PUMPING + "enabled"),
                m.get(PUMPING + "window"), number(m, "security.pumpingProtection.minSends", PUMPING + "minSends", Integer::valueOf),
                number(m, "security.pumpingProtection.minConversionPercent", PUMPING + "minConversionPercent", Integer::valueOf),
                m.get(PUMPING + "throttledLimit"));
        return SendProtectionValidator.validate(new SendProtectionDraft(list(m, SECURITY + "allowedCountries"),
                list(m, SECURITY + "blockedCountries"), list(m, SECURITY + "blockedNumberTypes"),
                m.get(SECURITY + "sendPinPerCountryLimit"), pumping), region -> true);
    }

    static void write(ComponentModel m, SendProtection p) {
        m.getConfig().keySet().removeIf(k -> k.startsWith(SECURITY));
        if (p.equals(SendProtection.DEFAULTS)) {
            return;
        }
        m.getConfig().put(SECURITY + "allowedCountries", p.allowedCountries().stream().sorted().toList());
        m.getConfig().put(SECURITY + "blockedCountries", p.blockedCountries().stream().sorted().toList());
        // "NONE" stands for an empty list, which the component store would not keep.
        m.getConfig().put(SECURITY + "blockedNumberTypes", p.blockedNumberTypes().isEmpty() ? List.of(NO_TYPES)
                : p.blockedNumberTypes().stream().sorted().map(NumberType::name).toList());
        put(m, SECURITY + "sendPinPerCountryLimit", p.sendPinPerCountryLimit());
        put(m, PUMPING + "enabled", p.pumping().enabled());
        put(m, PUMPING + "window", p.pumping().window());
        put(m, PUMPING + "minSends", p.pumping().minSends());
        put(m, PUMPING + "minConversionPercent", p.pumping().minConversionPercent());
        put(m, PUMPING + "throttledLimit", p.pumping().throttledLimit());
    }

    private static List<String> list(ComponentModel m, String key) {
        List<String> values = m.getConfig().get(key);
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

    static long createdAt(ComponentModel m) {
        return m.get(CREATED_AT, 0L);
    }

    private static Boolean bool(ComponentModel m, String key) {
        String value = m.get(key);
        return value == null ? null : Boolean.valueOf(value);
    }

    private static <T> T number(ComponentModel m, String field, String key, Function<String, T> parse) {
        String value = m.get(key);
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
