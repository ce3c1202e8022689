package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Says that SMS pumping was detected, once per application, country and detection window across
 * the cluster (a single-use object decides which request says it): a warning in the log, an admin
 * event of resource type {@value #RESOURCE_TYPE} (operation {@code ACTION}, path
 * {@code 2fa/applications/<id>/countries/<CC>}, the figures in its details) and a metric.
 */
final class PumpingAlarm {

    static final String RESOURCE_TYPE = "PIN2FA_SMS_PUMPING";
    private static final Logger LOG = Logger.getLogger(PumpingAlarm.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    PumpingAlarm(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    void raise(String applicationId, String country, long sent, long verified, PumpingPolicy policy, String clientIp) {
        String key = "pin2fa-pumping:" + realm.getId() + ":" + applicationId + ":" + country;
        long lifespan = Math.max(1, policy.window().toDuration().toSeconds());
        if (!session.singleUseObjects().putIfAbsent(key, lifespan)) {
            return; // already said in this window
        }
        LOG.warnf("SMS pumping suspected in realm %s, application %s, country %s: %d PINs sent, %d verified in the last %s;"
                + " sends there are throttled to %s", realm.getName(), applicationId, country, sent,
                verified, policy.window(), policy.throttledLimit());
        GuardMetrics.pumpingDetected(applicationId, country);
        adminEvent(applicationId, country, sent, verified, policy, clientIp);
    }

    private void adminEvent(String applicationId, String country, long sent, long verified, PumpingPolicy policy, String clientIp) {
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setIpAddress(clientIp);
        event.setAuthDetails(auth);
        event.setOperationType(OperationType.ACTION);
        event.setResourceTypeAsString(RESOURCE_TYPE);
        event.setResourcePath("2fa/applications/" + applicationId + "/countries/" + country);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("country", country);
        details.put("sent", Long.toString(sent));
        details.put("verified", Long.toString(verified));
        details.put("window", policy.window().toString());
        details.put("minConversionPercent", Integer.toString(policy.minConversionPercent()));
        details.put("throttledLimit", policy.throttledLimit().toString());
        event.setDetails(details);
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, false);
        }
        realm.getEventsListenersStream()
                .map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(Objects::nonNull)
                .forEach(listener -> {
                    try {
                        listener.onEvent(event, false);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Event listener failed on the SMS pumping event");
                    }
                });
    }
}
