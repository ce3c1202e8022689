package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.hibernate.Session;
import org.hibernate.jdbc.Work;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.mockito.ArgumentCaptor;

/** A verify's limit, taken in the request's transaction on a window its send made ready. */
class JpaRateLimiterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final LimitedKey KEY = new LimitedKey("verify:r:a:d", Limit.parse("2/1m"));

    private final KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final EntityManager em = mock(EntityManager.class);
    private final JpaRateLimiter limiter = new JpaRateLimiter(factory, Clock.fixed(NOW, ZoneOffset.UTC));
    /** The one statement that writes a decision's rows, on the transaction's own connection. */
    private final PreparedStatement writes = mock(PreparedStatement.class);
    private final Connection connection = mock(Connection.class);
    /** An admitted event that writes nothing else. */
    private static final java.util.function.Consumer<KeycloakSession> NOTHING_ELSE = tx -> { };

    @BeforeEach
    void setUp() throws Exception {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        when(session.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
        when(factory.create()).thenReturn(session); // the send's transaction of its own
        Session hibernate = mock(Session.class);
        when(em.unwrap(Session.class)).thenReturn(hibernate);
        org.mockito.Mockito.doAnswer(call -> {
            call.<Work>getArgument(0).execute(connection);
            return null;
        }).when(hibernate).doWork(any());
        when(connection.prepareStatement(JpaRateLimiter.writeStatement("PIN2FA_RATE_WINDOW"))).thenReturn(writes);
        jakarta.persistence.EntityManagerFactory emf = mock(jakarta.persistence.EntityManagerFactory.class);
        org.hibernate.engine.spi.SessionFactoryImplementor factoryImpl = mock(org.hibernate.engine.spi.SessionFactoryImplementor.class,
                org.mockito.Mockito.RETURNS_DEEP_STUBS);
        when(factoryImpl.getMappingMetamodel().getEntityDescriptor(RateLimitWindowEntity.class).getIdentifierTableDetails().getTableName())
                .thenReturn("PIN2FA_RATE_WINDOW");
        when(em.getEntityManagerFactory()).thenReturn(emf);
        when(emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)).thenReturn(factoryImpl);
    }

    private TypedQuery<RateLimitWindowEntity> windows;

    @SuppressWarnings("unchecked")
    private void existingRows(RateLimitWindowEntity... rows) {
        TypedQuery<RateLimitWindowEntity> query = mock(TypedQuery.class);
        windows = query;
        when(em.createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class)).thenReturn(query);
        when(query.setParameter(anyString(), any())).thenReturn(query);
        when(query.setLockMode(LockModeType.PESSIMISTIC_WRITE)).thenReturn(query);
        when(query.getResultList()).thenReturn(List.of(rows));
        for (RateLimitWindowEntity row : rows) {
            when(em.find(RateLimitWindowEntity.class, row.getLimitKey())).thenReturn(row);
        }
    }

    private static RateLimitWindowEntity row(String key, String slots, long expiresAt) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(key);
        row.setSlots(slots);
        row.setExpiresAt(expiresAt);
        return row;
    }

    @Test
    void a_send_takes_all_its_windows_with_one_locking_query_and_inserts_the_missing_ones() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        existingRows(app);

        JpaRateLimiter.Verdict verdict = limiter.admit(
                List.of(new LimitedKey("app", Limit.parse("10/1d")), new LimitedKey("user", Limit.parse("5/1h"))), List.of(), 0, null, NOTHING_ELSE).verdict();

        assertThat(verdict.decision().allowed()).isTrue();
        ArgumentCaptor<RateLimitWindowEntity> inserted = ArgumentCaptor.forClass(RateLimitWindowEntity.class);
        verify(em).persist(inserted.capture());
        assertThat(inserted.getValue().getLimitKey()).isEqualTo("user");
        assertThat(SlidingWindowCounter.decode(inserted.getValue().getSlots())).hasSize(1);
        assertThat(SlidingWindowCounter.decode(app.getSlots())).hasSize(1);
        verify(em, never()).find(eq(RateLimitWindowEntity.class), any(), any(LockModeType.class)); // no locking read per key
        org.mockito.InOrder inserting = org.mockito.Mockito.inOrder(em, writes);
        inserting.verify(em).flush(); // inserted at once, so that a racing insert of the same key fails here
        inserting.verify(em).detach(inserted.getValue());
        inserting.verify(writes).setString(3, "user"); // and counted in by the one write
        inserting.verify(writes).executeUpdate();
    }

    @Test
    void a_send_writes_every_window_it_changed_with_one_statement_not_an_update_per_row() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        RateLimitWindowEntity user = row("user", "", 0);
        RateLimitWindowEntity verifyWindow = row("verify", "", 0);
        RateLimitWindowEntity readyLongEnough = row("verifyok", "", Long.MAX_VALUE);
        existingRows(app, user, verifyWindow, readyLongEnough);

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("10/1d")), new LimitedKey("user", Limit.parse("5/1h"))),
                List.of("verify", "verifyok"), NOW.toEpochMilli() + 300_000, null, NOTHING_ELSE);

        // Each row read by the locking query leaves the persistence context, so no UPDATE of its own follows.
        for (RateLimitWindowEntity row : List.of(app, user, verifyWindow, readyLongEnough)) {
            verify(em).detach(row);
        }
        verify(connection).prepareStatement(JpaRateLimiter.writeStatement("PIN2FA_RATE_WINDOW"));
        verify(writes).executeUpdate();
        assertWritten(0, app);
        assertWritten(1, user);
        assertWritten(2, verifyWindow); // its end moved to outlive the PIN
        assertThat(verifyWindow.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 300_000 + JpaRateLimiter.PREPARED_SLACK_MILLIS);
        for (int i = 3; i < 16; i++) {
            assertWritten(i, verifyWindow); // padded with the last row
        }
        verify(writes, never()).setString(org.mockito.ArgumentMatchers.anyInt(), eq("verifyok")); // unchanged: not written
        assertThat(SlidingWindowCounter.decode(app.getSlots())).hasSize(1);
        assertThat(SlidingWindowCounter.decode(user.getSlots())).hasSize(1);
    }

    /** Row {@code i} of the write: its key, slots and end at their places in the statement. */
    private void assertWritten(int i, RateLimitWindowEntity row) throws Exception {
        verify(writes).setString(1 + 2 * i, row.getLimitKey()); // SLOTS = CASE LIMIT_KEY WHEN ? THEN ?
        verify(writes).setString(2 + 2 * i, row.getSlots());
        verify(writes).setString(33 + 2 * i, row.getLimitKey()); // EXPIRES_AT = CASE LIMIT_KEY WHEN ? THEN ?
        verify(writes).setLong(34 + 2 * i, row.getExpiresAt());
        verify(writes).setString(65 + i, row.getLimitKey()); // WHERE LIMIT_KEY IN (?, ...)
    }

    @Test
    void the_write_statement_sets_sixteen_rows_by_key_and_touches_no_other() throws Exception {
        String sql = JpaRateLimiter.writeStatement("S.PIN2FA_RATE_WINDOW");

        assertThat(sql).startsWith("UPDATE S.PIN2FA_RATE_WINDOW SET SLOTS = CASE LIMIT_KEY WHEN ? THEN ?")
                .contains(" ELSE SLOTS END, EXPIRES_AT = CASE LIMIT_KEY WHEN ? THEN ?")
                .endsWith(" ELSE EXPIRES_AT END WHERE LIMIT_KEY IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(80);
    }

    @Test
    void a_refused_send_writes_no_window() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        existingRows(row("app", full, NOW.toEpochMilli() + 1_000), row("user", "", 0));

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("1/1d")), new LimitedKey("user", Limit.parse("5/1h"))),
                List.of(), 0, null, NOTHING_ELSE);

        verify(writes, never()).executeUpdate();
    }

    @Test
    void the_locking_query_always_binds_sixteen_keys_so_its_translation_is_cached() throws Exception {
        existingRows(row("a", "", 0), row("b", "", 0));

        limiter.admit(List.of(new LimitedKey("b", Limit.parse("10/1d")), new LimitedKey("a", Limit.parse("10/1d"))),
                List.of(), 0, null, NOTHING_ELSE);

        verify(windows).setParameter("k0", "a");
        verify(windows).setParameter("k1", "b");
        for (int i = 2; i < 16; i++) {
            verify(windows).setParameter("k" + i, "b"); // padded with the last key
        }
        verify(em).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class);
    }

    @Test
    void more_keys_than_one_query_binds_take_a_second_query_in_key_order() throws Exception {
        existingRows();
        List<LimitedKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 17; i++) {
            keys.add(new LimitedKey(String.format("key%02d", i), Limit.parse("10/1d")));
        }

        limiter.admit(keys, List.of(), 0, null, NOTHING_ELSE);

        org.mockito.InOrder order = org.mockito.Mockito.inOrder(windows);
        order.verify(windows).setParameter("k0", "key00");
        order.verify(windows).setParameter("k15", "key15");
        order.verify(windows).setParameter("k0", "key16");
        verify(em, org.mockito.Mockito.times(2)).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class);
    }

    @Test
    void a_send_readies_its_verify_window_for_the_pin_s_life_and_longer_without_counting_in_it() throws Exception {
        long pinExpiry = NOW.toEpochMilli() + 300_000;
        RateLimitWindowEntity verifyWindow = row("verify", "", NOW.toEpochMilli() + 60_000);
        existingRows(row("app", "", 0), verifyWindow);

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("10/1d"))), List.of("verify"), pinExpiry, null, NOTHING_ELSE).verdict();

        assertThat(verifyWindow.getSlots()).isEmpty();
        assertThat(verifyWindow.getExpiresAt()).isEqualTo(pinExpiry + JpaRateLimiter.PREPARED_SLACK_MILLIS);
    }

    @Test
    void a_verify_window_ready_long_enough_is_not_written_again() throws Exception {
        long readyUntil = NOW.toEpochMilli() + 1_000_000;
        RateLimitWindowEntity verifyWindow = row("verify", "", readyUntil);
        existingRows(row("app", "", 0), verifyWindow);

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("10/1d"))), List.of("verify"),
                NOW.toEpochMilli() + 300_000, null, NOTHING_ELSE).verdict();

        assertThat(verifyWindow.getExpiresAt()).isEqualTo(readyUntil);
    }

    @Test
    void what_an_admitted_event_writes_goes_into_the_transaction_that_spends_its_budgets_and_a_refusal_writes_none() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        RateLimitWindowEntity app = row("app", full, NOW.toEpochMilli() + 1_000);
        existingRows(app);
        List<KeycloakSession> writtenIn = new java.util.ArrayList<>();

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d"))), List.of(), 0, null, writtenIn::add);
        JpaRateLimiter.Verdict refused = limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d"))), List.of(), 0, null,
                writtenIn::add).verdict();

        assertThat(writtenIn).containsExactly(session); // the budgets' own session, once: not for the refused one
        assertThat(refused.decision().allowed()).isFalse();
    }

    @Test
    void a_refused_send_readies_nothing() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        RateLimitWindowEntity verifyWindow = row("verify", "", NOW.toEpochMilli() + 60_000);
        existingRows(row("app", full, NOW.toEpochMilli() + 1_000), verifyWindow);

        JpaRateLimiter.Verdict verdict = limiter.admit(
                List.of(new LimitedKey("app", Limit.parse("1/1d"))), List.of("verify"), NOW.toEpochMilli() + 300_000, null, NOTHING_ELSE).verdict();

        assertThat(verdict.decision().allowed()).isFalse();
        assertThat(verdict.refusedBy().key()).isEqualTo("app");
        assertThat(verifyWindow.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 60_000);
    }

    private static RateLimitWindowEntity row(String slots) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(KEY.key());
        row.setSlots(slots);
        row.setExpiresAt(NOW.toEpochMilli() + 600_000);
        return row;
    }

    @Test
    void a_missing_window_decides_nothing_counts_nothing_and_opens_no_transaction() throws Exception {
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(null);

        assertThat(limiter.tryAcquireIfReady(session, KEY)).isEmpty();
        verify(em, never()).persist(any());
        verify(factory, never()).create(); // no session of its own, so no second connection
    }

    @Test
    void a_ready_window_counts_the_verify_in_its_locked_row() throws Exception {
        RateLimitWindowEntity row = row("");
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(row);

        assertThat(limiter.tryAcquireIfReady(session, KEY)).contains(LimitDecision.allow());
        assertThat(SlidingWindowCounter.decode(row.getSlots())).hasSize(1);
        assertThat(row.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 600_000); // still the PIN's life, the longer one
        verify(em, never()).detach(any()); // a managed row: the request's flush writes it
        verify(writes, never()).executeUpdate();
    }

    @Test
    void a_verify_takes_its_ready_windows_with_one_locking_query_and_counts_in_each() throws Exception {
        RateLimitWindowEntity verifyWindow = row("verify", "", NOW.toEpochMilli() + 600_000);
        RateLimitWindowEntity verified = row("verifyok", "", NOW.toEpochMilli() + 600_000);
        existingRows(verified, verifyWindow);

        Optional<LimitDecision> decision = limiter.tryAcquireAllIfReady(session, List.of(
                new LimitedKey("verifyok", Limit.parse("100/1h")), new LimitedKey("verify", Limit.parse("2/1m"))));

        assertThat(decision).contains(LimitDecision.allow());
        assertThat(SlidingWindowCounter.decode(verifyWindow.getSlots())).hasSize(1);
        assertThat(SlidingWindowCounter.decode(verified.getSlots())).hasSize(1);
        verify(windows).setParameter("k0", "verify"); // in key order
        verify(windows).setParameter("k1", "verifyok");
        assertWritten(0, verifyWindow); // both written by one statement
        assertWritten(1, verified);
        verify(writes).executeUpdate();
        verify(em).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class);
        verify(em, never()).find(eq(RateLimitWindowEntity.class), any(), any(LockModeType.class));
        verify(em, never()).persist(any());
    }

    @Test
    void a_verify_one_of_whose_windows_refuses_counts_in_none_and_one_without_windows_counts_nowhere() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 2)));
        RateLimitWindowEntity verifyWindow = row("verify", full, NOW.toEpochMilli() + 600_000);
        RateLimitWindowEntity verified = row("verifyok", "", NOW.toEpochMilli() + 600_000);
        existingRows(verifyWindow, verified);
        List<LimitedKey> keys = List.of(new LimitedKey("verify", Limit.parse("2/1m")), new LimitedKey("verifyok", Limit.parse("100/1h")));

        Optional<LimitDecision> decision = limiter.tryAcquireAllIfReady(session, keys);

        assertThat(decision).hasValueSatisfying(d -> assertThat(d.allowed()).isFalse());
        assertThat(verifyWindow.getSlots()).isEqualTo(full);
        assertThat(verified.getSlots()).isEmpty();

        existingRows();
        assertThat(limiter.tryAcquireAllIfReady(session, keys)).isEmpty();
        verify(em, never()).persist(any());
        verify(factory, never()).create(); // no session of its own, so no second connection
    }

    @Test
    void a_window_s_end_moves_in_steps_so_most_events_leave_its_indexed_column_alone() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        existingRows(app);
        LimitedKey limit = new LimitedKey("app", Limit.parse("10/1d"));

        limiter.admit(List.of(limit), List.of(), 0, null, NOTHING_ELSE);

        long firstEnd = NOW.toEpochMilli() + 86_400_000L + 15 * 60_000L; // the event's end, plus 15 minutes
        assertThat(app.getExpiresAt()).isEqualTo(firstEnd);
        JpaRateLimiter later = new JpaRateLimiter(factory, Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));
        later.admit(List.of(limit), List.of(), 0, null, NOTHING_ELSE);
        assertThat(app.getExpiresAt()).isEqualTo(firstEnd); // ten minutes on: still ahead of the events, not rewritten
        assertThat(SlidingWindowCounter.decode(app.getSlots())).isNotEmpty();
        JpaRateLimiter muchLater = new JpaRateLimiter(factory, Clock.fixed(NOW.plusSeconds(1200), ZoneOffset.UTC));
        muchLater.admit(List.of(limit), List.of(), 0, null, NOTHING_ELSE);
        assertThat(app.getExpiresAt()).isGreaterThanOrEqualTo(NOW.toEpochMilli() + 1_200_000 + 86_400_000L);
        assertThat(JpaRateLimiter.expirySlack(Limit.parse("5/1m"))).isEqualTo(60_000); // a short window: its own length
    }

    @Test
    void a_full_window_refuses_and_keeps_its_slots() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(
                new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 20_000, 1), new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 10_000, 1)));
        RateLimitWindowEntity row = row(full);
        when(em.find(RateLimitWindowEntity.class, KEY.key(), LockModeType.PESSIMISTIC_WRITE)).thenReturn(row);

        Optional<LimitDecision> decision = limiter.tryAcquireIfReady(session, KEY);

        assertThat(decision).hasValueSatisfying(d -> assertThat(d.allowed()).isFalse());
        assertThat(decision.get().retryAfter().toMillis()).isEqualTo(40_000);
        assertThat(row.getSlots()).isEqualTo(full);
    }

    @Test
    void a_throttle_reads_its_two_windows_in_the_send_s_transaction_and_counts_only_when_they_say_so() throws Exception {
        String tenSent = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 10)));
        String oneVerified = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        RateLimitWindowEntity sent = row("sent", tenSent, NOW.toEpochMilli() + 3_600_000);
        RateLimitWindowEntity throttled = row("throttled", "", 0);
        existingRows(sent, row("verified", oneVerified, NOW.toEpochMilli() + 3_600_000), throttled);
        Limit counting = new Limit(Integer.MAX_VALUE, io.github.keycloakpin2fa.engine.time.TimeLength.parse("1h"));
        JpaRateLimiter.Throttle throttle = new JpaRateLimiter.Throttle("sent", "verified", 3_600_000,
                (s, v) -> s >= 10 && v * 100 < 20 * s, new LimitedKey("throttled", Limit.parse("5/1h")));

        JpaRateLimiter.Admission admission = limiter.admit(List.of(new LimitedKey("sent", counting)), List.of("verified"), 0, throttle, NOTHING_ELSE);

        assertThat(admission.throttled()).isTrue();
        assertThat(admission.sent()).isEqualTo(10);
        assertThat(admission.verified()).isEqualTo(1);
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(throttled.getSlots()), 3_600_000, NOW.toEpochMilli()))
                .isEqualTo(1);
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(sent.getSlots()), 3_600_000, NOW.toEpochMilli()))
                .isEqualTo(11);
    }

    @Test
    void a_throttle_whose_windows_look_fine_counts_nothing_in_its_limit() throws Exception {
        RateLimitWindowEntity throttled = row("throttled", "", 0);
        existingRows(row("sent", "", 0), row("verified", "", 0), throttled);
        JpaRateLimiter.Throttle throttle = new JpaRateLimiter.Throttle("sent", "verified", 3_600_000,
                (s, v) -> s >= 10, new LimitedKey("throttled", Limit.parse("5/1h")));

        JpaRateLimiter.Admission admission = limiter.admit(List.of(new LimitedKey("sent", Limit.parse("1000/1h"))), List.of("verified"),
                0, throttle, NOTHING_ELSE);

        assertThat(admission.throttled()).isFalse();
        assertThat(throttled.getSlots()).isEmpty();
    }
}
