package io.github.keycloakpin2fa.service.housekeeping;

import io.github.keycloakpin2fa.storage.ServerClock;
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
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Keeps every realm's 2FA data in order, with no front door involved (the API or the login flow
 * can be switched off): a new realm gets the scope roles {@code 2fa:manage} and
 * {@code 2fa:pin:send}; a removed realm's PIN records, limit counters and dev outbox go with it;
 * expired records are purged on a cluster-aware timer, every
 * {@code --spi-pin-housekeeping--default--purge-interval-seconds} (default 60, at least 10).
 */
public final class RealmHousekeeping implements HousekeepingProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";
    static final String TASK_NAME = "pin2fa-purge";
    static final String PURGE_INTERVAL = "purge-interval-seconds";
    static final String RETENTION = "retention-after-expiry-seconds";
    private static final long DEFAULT_PURGE_INTERVAL_SECONDS = 60;
    private static final HousekeepingProvider PROVIDER = () -> {
    };
    private static final Logger LOG = Logger.getLogger(RealmHousekeeping.class);

    private long purgeIntervalSeconds = DEFAULT_PURGE_INTERVAL_SECONDS;

    @Override
    public HousekeepingProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
        // The options' names before housekeeping had a provider of its own are still read.
        Config.Scope former = Config.scope("realm-restapi-extension", "2fa");
        Long configured = config.getLong(PURGE_INTERVAL, former.getLong(PURGE_INTERVAL));
        purgeIntervalSeconds = Math.max(10, configured == null ? DEFAULT_PURGE_INTERVAL_SECONDS : configured);
        Long retention = config.getLong(RETENTION, former.getLong(RETENTION));
        PinRecordStore.retainAfterExpiry(retention == null ? PinRecordStore.DEFAULT_RETENTION_AFTER_EXPIRY
                : Duration.ofSeconds(Math.max(0, retention)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(this::onEvent);
    }

    void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            addScopeRoles(created.getCreatedRealm());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            new PinRecordStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            new PinFailureStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
        } else if (event instanceof PostMigrationEvent migrated) {
            schedulePurge(migrated.getFactory());
        }
    }

    private void schedulePurge(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.scheduleTask((ScheduledTask) s -> purgeInBatches(factory), purgeIntervalSeconds * 1000, TASK_NAME);
        }
    }

    /**
     * Deletes what has expired, in every realm, in short transactions of at most
     * {@link PinRecordStore#PURGE_BATCH} rows each: no long burst, no long lock.
     */
    static void purgeInBatches(KeycloakSessionFactory factory) {
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

    static void addScopeRoles(RealmModel realm) {
        for (String scope : ApiScope.KNOWN) {
            if (realm.getRole(scope) == null) {
                realm.addRole(scope).setDescription("Grants the 2FA API scope " + scope);
            }
        }
    }

    long purgeIntervalSeconds() {
        return purgeIntervalSeconds;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PURGE_INTERVAL).type("int").defaultValue(DEFAULT_PURGE_INTERVAL_SECONDS)
                .helpText("How often PIN records, rate-limit windows and dev-outbox messages past their time are deleted"
                        + " (in batches of " + PinRecordStore.PURGE_BATCH + " rows).").add()
                .property().name(RETENTION).type("int").defaultValue(PinRecordStore.DEFAULT_RETENTION_AFTER_EXPIRY.toSeconds())
                .helpText("How long a PIN record stays after its PIN expired, for the verification status API.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(PURGE_INTERVAL, Long.toString(purgeIntervalSeconds),
                RETENTION, Long.toString(PinRecordStore.retentionAfterExpiry().toSeconds()));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
