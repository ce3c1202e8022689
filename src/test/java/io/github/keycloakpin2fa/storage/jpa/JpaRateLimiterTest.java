package io.github.keycloakpin2fa.storage.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.concurrent.atomic.AtomicInteger;
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
    private final JpaRateLimiter limiter = new JpaRateLimiter(factory, () -> em, Clock.fixed(NOW, ZoneOffset.UTC));
    /**
     * The window table behind the plain SQL statements: the rows the tests made, read by
     * {@link #reads} and changed by {@link #writes} and {@link #replaces} as a database would.
     */
    private final java.util.Map<String, RateLimitWindowEntity> table = new java.util.TreeMap<>();
    private final KeycloakTransactionManager transaction = mock(KeycloakTransactionManager.class);
    /** What the rows the current transaction wrote held before it wrote them. */
    private final java.util.Map<String, RateLimitWindowEntity> writtenBefore = new java.util.HashMap<>();
    /** The one statement that writes a decision's locked rows, on the transaction's own connection. */
    private final PreparedStatement writes = statement(this::write);
    /** The plain read of up to sixteen rows. */
    private final PreparedStatement reads = statement(params -> 0);
    /** The compare-and-set write of one row. */
    private final PreparedStatement replaces = statement(this::replace);
    private final Connection connection = mock(Connection.class);
    /** An admitted event that writes nothing else. */
    private static final JpaRateLimiter.AlsoWritten NOTHING_ELSE = JpaRateLimiter.AlsoWritten.NOTHING;
    /** The server's pool, which gives a send's first try its connection of its own. */
    private final org.keycloak.connections.jpa.JpaConnectionProviderFactory pool = mock(org.keycloak.connections.jpa.JpaConnectionProviderFactory.class);

    @BeforeEach
    void setUp() throws Exception {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        when(jpa.getEntityManager()).thenReturn(em);
        when(session.getTransactionManager()).thenReturn(transaction);
        // A transaction of the fake table: the rows it wrote get back what they held before it.
        org.mockito.Mockito.doAnswer(call -> endFakeTransaction(false)).when(transaction).begin();
        org.mockito.Mockito.doAnswer(call -> endFakeTransaction(true)).when(transaction).setRollbackOnly();
        when(factory.create()).thenReturn(session); // the locking way's transaction
        // The first try's transaction, on a connection of its own: a rollback puts back what it wrote.
        when(factory.getProviderFactory(JpaConnectionProvider.class)).thenReturn(pool);
        when(pool.getConnection()).thenReturn(connection);
        org.mockito.Mockito.doAnswer(call -> endFakeTransaction(false)).when(connection).commit();
        org.mockito.Mockito.doAnswer(call -> endFakeTransaction(true)).when(connection).rollback();
        Session hibernate = mock(Session.class);
        when(em.unwrap(Session.class)).thenReturn(hibernate);
        org.mockito.Mockito.doAnswer(call -> {
            call.<Work>getArgument(0).execute(connection);
            return null;
        }).when(hibernate).doWork(any());
        when(connection.prepareStatement(JpaRateLimiter.writeStatement("PIN2FA_RATE_WINDOW"))).thenReturn(writes);
        when(connection.prepareStatement(JpaRateLimiter.readStatement("PIN2FA_RATE_WINDOW"))).thenReturn(reads);
        when(connection.prepareStatement(JpaRateLimiter.replaceStatement("PIN2FA_RATE_WINDOW"))).thenReturn(replaces);
        org.mockito.Mockito.doAnswer(call -> call.<org.hibernate.jdbc.ReturningWork<?>>getArgument(0).execute(connection))
                .when(hibernate).doReturningWork(any());
        jakarta.persistence.EntityManagerFactory emf = mock(jakarta.persistence.EntityManagerFactory.class);
        org.hibernate.engine.spi.SessionFactoryImplementor factoryImpl = mock(org.hibernate.engine.spi.SessionFactoryImplementor.class,
                org.mockito.Mockito.RETURNS_DEEP_STUBS);
        when(factoryImpl.getMappingMetamodel().getEntityDescriptor(RateLimitWindowEntity.class).getIdentifierTableDetails().getTableName())
                .thenReturn("PIN2FA_RATE_WINDOW");
        when(em.getEntityManagerFactory()).thenReturn(emf);
        when(emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)).thenReturn(factoryImpl);
    }

    /**
     * Ends a transaction of the fake table (a new one starts clean): a rollback gives the rows it
     * wrote back what they held before it.
     */
    private Void endFakeTransaction(boolean rolledBack) {
        if (rolledBack) {
            writtenBefore.forEach((key, was) -> {
                table.get(key).setSlots(was.getSlots());
                table.get(key).setExpiresAt(was.getExpiresAt());
            });
        }
        writtenBefore.clear();
        return null;
    }

    private TypedQuery<RateLimitWindowEntity> windows;

    /** A statement that keeps its parameters and runs {@code update} on them. */
    private PreparedStatement statement(java.util.function.ToIntFunction<java.util.Map<Integer, Object>> update) {
        java.util.Map<Integer, Object> params = new java.util.HashMap<>();
        PreparedStatement statement = mock(PreparedStatement.class);
        try {
            org.mockito.Mockito.doAnswer(call -> params.put(call.getArgument(0), call.getArgument(1))).when(statement)
                    .setString(org.mockito.ArgumentMatchers.anyInt(), any());
            org.mockito.Mockito.doAnswer(call -> params.put(call.getArgument(0), call.getArgument(1))).when(statement)
                    .setLong(org.mockito.ArgumentMatchers.anyInt(), org.mockito.ArgumentMatchers.anyLong());
            when(statement.executeUpdate()).thenAnswer(call -> update.applyAsInt(params));
            // A batch runs its statements one after the other, in the order they were added.
            List<java.util.Map<Integer, Object>> batch = new java.util.ArrayList<>();
            org.mockito.Mockito.doAnswer(call -> batch.add(new java.util.HashMap<>(params))).when(statement).addBatch();
            when(statement.executeBatch()).thenAnswer(call -> {
                int[] counts = batch.stream().mapToInt(update).toArray();
                batch.clear();
                return counts;
            });
            when(statement.executeQuery()).thenAnswer(call -> resultSet(params));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return statement;
    }

    /** The rows of the keys bound to the read (places 1 to 16), as they are now. */
    private java.sql.ResultSet resultSet(java.util.Map<Integer, Object> params) throws java.sql.SQLException {
        java.util.Iterator<RateLimitWindowEntity> rows = table.values().stream()
                .filter(row -> params.values().contains(row.getLimitKey())).map(row -> row(row.getLimitKey(), row.getSlots(), row.getExpiresAt()))
                .toList().iterator();
        java.sql.ResultSet result = mock(java.sql.ResultSet.class);
        RateLimitWindowEntity[] current = new RateLimitWindowEntity[1];
        when(result.next()).thenAnswer(call -> {
            current[0] = rows.hasNext() ? rows.next() : null;
            return current[0] != null;
        });
        when(result.getString(1)).thenAnswer(call -> current[0].getLimitKey());
        when(result.getString(2)).thenAnswer(call -> current[0].getSlots());
        when(result.getLong(3)).thenAnswer(call -> current[0].getExpiresAt());
        return result;
    }

    /** The unconditional write: each row bound gets the slots and end bound for its key. */
    private int write(java.util.Map<Integer, Object> params) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (int i = 0; i < 16; i++) {
            keys.add((String) params.get(65 + i));
        }
        int written = 0;
        for (String key : keys) {
            RateLimitWindowEntity row = table.get(key);
            if (row != null) {
                writtenBefore.putIfAbsent(key, row(key, row.getSlots(), row.getExpiresAt()));
                row.setSlots((String) whenThen(params, 1, key));
                row.setExpiresAt((Long) whenThen(params, 33, key));
                written++;
            }
        }
        return written;
    }

    /** The compare-and-set of one row: written only if it still holds the slots bound last (place 4). */
    private int replace(java.util.Map<Integer, Object> params) {
        RateLimitWindowEntity row = table.get((String) params.get(3));
        if (row == null || !row.getSlots().equals(params.get(4))) {
            return 0;
        }
        writtenBefore.putIfAbsent(row.getLimitKey(), row(row.getLimitKey(), row.getSlots(), row.getExpiresAt()));
        row.setSlots((String) params.get(1));
        row.setExpiresAt((Long) params.get(2));
        return 1;
    }

    /** What {@code CASE LIMIT_KEY WHEN ? THEN ? ...} starting at place {@code first} gives for {@code key}. */
    private static Object whenThen(java.util.Map<Integer, Object> params, int first, String key) {
        for (int i = 0; i < 16; i++) {
            if (key.equals(params.get(first + 2 * i))) {
                return params.get(first + 2 * i + 1);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void existingRows(RateLimitWindowEntity... rows) {
        table.clear();
        for (RateLimitWindowEntity row : rows) {
            table.put(row.getLimitKey(), row);
        }
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
    void a_send_reads_its_windows_without_a_lock_and_writes_the_changed_ones_by_one_batch_of_compare_and_sets() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        RateLimitWindowEntity user = row("user", "", 0);
        RateLimitWindowEntity verifyWindow = row("verify", "", 0);
        RateLimitWindowEntity readyLongEnough = row("verifyok", "", Long.MAX_VALUE);
        existingRows(app, user, verifyWindow, readyLongEnough);

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("10/1d")), new LimitedKey("user", Limit.parse("5/1h"))),
                List.of("verify", "verifyok"), NOW.toEpochMilli() + 300_000, null, NOTHING_ELSE);

        verify(reads).setString(1, "app"); // one plain read, in key order, padded with the last key
        verify(reads).setString(2, "user");
        verify(reads).setString(3, "verify");
        for (int i = 4; i <= 16; i++) {
            verify(reads).setString(i, "verifyok");
        }
        verify(reads).executeQuery();
        verify(em, never()).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class); // no locking query
        org.mockito.InOrder inKeyOrder = org.mockito.Mockito.inOrder(replaces);
        for (RateLimitWindowEntity row : List.of(app, user, verifyWindow)) { // a row at a time, in key order
            inKeyOrder.verify(replaces).setString(1, row.getSlots());
            inKeyOrder.verify(replaces).setLong(2, row.getExpiresAt());
            inKeyOrder.verify(replaces).setString(3, row.getLimitKey());
            inKeyOrder.verify(replaces).setString(4, ""); // the slots read
            inKeyOrder.verify(replaces).addBatch();
        }
        inKeyOrder.verify(replaces).executeBatch(); // sent at once
        verify(replaces, never()).executeUpdate();
        assertThat(verifyWindow.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 300_000 + JpaRateLimiter.PREPARED_SLACK_MILLIS);
        verify(replaces, never()).setString(3, "verifyok"); // unchanged: not written
        verify(writes, never()).executeUpdate();
        assertThat(SlidingWindowCounter.decode(app.getSlots())).hasSize(1);
        assertThat(SlidingWindowCounter.decode(user.getSlots())).hasSize(1);
    }

    @Test
    void a_send_whose_rows_all_exist_is_decided_on_a_connection_of_its_own_with_no_keycloak_session() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        existingRows(app);

        JpaRateLimiter.Verdict verdict = limiter.admit(List.of(new LimitedKey("app", Limit.parse("10/1d"))), List.of(), 0, null,
                NOTHING_ELSE).verdict();

        assertThat(verdict.decision().allowed()).isTrue();
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(pool, connection, replaces);
        order.verify(pool).getConnection();
        order.verify(connection).setAutoCommit(false);
        order.verify(replaces).executeBatch();
        order.verify(connection).commit();
        verify(factory, never()).create(); // no Keycloak session, entity manager or JTA transaction of its own
        assertThat(SlidingWindowCounter.decode(app.getSlots())).hasSize(1);
    }

    @Test
    void a_send_whose_window_changed_since_it_was_read_is_rolled_back_and_taken_again_on_locked_rows() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        RateLimitWindowEntity user = row("user", "", 0);
        existingRows(app, user);
        racedBefore(1, user); // another node's send, committed after this one wrote app

        JpaRateLimiter.Verdict verdict = limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d")),
                new LimitedKey("user", Limit.parse("5/1h"))), List.of(), 0, null, NOTHING_ELSE).verdict();

        assertThat(verdict.decision().allowed()).isTrue();
        verify(connection).rollback(); // app's compare-and-set is undone
        verify(windows).setLockMode(LockModeType.PESSIMISTIC_WRITE); // then the locking query
        verify(writes).executeUpdate();
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(app.getSlots()), 86_400_000L, NOW.toEpochMilli()))
                .as("counted once, not twice").isEqualTo(1);
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(user.getSlots()), 3_600_000L, NOW.toEpochMilli()))
                .as("the other send and this one").isEqualTo(2);
    }

    @Test
    void a_send_whose_first_window_changed_is_rolled_back_whole_though_its_batch_wrote_the_rows_after_it() throws Exception {
        RateLimitWindowEntity app = row("app", "", 0);
        RateLimitWindowEntity user = row("user", "", 0);
        existingRows(app, user);
        AtomicInteger replaced = racedBefore(0, app); // between the read and this write

        JpaRateLimiter.Verdict verdict = limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d")),
                new LimitedKey("user", Limit.parse("5/1h"))), List.of(), 0, null, NOTHING_ELSE).verdict();

        assertThat(verdict.decision().allowed()).isTrue();
        assertThat(replaced).as("the batch went on to user's row").hasValue(2);
        verify(connection).rollback(); // user's compare-and-set, which held, is undone with the rest
        verify(writes).executeUpdate(); // then taken on locked rows
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(user.getSlots()), 3_600_000L, NOW.toEpochMilli()))
                .as("counted once, not twice").isEqualTo(1);
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(app.getSlots()), 86_400_000L, NOW.toEpochMilli()))
                .as("the other send and this one").isEqualTo(2);
    }

    /**
     * The compare-and-set statement, with another node's send (one event a second ago) committed to
     * {@code row} just before its compare-and-set number {@code call} (from 0).
     *
     * @return how many compare-and-sets ran
     */
    private AtomicInteger racedBefore(int call, RateLimitWindowEntity row) throws Exception {
        String oneEarlier = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        AtomicInteger replaced = new AtomicInteger();
        PreparedStatement racing = statement(params -> {
            if (replaced.getAndIncrement() == call) {
                row.setSlots(oneEarlier);
            }
            return replace(params);
        });
        when(connection.prepareStatement(JpaRateLimiter.replaceStatement("PIN2FA_RATE_WINDOW"))).thenReturn(racing);
        return replaced;
    }

    /** Row {@code i} of a write: its key, slots and end at their places in the statement. */
    private static void assertWritten(PreparedStatement statement, int i, RateLimitWindowEntity row) throws Exception {
        verify(statement).setString(1 + 2 * i, row.getLimitKey()); // SLOTS = CASE LIMIT_KEY WHEN ? THEN ?
        verify(statement).setString(2 + 2 * i, row.getSlots());
        verify(statement).setString(33 + 2 * i, row.getLimitKey()); // EXPIRES_AT = CASE LIMIT_KEY WHEN ? THEN ?
        verify(statement).setLong(34 + 2 * i, row.getExpiresAt());
        verify(statement).setString(65 + i, row.getLimitKey()); // WHERE LIMIT_KEY IN (?, ...)
    }

    @Test
    void the_write_statement_sets_sixteen_rows_by_key_and_touches_no_other() throws Exception {
        String sql = JpaRateLimiter.writeStatement("S.PIN2FA_RATE_WINDOW");

        assertThat(sql).startsWith("UPDATE S.PIN2FA_RATE_WINDOW SET SLOTS = CASE LIMIT_KEY WHEN ? THEN ?")
                .contains(" ELSE SLOTS END, EXPIRES_AT = CASE LIMIT_KEY WHEN ? THEN ?")
                .endsWith(" ELSE EXPIRES_AT END WHERE LIMIT_KEY IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(80);
        assertThat(JpaRateLimiter.replaceStatement("S.PIN2FA_RATE_WINDOW"))
                .isEqualTo("UPDATE S.PIN2FA_RATE_WINDOW SET SLOTS = ?, EXPIRES_AT = ? WHERE LIMIT_KEY = ? AND SLOTS = ?");
        assertThat(JpaRateLimiter.readStatement("S.PIN2FA_RATE_WINDOW"))
                .isEqualTo("SELECT LIMIT_KEY, SLOTS, EXPIRES_AT FROM S.PIN2FA_RATE_WINDOW WHERE LIMIT_KEY IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Test
    void a_refused_send_writes_no_window() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        existingRows(row("app", full, NOW.toEpochMilli() + 1_000), row("user", "", 0));

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("1/1d")), new LimitedKey("user", Limit.parse("5/1h"))),
                List.of(), 0, null, NOTHING_ELSE);

        verify(writes, never()).executeUpdate();
        verify(replaces, never()).executeUpdate();
    }

    @Test
    void the_locking_query_always_binds_sixteen_keys_so_its_translation_is_cached() throws Exception {
        existingRows(row("a", "", 0)); // b is missing: taken the locking way, which creates it

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
        List<Connection> writtenIn = new java.util.ArrayList<>();

        limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d"))), List.of(), 0, null, writtenIn::add);
        JpaRateLimiter.Verdict refused = limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d"))), List.of(), 0, null,
                writtenIn::add).verdict();

        assertThat(writtenIn).containsExactly(connection); // the budgets' own transaction, once: not for the refused one
        assertThat(refused.decision().allowed()).isFalse();
    }

    @Test
    void what_the_admitted_event_s_own_part_throws_rolls_back_and_is_not_taken_again() throws Exception {
        existingRows(row("app", "", NOW.toEpochMilli() + 1_000)); // read without locks, then
        RuntimeException refusal = new IllegalStateException("the caller's own refusal");
        List<Connection> calls = new java.util.ArrayList<>();
        JpaRateLimiter.AlsoWritten refusing = tx -> {
            calls.add(tx);
            throw refusal;
        };

        assertThatThrownBy(() -> limiter.admit(List.of(new LimitedKey("app", Limit.parse("2/1d"))), List.of(), 0, null, refusing))
                .isSameAs(refusal);
        assertThatThrownBy(() -> limiter.admit(List.of(new LimitedKey("new", Limit.parse("2/1d"))), List.of(), 0, null, refusing))
                .as("on the locking way too (a key without a row)").isSameAs(refusal);

        assertThat(calls).hasSize(2);
        verify(connection).rollback(); // the first try's own transaction
        verify(transaction).setRollbackOnly(); // the locking way's
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
        existingRows();

        assertThat(limiter.tryAcquireAllIfReady(session, List.of(KEY))).isEmpty();
        verify(em, never()).persist(any());
        verify(factory, never()).create(); // no session of its own, so no second connection
    }

    @Test
    void a_ready_window_counts_the_verify_by_compare_and_set_without_a_locking_query() throws Exception {
        RateLimitWindowEntity row = row("");
        existingRows(row);

        assertThat(limiter.tryAcquireAllIfReady(session, List.of(KEY))).contains(LimitDecision.allow());
        assertThat(SlidingWindowCounter.decode(row.getSlots())).hasSize(1);
        assertThat(row.getExpiresAt()).isEqualTo(NOW.toEpochMilli() + 600_000); // still the PIN's life, the longer one
        verify(replaces).executeUpdate();
        verify(writes, never()).executeUpdate();
        verify(em, never()).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class);
        verify(em, never()).find(eq(RateLimitWindowEntity.class), any(), any(LockModeType.class));
    }

    @Test
    void a_verify_whose_window_changed_since_it_was_read_puts_back_what_it_wrote_and_decides_on_locked_rows() throws Exception {
        RateLimitWindowEntity verifyWindow = row("verify", "", NOW.toEpochMilli() + 600_000);
        RateLimitWindowEntity verified = row("verifyok", "", NOW.toEpochMilli() + 600_000);
        existingRows(verifyWindow, verified);
        String oneEarlier = SlidingWindowCounter.encode(List.of(new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 1_000, 1)));
        // verify's compare-and-set goes through; verifyok's finds another request's event.
        java.util.List<Integer> answers = new java.util.ArrayList<>();
        PreparedStatement racing = statement(params -> {
            if (answers.size() == 1) {
                verified.setSlots(oneEarlier); // between this verify's read and its second write
            }
            int written = replace(params);
            answers.add(written);
            return written;
        });
        when(connection.prepareStatement(JpaRateLimiter.replaceStatement("PIN2FA_RATE_WINDOW"))).thenReturn(racing);

        Optional<LimitDecision> decision = limiter.tryAcquireAllIfReady(session, List.of(
                new LimitedKey("verify", Limit.parse("2/1m")), new LimitedKey("verifyok", Limit.parse("100/1h"))));

        assertThat(decision).contains(LimitDecision.allow());
        assertThat(answers).containsExactly(1, 0, 1); // verify written, verifyok raced, verify put back
        verify(windows).setLockMode(LockModeType.PESSIMISTIC_WRITE); // then both taken the locking way
        verify(writes).executeUpdate();
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(verifyWindow.getSlots()), 60_000, NOW.toEpochMilli()))
                .as("counted once, not twice").isEqualTo(1);
        assertThat(SlidingWindowCounter.count(SlidingWindowCounter.decode(verified.getSlots()), 3_600_000, NOW.toEpochMilli()))
                .as("the other request's and this one").isEqualTo(2);
    }

    @Test
    void a_verify_reads_its_ready_windows_with_one_plain_query_and_counts_in_each() throws Exception {
        RateLimitWindowEntity verifyWindow = row("verify", "", NOW.toEpochMilli() + 600_000);
        RateLimitWindowEntity verified = row("verifyok", "", NOW.toEpochMilli() + 600_000);
        existingRows(verified, verifyWindow);

        Optional<LimitDecision> decision = limiter.tryAcquireAllIfReady(session, List.of(
                new LimitedKey("verifyok", Limit.parse("100/1h")), new LimitedKey("verify", Limit.parse("2/1m"))));

        assertThat(decision).contains(LimitDecision.allow());
        assertThat(SlidingWindowCounter.decode(verifyWindow.getSlots())).hasSize(1);
        assertThat(SlidingWindowCounter.decode(verified.getSlots())).hasSize(1);
        verify(reads).setString(1, "verify"); // in key order
        verify(reads).setString(2, "verifyok");
        verify(reads).executeQuery();
        verify(replaces, org.mockito.Mockito.times(2)).executeUpdate(); // a compare-and-set each, so a race can be put back
        verify(em, never()).createNamedQuery("pin2fa.windows", RateLimitWindowEntity.class);
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
        JpaRateLimiter later = new JpaRateLimiter(factory, () -> em, Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));
        later.admit(List.of(limit), List.of(), 0, null, NOTHING_ELSE);
        assertThat(app.getExpiresAt()).isEqualTo(firstEnd); // ten minutes on: still ahead of the events, not rewritten
        assertThat(SlidingWindowCounter.decode(app.getSlots())).isNotEmpty();
        JpaRateLimiter muchLater = new JpaRateLimiter(factory, () -> em, Clock.fixed(NOW.plusSeconds(1200), ZoneOffset.UTC));
        muchLater.admit(List.of(limit), List.of(), 0, null, NOTHING_ELSE);
        assertThat(app.getExpiresAt()).isGreaterThanOrEqualTo(NOW.toEpochMilli() + 1_200_000 + 86_400_000L);
        assertThat(JpaRateLimiter.expirySlack(Limit.parse("5/1m"))).isEqualTo(60_000); // a short window: its own length
    }

    @Test
    void a_full_window_refuses_and_keeps_its_slots() throws Exception {
        String full = SlidingWindowCounter.encode(List.of(
                new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 20_000, 1), new SlidingWindowCounter.Slot(NOW.toEpochMilli() - 10_000, 1)));
        RateLimitWindowEntity row = row(full);
        existingRows(row);

        Optional<LimitDecision> decision = limiter.tryAcquireAllIfReady(session, List.of(KEY));

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
