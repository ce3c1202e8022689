package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * One realm's 2FA applications, templates and API keys, kept as realm components: in Keycloak's
 * database, cached on every node and invalidated across the cluster on change, and part of realm
 * export and import. Ids are 32 upper-case hex digits, as Infobip's.
 */
public final class RealmPinConfig {

    private static final String TYPE = PinConfigComponent.class.getName();

    private final RealmModel realm;
    private final long now;

    public RealmPinConfig(RealmModel realm, long nowMillis) {
        this.realm = realm;
        this.now = nowMillis;
    }

    public List<StoredApplication> applications() {
        return children(realm.getId(), ApplicationComponentFactory.ID).map(RealmPinConfig::toApplication).toList();
    }

    public Optional<StoredApplication> application(String id) {
        return component(id, realm.getId(), ApplicationComponentFactory.ID).map(RealmPinConfig::toApplication);
    }

    public StoredApplication createApplication(Application application) {
        return createApplication(application, SendProtection.DEFAULTS);
    }

    public StoredApplication createApplication(Application application, SendProtection protection) {
        ComponentModel m = newComponent(realm.getId(), ApplicationComponentFactory.ID);
        ComponentCodec.write(m, application);
        ComponentCodec.write(m, protection);
        m.put(ComponentCodec.PROCESS_ID, PinIds.newPinId());
        return toApplication(realm.addComponentModel(m));
    }

    /** Updates Infobip's part of the application; its protection stays. */
    public Optional<StoredApplication> updateApplication(String id, Application application) {
        return updateApplication(id, application, null);
    }

    /** Updates the application and, unless {@code protection} is null, its protection. */
    public Optional<StoredApplication> updateApplication(String id, Application application, SendProtection protection) {
        return component(id, realm.getId(), ApplicationComponentFactory.ID).map(m -> {
            ComponentCodec.write(m, application);
            if (protection != null) {
                ComponentCodec.write(m, protection);
            }
            realm.updateComponent(m);
            return toApplication(m);
        });
    }

    public List<StoredTemplate> templates(String applicationId) {
        return children(applicationId, null).map(RealmPinConfig::toTemplate).flatMap(Optional::stream).toList();
    }

    public Optional<StoredTemplate> template(String applicationId, String messageId) {
        return component(messageId, applicationId, null).flatMap(RealmPinConfig::toTemplate);
    }

    public StoredTemplate createMessageTemplate(String applicationId, MessageTemplate template) {
        return createTemplate(applicationId, MessageTemplateComponentFactory.ID, m -> ComponentCodec.write(m, template));
    }

    public Optional<StoredTemplate> updateMessageTemplate(String applicationId, String messageId, MessageTemplate template) {
        return updateTemplate(applicationId, messageId, MessageTemplateComponentFactory.ID, m -> ComponentCodec.write(m, template));
    }

    public StoredTemplate createEmailTemplate(String applicationId, EmailTemplate template) {
        return createTemplate(applicationId, EmailTemplateComponentFactory.ID, m -> ComponentCodec.write(m, template));
    }

    public Optional<StoredTemplate> updateEmailTemplate(String applicationId, String messageId, EmailTemplate template) {
        return updateTemplate(applicationId, messageId, EmailTemplateComponentFactory.ID, m -> ComponentCodec.write(m, template));
    }

    private StoredTemplate createTemplate(String applicationId, String providerId, Consumer<ComponentModel> write) {
        ComponentModel m = newComponent(applicationId, providerId);
        write.accept(m);
        return toTemplate(realm.addComponentModel(m)).orElseThrow();
    }

    private Optional<StoredTemplate> updateTemplate(String applicationId, String messageId, String providerId,
            Consumer<ComponentModel> write) {
        return component(messageId, applicationId, providerId).flatMap(m -> {
            write.accept(m);
            realm.updateComponent(m);
            return toTemplate(m);
        });
    }

    public List<StoredApiKey> apiKeys() {
        return children(realm.getId(), ApiKeyComponentFactory.ID).map(ComponentCodec::apiKey).toList();
    }

    public Optional<StoredApiKey> apiKey(String id) {
        return component(id, realm.getId(), ApiKeyComponentFactory.ID).map(ComponentCodec::apiKey);
    }

    /** A new key; {@code applications} empty: it may use every application. */
    public StoredApiKey createApiKey(String id, String name, Set<String> scopes, Set<String> applications, String secretHash) {
        ComponentModel m = newComponent(realm.getId(), ApiKeyComponentFactory.ID);
        m.setId(id);
        m.setName(name);
        m.getConfig().put(ComponentCodec.SCOPES, List.copyOf(scopes));
        if (!applications.isEmpty()) {
            m.getConfig().put(ComponentCodec.APPLICATIONS, List.copyOf(applications));
        }
        m.put(ComponentCodec.SECRET_HASH, secretHash);
        return ComponentCodec.apiKey(realm.addComponentModel(m));
    }

    public boolean deleteApiKey(String id) {
        Optional<ComponentModel> key = component(id, realm.getId(), ApiKeyComponentFactory.ID);
        key.ifPresent(realm::removeComponent);
        return key.isPresent();
    }

    private ComponentModel newComponent(String parentId, String providerId) {
        ComponentModel m = new ComponentModel();
        m.setId(PinIds.newPinId());
        m.setParentId(parentId);
        m.setProviderType(TYPE);
        m.setProviderId(providerId);
        m.setName(providerId);
        m.put(ComponentCodec.CREATED_AT, Long.toString(now));
        return m;
    }

    private Stream<ComponentModel> children(String parentId, String providerId) {
        return realm.getComponentsStream(parentId, TYPE)
                .filter(m -> providerId == null || providerId.equals(m.getProviderId()))
                .sorted(Comparator.comparingLong(ComponentCodec::createdAt).thenComparing(ComponentModel::getId));
    }

    private Optional<ComponentModel> component(String id, String parentId, String providerId) {
        if (id == null || parentId == null || id.length() > 36) {
            return Optional.empty();
        }
        ComponentModel m = realm.getComponent(id);
        if (m == null || !TYPE.equals(m.getProviderType()) || !parentId.equals(m.getParentId())
                || (providerId != null && !providerId.equals(m.getProviderId()))) {
            return Optional.empty();
        }
        return Optional.of(m);
    }

    private static StoredApplication toApplication(ComponentModel m) {
        return new StoredApplication(m.getId(), ComponentCodec.application(m), m.get(ComponentCodec.PROCESS_ID),
                ComponentCodec.protection(m));
    }

    private static Optional<StoredTemplate> toTemplate(ComponentModel m) {
        return switch (m.getProviderId()) {
            case MessageTemplateComponentFactory.ID ->
                    Optional.of(new StoredTemplate.Message(m.getId(), m.getParentId(), ComponentCodec.messageTemplate(m)));
            case EmailTemplateComponentFactory.ID ->
                    Optional.of(new StoredTemplate.Email(m.getId(), m.getParentId(), ComponentCodec.emailTemplate(m)));
            default -> Optional.empty();
        };
    }
}
