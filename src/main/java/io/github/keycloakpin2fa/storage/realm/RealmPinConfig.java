package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * One realm's 2FA applications, templates and API keys, kept as realm components: in Keycloak's
 * database, cached on every node and invalidated across the cluster on change, and part of realm
 * export and import. Ids are 32 upper-case hex digits, as Infobip's.
 *
 * <p>All of them are children of the realm (templates name their application in config), so the
 * admin console's pages can list and edit them. Their provider type is the console's page type
 * when the server runs with the {@code declarative-ui} feature, else our own type; both are read
 * (see {@link PinComponentTypes}).
 */
public final class RealmPinConfig {

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

    /** The applications of this name (names are not unique in Infobip's API). */
    public List<StoredApplication> applicationsNamed(String name) {
        return children(realm.getId(), ApplicationComponentFactory.ID)
                .filter(m -> name != null && name.strip().equals(ComponentCodec.name(m)))
                .map(RealmPinConfig::toApplication).toList();
    }

    /** The application's templates of this kind and name, oldest first; a null name: all of that kind. */
    public List<StoredTemplate> templatesNamed(String applicationId, boolean email, String name) {
        String providerId = email ? EmailTemplateComponentFactory.ID : MessageTemplateComponentFactory.ID;
        return templateComponents(applicationId)
                .filter(m -> providerId.equals(m.getProviderId()))
                .filter(m -> name == null || name.strip().equals(ComponentCodec.name(m)))
                .map(RealmPinConfig::toTemplate).flatMap(Optional::stream).toList();
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
        return component(id, realm.getId(), ApplicationComponentFactory.ID).map(ComponentModel::new).map(m -> {
            ComponentCodec.write(m, application);
            if (protection != null) {
                ComponentCodec.write(m, protection);
            }
            realm.updateComponent(m);
            return toApplication(m);
        });
    }

    public List<StoredTemplate> templates(String applicationId) {
        return templateComponents(applicationId).map(RealmPinConfig::toTemplate).flatMap(Optional::stream).toList();
    }

    public Optional<StoredTemplate> template(String applicationId, String messageId) {
        return templateComponent(applicationId, messageId, null).flatMap(RealmPinConfig::toTemplate);
    }

    /** Realm-level templates naming the application, and (stored before 0.2) its child components. */
    private Stream<ComponentModel> templateComponents(String applicationId) {
        if (applicationId == null) {
            return Stream.empty();
        }
        return Stream.concat(children(realm.getId(), null), children(applicationId, null))
                .filter(RealmPinConfig::isTemplate)
                .filter(m -> applicationId.equals(ComponentCodec.applicationIdOf(m)))
                .sorted(ORDER);
    }

    private Optional<ComponentModel> templateComponent(String applicationId, String messageId, String providerId) {
        if (applicationId == null) {
            return Optional.empty();
        }
        return component(messageId, null, providerId)
                .filter(RealmPinConfig::isTemplate)
                .filter(m -> applicationId.equals(ComponentCodec.applicationIdOf(m)));
    }

    private static boolean isTemplate(ComponentModel m) {
        return MessageTemplateComponentFactory.ID.equals(m.getProviderId()) || EmailTemplateComponentFactory.ID.equals(m.getProviderId());
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
        ComponentModel m = newComponent(realm.getId(), providerId);
        m.put(ComponentCodec.APPLICATION_ID, applicationId);
        application(applicationId).ifPresent(app -> m.put(ComponentCodec.APPLICATION, app.application().name()));
        write.accept(m);
        return toTemplate(realm.addComponentModel(m)).orElseThrow();
    }

    private Optional<StoredTemplate> updateTemplate(String applicationId, String messageId, String providerId,
            Consumer<ComponentModel> write) {
        return templateComponent(applicationId, messageId, providerId).map(ComponentModel::new).flatMap(m -> {
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
        m.put(ComponentCodec.NAME, name);
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
        m.setProviderType(PinComponentTypes.forNewComponents());
        m.setProviderId(providerId);
        m.setName(providerId);
        m.put(ComponentCodec.CREATED_AT, Long.toString(now));
        return m;
    }

    private static final Comparator<ComponentModel> ORDER =
            Comparator.comparingLong(ComponentCodec::createdAt).thenComparing(ComponentModel::getId);

    private Stream<ComponentModel> children(String parentId, String providerId) {
        return realm.getComponentsStream(parentId)
                .filter(PinComponentTypes::isOurs)
                .filter(m -> providerId == null || providerId.equals(m.getProviderId()))
                .sorted(ORDER);
    }

    /**
     * Our component of this id (and parent and provider, where given). Read only: through the
     * realm cache it is the cached instance that every request of this node shares, so a write
     * changes a copy ({@code new ComponentModel(m)}) and hands that to {@code updateComponent}.
     */
    private Optional<ComponentModel> component(String id, String parentId, String providerId) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        ComponentModel m = realm.getComponent(id);
        if (m == null || !PinComponentTypes.isOurs(m) || (parentId != null && !parentId.equals(m.getParentId()))
                || (providerId != null && !providerId.equals(m.getProviderId()))) {
            return Optional.empty();
        }
        return Optional.of(m);
    }

    private static StoredApplication toApplication(ComponentModel m) {
        return parsed(m, () -> new StoredApplication(m.getId(), ComponentCodec.application(m), m.get(ComponentCodec.PROCESS_ID),
                ComponentCodec.protection(m)));
    }

    private static Optional<StoredTemplate> toTemplate(ComponentModel m) {
        return parsed(m, () -> switch (m.getProviderId()) {
            case MessageTemplateComponentFactory.ID ->
                    Optional.of(new StoredTemplate.Message(m.getId(), ComponentCodec.applicationIdOf(m), ComponentCodec.messageTemplate(m)));
            case EmailTemplateComponentFactory.ID ->
                    Optional.of(new StoredTemplate.Email(m.getId(), ComponentCodec.applicationIdOf(m), ComponentCodec.emailTemplate(m)));
            default -> Optional.<StoredTemplate>empty();
        });
    }

    /** The note under which a component keeps what it was parsed into. */
    private static final String PARSED_NOTE = "pin2fa.parsed";

    /** What a component was parsed into, and the state of the component it was parsed from. */
    private record Parsed(List<String> fields, Map<String, List<String>> config, Object value) {

        static List<String> fieldsOf(ComponentModel m) {
            return Arrays.asList(m.getId(), m.getProviderId(), m.getParentId(), m.getName());
        }

        boolean matches(ComponentModel m) {
            return fields.equals(fieldsOf(m)) && config.equals(m.getConfig());
        }
    }

    /**
     * A component parsed once per version of it: every send and verify reads its application and
     * template, and parsing and validating their settings each time cost as much as a database
     * read. The parsed (immutable) value is kept in the component's transient notes. Through the
     * realm cache, that is the cached instance every request of this node shares, until a change
     * anywhere in the cluster invalidates it and the realm is read again, with new instances and
     * no notes. A component whose settings were changed in place (a write's copy, or the admin
     * REST API changing the instance it read) no longer matches the state the note was taken from,
     * and is parsed again.
     */
    @SuppressWarnings("unchecked")
    static <T> T parsed(ComponentModel m, Supplier<T> parse) {
        if (m.getNote(PARSED_NOTE) instanceof Parsed kept && kept.matches(m)) {
            return (T) kept.value();
        }
        Map<String, List<String>> config = new HashMap<>();
        m.getConfig().forEach((key, values) -> config.put(key, values == null ? null : new ArrayList<>(values)));
        T value = parse.get();
        m.setNote(PARSED_NOTE, new Parsed(Parsed.fieldsOf(m), config, value));
        return value;
    }
}
