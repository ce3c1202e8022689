package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.api.auth.ApiCaller;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Keycloak admin events for writes through the 2FA API (applications and templates), as the
 * admin REST API records its own: stored when the realm saves admin events, the representation
 * included when it saves their details, and handed to the realm's event listeners. Keycloak's
 * {@code AdminEventBuilder} needs an admin user and client, which an API key does not have; the
 * event says who acted in its auth details (client and user of a token) or its {@code apiKeyId}
 * detail.
 */
final class ApiAdminEvents {

    private static final Logger LOG = Logger.getLogger(ApiAdminEvents.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiCaller caller;

    ApiAdminEvents(KeycloakSession session, RealmModel realm, ApiCaller caller) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
    }

    void success(OperationType operation, Object representation, String... path) {
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        event.setOperationType(operation);
        event.setResourceTypeAsString(ResourceType.COMPONENT.name());
        event.setResourcePath("2fa/" + String.join("/", path));
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId(caller.clientId());
        auth.setUserId(caller.userId());
        if (session.getContext().getConnection() != null) {
            auth.setIpAddress(session.getContext().getConnection().getRemoteAddr());
        }
        event.setAuthDetails(auth);
        if (caller.apiKeyId() != null) {
            Map<String, String> details = new HashMap<>();
            details.put("apiKeyId", caller.apiKeyId());
            event.setDetails(details);
        }
        if (representation != null) {
            event.setRepresentation(ApiBodies.writeJson(representation));
        }
        boolean withRepresentation = realm.isAdminEventsDetailsEnabled();
        if (realm.isAdminEventsEnabled()) {
            EventStoreProvider store = session.getProvider(EventStoreProvider.class);
            if (store != null) {
                store.onEvent(event, withRepresentation);
            }
        }
        realm.getEventsListenersStream().forEach(id -> {
            EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
            if (listener != null) {
                try {
                    listener.onEvent(new AdminEvent(event), withRepresentation);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Event listener %s failed on a 2FA admin event", id);
                }
            }
        });
    }
}
