package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every write of one of our components goes through, whoever writes it (the 2FA API, the
 * admin console's pages, the admin REST API's component endpoints, a realm import): Keycloak
 * calls {@code validateConfiguration} before it stores the component, and the changes made here
 * are stored with it. Unknown keys are dropped, the name is kept in config and as the component's
 * name, a template's application is found by its name, and the engine's validators decide.
 */
public final class ComponentRules {

    private ComponentRules() {
    }

    /** The properties of one of our provider ids. */
    public static List<ProviderConfigProperty> properties(String providerId) {
        return switch (providerId) {
            case ApplicationComponentFactory.ID -> ConfigForms.APPLICATION;
            case MessageTemplateComponentFactory.ID -> ConfigForms.MESSAGE_TEMPLATE;
            case EmailTemplateComponentFactory.ID -> ConfigForms.EMAIL_TEMPLATE;
            case ApiKeyComponentFactory.ID -> ConfigForms.API_KEY;
            default -> throw new IllegalArgumentException(providerId);
        };
    }

    /**
     * Completes and checks the component in place. Messages quote with double quotes: Keycloak
     * formats a component's validation message with {@code MessageFormat}, which drops single ones.
     *
     * @throws ComponentValidationException with the engine's message, naming the field
     */
    public static void check(RealmModel realm, ComponentModel m, long nowMillis) {
        check(realm, m, nowMillis, region -> true);
    }

    /**
     * As {@link #check(RealmModel, ComponentModel, long)}, with an application's country codes
     * checked by {@code knownRegion} (the admin console's pages check them as the API does).
     */
    public static void check(RealmModel realm, ComponentModel m, long nowMillis, Predicate<String> knownRegion) {
        try {
            normalize(realm, m, nowMillis);
            switch (m.getProviderId()) {
                case ApplicationComponentFactory.ID -> {
                    ComponentCodec.application(m);
                    protection(m, knownRegion);
                }
                case MessageTemplateComponentFactory.ID -> ComponentCodec.messageTemplate(m);
                case EmailTemplateComponentFactory.ID -> ComponentCodec.emailTemplate(m);
                case ApiKeyComponentFactory.ID -> ComponentCodec.apiKey(m);
                default -> throw new IllegalArgumentException("unknown provider " + m.getProviderId());
            }
        } catch (ValidationException e) {
            throw new ComponentValidationException(e.errors().text());
        } catch (RuntimeException e) {
            throw new ComponentValidationException("Invalid " + m.getProviderId() + " component " + m.getId() + ": " + e.getMessage());
        }
    }

    private static void normalize(RealmModel realm, ComponentModel m, long nowMillis) {
        if (m.getId() == null) {
            // Ids in Infobip's shape (32 hex digits), also for components the console creates.
            m.setId(PinIds.newPinId());
        }
        if (ApplicationComponentFactory.ID.equals(m.getProviderId())) {
            ComponentCodec.moveDottedProtectionKeys(m);
        }
        Set<String> keys = ConfigForms.keys(properties(m.getProviderId()));
        m.getConfig().keySet().removeIf(key -> !keys.contains(key));
        if (m.get(ComponentCodec.CREATED_AT) == null) {
            m.put(ComponentCodec.CREATED_AT, Long.toString(nowMillis));
        }
        String name = ComponentCodec.name(m);
        if (name == null || name.isBlank() || name.equals(m.getProviderId())) {
            name = defaultName(m.getProviderId());
        }
        if (name != null) {
            m.setName(name);
            m.put(ComponentCodec.NAME, name);
        }
        switch (m.getProviderId()) {
            case ApplicationComponentFactory.ID -> {
                if (m.get(ComponentCodec.PROCESS_ID) == null) {
                    m.put(ComponentCodec.PROCESS_ID, PinIds.newPinId());
                }
            }
            case MessageTemplateComponentFactory.ID, EmailTemplateComponentFactory.ID -> linkApplication(realm, m);
            case ApiKeyComponentFactory.ID -> {
                // The console's create form carries a whole key; its page has taken the hash by now.
                // No write stores a key: the field keeps a note that the console's edit form shows
                // (else it would show the form's default, a new key nobody saved).
                m.put(ComponentCodec.SHOWN_KEY, ComponentCodec.KEY_SHOWN_ONCE);
                ComponentModel before = m.getId() == null ? null : realm.getComponent(m.getId());
                linkKeyApplications(realm, m, before);
            }
            default -> {
            }
        }
    }

    /**
     * An application's protection (the API's {@code security}), when the write has any: blank values are
     * the defaults (an empty choice of number types too: the high-cost ranges stay blocked unless
     * the admin picks {@code NONE}); then checked, and stored with every field, as the console shows it.
     */
    private static void protection(ComponentModel m, Predicate<String> knownRegion) {
        if (!ComponentCodec.hasProtection(m)) {
            return;
        }
        m.getConfig().entrySet().removeIf(e -> ComponentCodec.PROTECTION_KEYS.containsKey(e.getKey())
                && (e.getValue() == null || e.getValue().stream().allMatch(v -> v == null || v.isBlank())));
        ComponentCodec.writeEvery(m, ComponentCodec.protection(m, knownRegion));
    }

    /**
     * An API key's allowed applications: the console names them ({@code allowedApplications}),
     * the admin REST API and imports give ids ({@code applications}); both are kept. Names rule
     * when they are changed (or a new key has only names), else the ids, whose names are filled in. An application
     * deleted later stays in the ids (by its id), so the key never widens to all applications.
     */
    private static void linkKeyApplications(RealmModel realm, ComponentModel m, ComponentModel before) {
        List<String> names = cleaned(m.getConfig().get(ComponentCodec.ALLOWED_APPLICATIONS));
        List<String> ids = cleaned(m.getConfig().get(ComponentCodec.APPLICATIONS));
        // A new key with ids comes from the REST API or an import (which may bring the key before
        // its applications): its ids rule. Else the names rule when they are new or changed.
        boolean byName = before == null ? ids.isEmpty() && !names.isEmpty()
                : !names.equals(cleaned(before.getConfig().get(ComponentCodec.ALLOWED_APPLICATIONS)));
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        if (byName) {
            List<String> known = ids;
            ids = new ArrayList<>();
            for (String name : names) {
                // An entry may be an id: one the key had (also of a deleted application), or any application's.
                String id = known.contains(name) || config.application(name).isPresent() ? name
                        : oneNamed(config, ComponentCodec.ALLOWED_APPLICATIONS, name).id();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        names = ids.stream().map(id -> config.application(id).map(a -> a.application().name()).orElse(id)).distinct().toList();
        m.getConfig().remove(ComponentCodec.APPLICATIONS);
        m.getConfig().remove(ComponentCodec.ALLOWED_APPLICATIONS);
        if (!ids.isEmpty()) {
            m.getConfig().put(ComponentCodec.APPLICATIONS, List.copyOf(ids));
            m.getConfig().put(ComponentCodec.ALLOWED_APPLICATIONS, names);
        }
    }

    private static List<String> cleaned(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).distinct().toList();
    }

    private static StoredApplication oneNamed(RealmPinConfig config, String field, String name) {
        List<StoredApplication> named = config.applicationsNamed(name);
        if (named.isEmpty()) {
            throw ValidationException.of(field, "no 2FA application is named \"" + name.strip() + "\"");
        }
        if (named.size() > 1) {
            throw ValidationException.of(field, "several 2FA applications are named \"" + name.strip() + "\"; rename one");
        }
        return named.get(0);
    }

    /**
     * A template names its application by name (the console) or id (the API); both are kept. The
     * name rules only when the writer changed it (or gives no id that exists): a write that carries
     * the name it read keeps its application even if that application was renamed meanwhile.
     */
    private static void linkApplication(RealmModel realm, ComponentModel m) {
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        String byName = m.get(ComponentCodec.APPLICATION);
        String byId = ComponentCodec.applicationIdOf(m);
        StoredApplication current = byId == null ? null : config.application(byId).orElse(null);
        ComponentModel before = m.getId() == null ? null : realm.getComponent(m.getId());
        // A new template names its application by id (the API) or by name only (the console).
        boolean nameChanged = before != null && !java.util.Objects.equals(strip(byName), strip(before.get(ComponentCodec.APPLICATION)));
        if (byName != null && !byName.isBlank() && (current == null
                || nameChanged && !byName.strip().equals(current.application().name()))) {
            current = oneNamed(config, ComponentCodec.APPLICATION, byName);
        }
        if (current == null && byId == null) {
            throw ValidationException.of(ComponentCodec.APPLICATION, "may not be null");
        }
        if (current == null) {
            // A realm import may bring a template before its application: keep the id.
            m.put(ComponentCodec.APPLICATION_ID, byId);
            return;
        }
        m.put(ComponentCodec.APPLICATION_ID, current.id());
        m.put(ComponentCodec.APPLICATION, current.application().name());
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static String defaultName(String providerId) {
        return switch (providerId) {
            case MessageTemplateComponentFactory.ID -> "SMS and voice";
            case EmailTemplateComponentFactory.ID -> "Email";
            default -> null;
        };
    }

    /** After an update: a renamed application's templates and API keys show its new name. */
    public static void updated(RealmModel realm, ComponentModel before, ComponentModel after) {
        if (!ApplicationComponentFactory.ID.equals(after.getProviderId())
                || java.util.Objects.equals(ComponentCodec.name(before), ComponentCodec.name(after))) {
            return;
        }
        realm.getComponentsStream(realm.getId())
                .filter(PinComponentTypes::isOurs)
                .filter(m -> after.getId().equals(m.get(ComponentCodec.APPLICATION_ID)))
                .map(ComponentModel::new)
                .toList()
                .forEach(m -> {
                    m.put(ComponentCodec.APPLICATION, ComponentCodec.name(after));
                    realm.updateComponent(m);
                });
        realm.getComponentsStream(realm.getId())
                .filter(PinComponentTypes::isOurs)
                .filter(m -> ApiKeyComponentFactory.ID.equals(m.getProviderId()))
                .filter(m -> cleaned(m.getConfig().get(ComponentCodec.APPLICATIONS)).contains(after.getId()))
                .map(ComponentModel::new)
                .toList()
                .forEach(m -> {
                    // The ids as the names: linkKeyApplications keeps them and shows the new name.
                    m.getConfig().put(ComponentCodec.ALLOWED_APPLICATIONS, cleaned(m.getConfig().get(ComponentCodec.APPLICATIONS)));
                    realm.updateComponent(m);
                });
    }

    /** Before an application is removed (the admin console can delete): its templates go with it. */
    public static void removing(RealmModel realm, ComponentModel removed) {
        if (!ApplicationComponentFactory.ID.equals(removed.getProviderId())) {
            return;
        }
        realm.getComponentsStream(realm.getId())
                .filter(PinComponentTypes::isOurs)
                .filter(m -> removed.getId().equals(m.get(ComponentCodec.APPLICATION_ID)))
                .toList()
                .forEach(realm::removeComponent);
    }
}
