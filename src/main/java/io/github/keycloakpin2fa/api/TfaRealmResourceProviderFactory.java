package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.service.ServerClock;
import io.github.keycloakpin2fa.storage.jpa.PinFailureStore;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Serves Infobip's 2FA API at {@code /realms/{realm}/2fa}. Also keeps the data tidy: every new
 * realm gets the scope roles {@code 2fa:manage} and {@code 2fa:pin:send}, expired records are
 * purged on a timer ({@code --spi-realm-restapi-extension--2fa--purge-interval-seconds}, default
 * 60, in batches; {@code ...--retention-after-expiry-seconds}, default a day, says how long a PIN
 * record outlives its PIN), and a removed realm's PIN records go with it.
 */
public final class TfaRealmResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "2fa";
    private static final Logger LOG = Logger.getLogger(TfaRealmResourceProviderFactory.class);

    private long purgeIntervalSeconds;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TfaApiResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        purgeIntervalSeconds = Math.max(10, config.getLong("purge-interval-seconds", 60L));
        long retention = config.getLong("retention-after-expiry-seconds", PinService.DEFAULT_RETENTION_AFTER_EXPIRY.toSeconds());
        PinService.retainAfterExpiry(Duration.ofSeconds(Math.max(0, retention)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                addScopeRoles(created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new PinRecordStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
                new PinFailureStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent migrated) {
                schedulePurge(migrated.getFactory());
            }
        });
    }

    private void schedulePurge(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.scheduleTask((ScheduledTask) s -> purgeInBatches(factory), purgeIntervalSeconds * 1000, "pin2fa-purge");
        }
    }

    /** Everything past its time, in short transactions of at most a batch each: no long burst, no long lock. */
    private static void purgeInBatches(KeycloakSessionFactory factory) {
        long now = ServerClock.INSTANCE.millis();
        int purged = 0;
        int batch;
        do {
            batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> new PinRecordStore(s).purgeBatch(now));
            purged += batch;
        } while (batch > 0);
        if (purged > 0) {
            LOG.debugf("Purged %d expired 2FA records", purged);
        }
    }

    private static void addScopeRoles(RealmModel realm) {
        for (String scope : ApiScope.KNOWN) {
            if (realm.getRole(scope) == null) {
                realm.addRole(scope).setDescription("Grants the 2FA API scope " + scope);
            }
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("purge-interval-seconds").type("int").defaultValue(60)
                .helpText("How often PIN records and rate-limit windows past their time are deleted (in batches of "
                        + PinRecordStore.PURGE_BATCH + " rows).").add()
                .property().name("retention-after-expiry-seconds").type("int")
                .defaultValue(PinService.DEFAULT_RETENTION_AFTER_EXPIRY.toSeconds())
                .helpText("How long a PIN record stays after its PIN expired, for the verification status API.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = TfaRealmResourceProviderFactory.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "development" : version,
                "purge-interval-seconds", Long.toString(purgeIntervalSeconds),
                "retention-after-expiry-seconds", Long.toString(PinService.retentionAfterExpiry().toSeconds()));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
