package io.github.keycloakpin2fa.service.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;
import org.mockito.ArgumentCaptor;

/** Realm set-up and clean-up happen through this provider alone, with no front door involved. */
class RealmHousekeepingTest {

    private final RealmHousekeeping housekeeping = new RealmHousekeeping();

    private ProviderEventListener registeredListener() {
        KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
        housekeeping.postInit(factory);
        ArgumentCaptor<ProviderEventListener> listener = ArgumentCaptor.forClass(ProviderEventListener.class);
        verify(factory).register(listener.capture());
        return listener.getValue();
    }

    @Test
    void a_new_realm_gets_the_two_scope_roles() {
        RealmModel realm = mock(RealmModel.class);
        RoleModel role = mock(RoleModel.class);
        when(realm.addRole(anyString())).thenReturn(role);
        RealmModel.RealmPostCreateEvent created = mock(RealmModel.RealmPostCreateEvent.class);
        when(created.getCreatedRealm()).thenReturn(realm);

        registeredListener().onEvent(created);

        verify(realm).addRole("2fa:manage");
        verify(realm).addRole("2fa:pin:send");
    }

    @Test
    void a_role_the_realm_has_already_is_left_alone() {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getRole("2fa:manage")).thenReturn(mock(RoleModel.class));
        when(realm.addRole(anyString())).thenReturn(mock(RoleModel.class));

        RealmHousekeeping.addScopeRoles(realm);

        verify(realm, never()).addRole("2fa:manage");
        verify(realm).addRole("2fa:pin:send");
    }

    @Test
    void a_removed_realms_records_go_with_it() {
        EntityManager em = mock(EntityManager.class);
        Query query = mock(Query.class, RETURNS_SELF);
        when(em.createNamedQuery(anyString())).thenReturn(query);
        KeycloakSession session = sessionWith(em);
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        RealmModel.RealmRemovedEvent removed = mock(RealmModel.RealmRemovedEvent.class);
        when(removed.getRealm()).thenReturn(realm);
        when(removed.getKeycloakSession()).thenReturn(session);

        registeredListener().onEvent(removed);

        verify(em).createNamedQuery("pin2fa.deletePinsOfRealm");
        verify(em).createNamedQuery("pin2fa.deleteOutboxOfRealm");
        verify(em).createNamedQuery("pin2fa.deleteWindowsOfRealm");
        verify(em).createNamedQuery("pin2fa.deleteFailuresOfRealm");
        verify(query).setParameter("pattern", "%:realm-1:%");
        verify(query, org.mockito.Mockito.atLeast(3)).setParameter("realmId", "realm-1");
    }

    @Test
    void once_the_server_is_up_the_purge_runs_on_keycloaks_timer() {
        KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
        KeycloakSession session = mock(KeycloakSession.class);
        TimerProvider timer = mock(TimerProvider.class);
        when(factory.create()).thenReturn(session);
        when(session.getProvider(TimerProvider.class)).thenReturn(timer);
        PostMigrationEvent migrated = new PostMigrationEvent(factory);

        registeredListener().onEvent(migrated);

        verify(timer).scheduleTask(any(ScheduledTask.class), eq(60_000L), eq(RealmHousekeeping.TASK_NAME));
        verify(session).close();
    }

    @Test
    void the_purge_interval_is_configurable_but_never_below_ten_seconds() {
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.getLong(eq(RealmHousekeeping.PURGE_INTERVAL), any())).thenReturn(2L);

        housekeeping.init(scope);

        assertThat(housekeeping.purgeIntervalSeconds()).isEqualTo(10);
    }

    @Test
    void how_long_records_outlive_their_pin_is_a_server_setting() {
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.getLong(eq(RealmHousekeeping.RETENTION), any())).thenReturn(3_600L);
        try {
            housekeeping.init(scope);

            assertThat(PinRecordStore.retentionAfterExpiry()).isEqualTo(java.time.Duration.ofHours(1));
            assertThat(housekeeping.getOperationalInfo()).containsEntry(RealmHousekeeping.RETENTION, "3600");
        } finally {
            PinRecordStore.retainAfterExpiry(PinRecordStore.DEFAULT_RETENTION_AFTER_EXPIRY);
        }
    }

    private static KeycloakSession sessionWith(EntityManager em) {
        KeycloakSession session = mock(KeycloakSession.class);
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        return session;
    }
}
