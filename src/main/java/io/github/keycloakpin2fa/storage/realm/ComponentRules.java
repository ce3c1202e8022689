package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.List;
import java.util.Set;
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
        try {
            normalize(realm, m, nowMillis);
            switch (m.getProviderId()) {
                case ApplicationComponentFactory.ID -> ComponentCodec.application(m);
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
                // A key made in the console stays readable until its first use, never again after.
                ComponentModel before = m.getId() == null ? null : realm.getComponent(m.getId());
                String shown = m.get(ComponentCodec.SHOWN_KEY);
                if (before != null && shown != null && !shown.equals(before.get(ComponentCodec.SHOWN_KEY))) {
                    m.getConfig().remove(ComponentCodec.SHOWN_KEY);
                }
            }
            default -> {
            }
        }
    }

    /** A template names its application by name (the console) or id (the API); both are kept. */
    private static void linkApplication(RealmModel realm, ComponentModel m) {
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        String byName = m.get(ComponentCodec.APPLICATION);
        String byId = ComponentCodec.applicationIdOf(m);
        StoredApplication current = byId == null ? null : config.application(byId).orElse(null);
        if (byName != null && !byName.isBlank()
                && (current == null || !byName.strip().equals(current.application().name()))) {
            List<StoredApplication> named = config.applicationsNamed(byName);
            if (named.isEmpty()) {
                throw ValidationException.of(ComponentCodec.APPLICATION, "no 2FA application is named \"" + byName.strip() + "\"");
            }
            if (named.size() > 1) {
                throw ValidationException.of(ComponentCodec.APPLICATION,
                        "several 2FA applications are named \"" + byName.strip() + "\"; rename one");
            }
            current = named.get(0);
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

    private static String defaultName(String providerId) {
        return switch (providerId) {
            case MessageTemplateComponentFactory.ID -> "SMS and voice";
            case EmailTemplateComponentFactory.ID -> "Email";
            default -> null;
        };
    }

    /** After an update: a renamed application's templates show its new name. */
    public static void updated(RealmModel realm, ComponentModel before, ComponentModel after) {
        if (!ApplicationComponentFactory.ID.equals(after.getProviderId())
                || java.util.Objects.equals(ComponentCodec.name(before), ComponentCodec.name(after))) {
            return;
        }
        realm.getComponentsStream(realm.getId())
                .filter(PinComponentTypes::isOurs)
                .filter(m -> after.getId().equals(m.get(ComponentCodec.APPLICATION_ID)))
                .forEach(m -> {
                    m.put(ComponentCodec.APPLICATION, ComponentCodec.name(after));
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
