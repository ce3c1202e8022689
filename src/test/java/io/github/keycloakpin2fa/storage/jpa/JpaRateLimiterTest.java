package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.SlidingWindowCounter;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** A verify's limit, taken in the request's transaction on a window its send made ready. */
class JpaRateLimiterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final LimitedKey KEY = new LimitedKey("verify:r:a:d", Limit.parse("2/1m"));

    private final KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final EntityManager em = mock(EntityManager.class);
    private final JpaRateLimiter limiter = new JpaRateLimiter(factory, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void setUp() {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
    }

    private static RateLimitWindowEntity row(String slots) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(KEY.key());
        row.setSlots(slots);
        row.setExpiresAt(NOW.toEpochMilli() + 600_000);
        return row;
    }

    @Test
    void a_missing_window_decides_nothing_counts_nothing_and_opens_no_transaction() {
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(null);

        assertThat(limiter.tryAcquireIfReady(session, KEY)).isEmpty();
        verify(em, never()).persist(any());
        verify(factory, never()).create(); // no session of its own, so no second connection
    }

    @Test
    void a_ready_window_counts_the_verify_in_its_locked_row() {
        RateLimitWindowEntity row = row("");
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(row);

        assertThat(limiter.tryAcquireIfReady(session, KEY)).contains(LimitDecision.allow());
        assertThat(SlidingWindowCounter.decode(row.getSlots())).hasSize(1);
        assertThat(row.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 600_000); // still the PIN's life, the longer one
    }

    @Test
    void a_full_window_refuses_and_keeps_its_slots() {
        String full = SlidingWindowCounter.encode(java.util.List.of(
                new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 20_000, 1), new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 10_000, 1)));
        RateLimitWindowEntity row = row(full);
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(row);

        Optional<LimitDecision> decision = limiter.tryAcquireIfReady(session, KEY);

        assertThat(decision).hasValueSatisfying(d -> assertThat(d.allowed()).isFalse());
        assertThat(decision.get().retryAfter().toMillis()).isEqualTo(40_000);
        assertThat(row.getSlots()).isEqualTo(full);
    }
}
