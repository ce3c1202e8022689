package io.github.keycloakpin2fa.storage.jpa;

import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.RateLimiter;
import io.github.keycloakpin2fa.engine.limit.SlidingWindowCounter;
import io.github.keycloakpin2fa.engine.time.Limit;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Rate limits in Keycloak's database, exact across a cluster: each key has one row holding its
 * window's slots ({@link SlidingWindowCounter}). A decision reads and writes one short row per key,
 * whatever the number of events in the window; the rows of one decision are read by one statement,
 * however many keys it takes.
 *
 * <p>Two ways to take a decision, the same decisions either way:
 * <ul>
 * <li>first, without a lock: the rows read by a plain {@code SELECT}, and the changed ones written
 *     only where they still hold the slots read (compare-and-set: the write locks them until the
 *     transaction ends). A plain query is one the database keeps parsed; a locking one H2 parses
 *     anew on every execution.</li>
 * <li>when a row is missing, or another request changed one in between: the rows locked
 *     ({@code SELECT ... FOR UPDATE}, in key order) while the decision is taken and written.</li>
 * </ul>
 * Events are only ever added to a window, so a refusal read without a lock holds as well under one.
 */
public final class JpaRateLimiter implements RateLimiter {

    /** One limit applied to one key; a key has one limit (two limits need two keys). */
    public record LimitedKey(String key, Limit limit) {
        public LimitedKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
            if (key.length() > 255) {
                throw new IllegalArgumentException("limit keys are at most 255 characters");
            }
        }
    }

    /** A new row lives at least this long, so the purge never takes one away between its creation and its first use. */
    private static final long MIN_ROW_LIFE_MILLIS = 60_000;

    /** How much longer than asked a prepared row is kept (see {@link #admit}). */
    static final long PREPARED_SLACK_MILLIS = 15 * 60_000;

    private final KeycloakSessionFactory sessions;
    private final Supplier<EntityManager> names;
    private final Clock clock;

    /**
     * @param sessions where a send's transaction of its own gets its connection
     * @param names an entity manager that names the tables (the caller's; asked for only until
     *     each statement's text is known)
     */
    public JpaRateLimiter(KeycloakSessionFactory sessions, Supplier<EntityManager> names, Clock clock) {
        this.sessions = sessions;
        this.names = names;
        this.clock = clock;
    }

    /** The limiter a request uses: its session's entity manager names the tables. */
    public static JpaRateLimiter of(KeycloakSession session, Clock clock) {
        return new JpaRateLimiter(session.getKeycloakSessionFactory(), () -> entityManager(session), clock);
    }

    /** What an admitted event writes beside its budgets, on the connection of their transaction. */
    @FunctionalInterface
    public interface AlsoWritten {
        /** Writes nothing. */
        AlsoWritten NOTHING = connection -> { };

        void write(Connection transaction) throws SQLException;
    }

    @Override
    public LimitDecision tryAcquire(String key, Limit limit) {
        return tryAcquireAll(List.of(new LimitedKey(key, limit)));
    }

    /**
     * Records one event for every key only if every limit allows it (all or nothing), so a
     * refusal by one limit never uses up another's places. Keys are locked in a fixed order, in a
     * short transaction of its own: for callers that go on to call a vendor, so no lock is held
     * while a message is delivered.
     *
     * @return allowed, or refused with the longest wait among the refusing limits
     */
    public LimitDecision tryAcquireAll(List<LimitedKey> keys) {
        return admit(keys, List.of(), 0, null, AlsoWritten.NOTHING).verdict().decision();
    }

    /** A decision and, when refused, the key whose limit made the caller wait longest. */
    public record Verdict(LimitDecision decision, LimitedKey refusedBy) {
    }

    /**
     * A limit that applies only when two windows say so, read in the same transaction before this
     * event is counted: SMS-pumping throttling. Both keys must be among the keys taken or prepared.
     *
     * @param sentKey the window of events sent (usually one of the counted keys)
     * @param verifiedKey the window of events that succeeded
     * @param windowMillis over how long both are counted
     * @param applies given how many events each holds, whether {@code limit} applies to this one
     * @param limit the limit that then applies too
     */
    public record Throttle(String sentKey, String verifiedKey, long windowMillis, BiPredicate<Long, Long> applies,
            LimitedKey limit) {
    }

    /**
     * What {@link #admit} decided.
     *
     * @param sent the events the throttle's sent window held before this one (0 without a throttle)
     * @param verified the events its verified window held
     * @param throttled whether the throttle's limit applied
     */
    public record Admission(Verdict verdict, long sent, long verified, boolean throttled) {
    }

    /**
     * {@link #tryAcquireAll}, saying which limit refused, with a {@link Throttle} (null: none), all
     * in the one short transaction: the windows a throttle reads cost what any other window costs,
     * whatever the traffic they count. When it allows, it also makes sure the rows of
     * {@code prepared} keys exist and outlive {@code preparedUntil} (epoch ms), counting nothing in
     * them: a later {@link #tryAcquireAllIfReady} on one of them (a verify) then finds its row and
     * opens no transaction of its own.
     *
     * <p>The first try runs on a connection of its own ({@link OwnConnection}): no Keycloak
     * session, entity manager or JTA transaction is made for it. Only a missing row or a race
     * takes the locking way, in a transaction Keycloak runs.
     *
     * @param whenAllowed what else the admitted event checks and writes, in the same transaction,
     *     so that it is stored exactly when its budgets are spent (a send's PIN record); not called
     *     on a refusal. What it throws rolls the transaction back (nothing is spent) and reaches
     *     the caller as thrown, without another try.
     */
    public Admission admit(List<LimitedKey> keys, List<String> prepared, long preparedUntil, Throttle throttle,
            AlsoWritten whenAllowed) {
        List<LimitedKey> ordered = ordered(keys);
        List<String> toPrepare = prepared.stream().distinct()
                .filter(p -> ordered.stream().noneMatch(k -> k.key().equals(p))).toList();
        List<String> locked = new ArrayList<>();
        ordered.forEach(k -> locked.add(k.key()));
        locked.addAll(toPrepare);
        if (throttle != null && !locked.contains(throttle.limit().key())) {
            locked.add(throttle.limit().key()); // locked whether or not it applies: the order stays fixed
        }
        String read = READ.sql(names);
        String replace = REPLACE.sql(names);
        try {
            Admission admitted = OwnConnection.inTransaction(sessions,
                    connection -> admitWithoutLocks(connection, read, replace, ordered, toPrepare, locked, preparedUntil, throttle,
                            whenAllowed));
            if (admitted != null) {
                return admitted;
            }
        } catch (Raced raced) {
            // Another request changed a row between the read and the write: rolled back, taken again the locking way.
        } catch (CallersOwn e) {
            throw e.thrown;
        }
        // A missing row is inserted in this same transaction. When another request inserts the
        // same key at the same moment, one of the two inserts fails and its transaction rolls back
        // (nothing counted); it is then taken again, finding the row. Each retry follows a row
        // someone else created, so there are at most as many as keys.
        for (int attempt = 0;; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> {
                    EntityManager em = entityManager(session);
                    List<RateLimitWindowEntity> changed = new ArrayList<>();
                    Admission admission = decideAdmission(lockRows(em, locked), ordered, toPrepare, preparedUntil, throttle, changed);
                    if (admission.verdict().decision().allowed()) {
                        writeRows(em, changed);
                        em.unwrap(Session.class).doWork(connection -> callersOwn(whenAllowed, connection));
                    }
                    return admission;
                });
            } catch (CallersOwn e) {
                throw e.thrown;
            } catch (RuntimeException raced) {
                if (attempt >= locked.size()) {
                    throw raced;
                }
            }
        }
    }

    /** Runs the caller's part of an admission; what it throws is told apart from a race on the rows. */
    private static void callersOwn(AlsoWritten whenAllowed, Connection connection) {
        try {
            whenAllowed.write(connection);
        } catch (RuntimeException e) {
            throw new CallersOwn(e);
        } catch (SQLException e) {
            throw new CallersOwn(OwnConnection.failed(e));
        }
    }

    /** What the caller's part of an admission threw: rolled back, and not taken again. */
    private static final class CallersOwn extends RuntimeException {
        private final RuntimeException thrown;

        CallersOwn(RuntimeException thrown) {
            super(thrown.getMessage(), thrown, false, false);
            this.thrown = thrown;
        }
    }

    /** A row changed between its unlocked read and the compare-and-set: the transaction is rolled back. */
    private static final class Raced extends RuntimeException {
        Raced() {
            super("a rate-limit window changed since it was read", null, false, false);
        }
    }

    /**
     * {@link #admit}'s decision on rows read without a lock, written by compare-and-set.
     *
     * @return null when a row is missing (nothing written: the locking way creates it)
     * @throws Raced when another request changed a row since it was read (the transaction rolls back)
     */
    private Admission admitWithoutLocks(Connection connection, String readSql, String replaceSql, List<LimitedKey> ordered,
            List<String> toPrepare, List<String> keys, long preparedUntil, Throttle throttle, AlsoWritten whenAllowed)
            throws SQLException {
        List<String> sorted = keys.stream().sorted().toList(); // distinct already
        Map<String, RateLimitWindowEntity> rows = readExisting(connection, readSql, sorted);
        if (rows.size() < sorted.size()) {
            return null;
        }
        Map<String, String> read = slotsOf(rows);
        List<RateLimitWindowEntity> changed = new ArrayList<>();
        Admission admission = decideAdmission(rows, ordered, toPrepare, preparedUntil, throttle, changed);
        if (admission.verdict().decision().allowed()) {
            changed.sort(Comparator.comparing(RateLimitWindowEntity::getLimitKey));
            if (!replacedAll(connection, replaceSql, changed, read)) {
                throw new Raced();
            }
            callersOwn(whenAllowed, connection);
        }
        return admission;
    }

    /**
     * What {@link #admit} decides on {@code rows} (every key's, taken either way): the throttle's
     * reading, the verdict, and, when it allows, the event counted in each limit's row and the
     * prepared rows' ends moved, each changed row added to {@code changed}.
     */
    private Admission decideAdmission(Map<String, RateLimitWindowEntity> rows, List<LimitedKey> ordered, List<String> toPrepare,
            long preparedUntil, Throttle throttle, List<RateLimitWindowEntity> changed) {
        long sent = 0;
        long verified = 0;
        boolean throttled = false;
        List<LimitedKey> counted = ordered;
        if (throttle != null) {
            long now = clock.millis();
            sent = count(rows.get(throttle.sentKey()), throttle.windowMillis(), now);
            verified = count(rows.get(throttle.verifiedKey()), throttle.windowMillis(), now);
            throttled = throttle.applies().test(sent, verified);
            if (throttled) {
                List<LimitedKey> withThrottle = new ArrayList<>(ordered);
                withThrottle.add(throttle.limit());
                counted = ordered(withThrottle);
            }
        }
        Verdict verdict = decide(counted, counted.stream().map(k -> rows.get(k.key())).toList(), changed);
        if (verdict.decision().allowed()) {
            for (String key : toPrepare) {
                RateLimitWindowEntity row = rows.get(key);
                if (row.getExpiresAt() < preparedUntil) {
                    // Kept a while longer than asked, so that the next sends to this destination
                    // find it ready and have nothing to write.
                    row.setExpiresAt(preparedUntil + PREPARED_SLACK_MILLIS);
                    changed.add(row);
                }
            }
        }
        return new Admission(verdict, sent, verified, throttled);
    }

    private static Map<String, String> slotsOf(Map<String, RateLimitWindowEntity> rows) {
        Map<String, String> slots = new HashMap<>();
        rows.forEach((key, row) -> slots.put(key, row.getSlots()));
        return slots;
    }

    private static long count(RateLimitWindowEntity row, long windowMillis, long now) {
        return row == null ? 0 : SlidingWindowCounter.count(SlidingWindowCounter.decode(row.getSlots()), windowMillis, now);
    }

    /**
     * Like {@link #tryAcquireAll} but in the caller's transaction, which holds the rows it counted
     * the event in locked until it ends, and only on keys whose rows exist: for short requests that
     * call nobody (a verify, whose windows its send made ready, see {@link #admit}). Opens no other
     * connection. The rows are taken in key order, and the event counted in each only if every
     * limit allows it (all or nothing); a key without a row is left out, nothing is counted in it.
     * First without a lock, each changed row written by compare-and-set; when one changed since it
     * was read, the rows already written are put back (this transaction holds them) and the
     * decision is taken again on locked rows.
     *
     * @return the decision, or empty when none of the keys has a row (nothing was counted)
     */
    public Optional<LimitDecision> tryAcquireAllIfReady(KeycloakSession session, List<LimitedKey> keys) {
        List<LimitedKey> ordered = ordered(keys);
        EntityManager em = entityManager(session);
        List<String> sorted = ordered.stream().map(LimitedKey::key).toList();
        Map<String, RateLimitWindowEntity> rows = readExisting(em, sorted);
        List<LimitedKey> ready = ordered.stream().filter(k -> rows.containsKey(k.key())).toList();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> read = slotsOf(rows);
        Map<String, Long> ends = new HashMap<>();
        rows.forEach((key, row) -> ends.put(key, row.getExpiresAt()));
        List<RateLimitWindowEntity> changed = new ArrayList<>();
        LimitDecision decision = decide(ready, ready.stream().map(k -> rows.get(k.key())).toList(), changed).decision();
        int written = replaceInOrder(em, changed, read);
        if (written == changed.size()) {
            return Optional.of(decision);
        }
        List<RateLimitWindowEntity> putBack = new ArrayList<>();
        Map<String, String> ours = new HashMap<>();
        for (RateLimitWindowEntity done : changed.subList(0, written)) { // locked by this transaction since: put back as read
            String key = done.getLimitKey();
            putBack.add(row(key, read.get(key), ends.get(key)));
            ours.put(key, done.getSlots());
        }
        if (replaceInOrder(em, putBack, ours) < putBack.size()) {
            throw new IllegalStateException("A rate-limit window changed under its row lock");
        }
        return tryAcquireAllIfReadyLocked(em, ordered);
    }

    /** {@link #tryAcquireAllIfReady} on locked rows. */
    private Optional<LimitDecision> tryAcquireAllIfReadyLocked(EntityManager em, List<LimitedKey> ordered) {
        Map<String, RateLimitWindowEntity> rows = lockExisting(em, ordered.stream().map(LimitedKey::key).toList());
        List<LimitedKey> ready = ordered.stream().filter(k -> rows.containsKey(k.key())).toList();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        List<RateLimitWindowEntity> changed = new ArrayList<>();
        LimitDecision decision = decide(ready, ready.stream().map(k -> rows.get(k.key())).toList(), changed).decision();
        writeRows(em, changed);
        return Optional.of(decision);
    }

    private static List<LimitedKey> ordered(List<LimitedKey> keys) {
        // A fixed order so that two requests never wait on each other in a cycle.
        List<LimitedKey> ordered = keys.stream().distinct().sorted(Comparator.comparing(LimitedKey::key)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).key().equals(ordered.get(i - 1).key())) {
                throw new IllegalArgumentException("Two limits on one key (" + ordered.get(i).key()
                        + "): give each limit a key of its own");
            }
        }
        return ordered;
    }

    /**
     * Decides on locked rows and, when every limit allows, puts the new event into each and adds
     * it to {@code changed} (what the caller writes: see {@link #writeRows}).
     */
    private Verdict decide(List<LimitedKey> ordered, List<RateLimitWindowEntity> rows, List<RateLimitWindowEntity> changed) {
        long now = clock.millis();
        List<SlidingWindowCounter.Result> results = new ArrayList<>(ordered.size());
        Duration longestWait = Duration.ZERO;
        LimitedKey refusedBy = null;
        for (int i = 0; i < ordered.size(); i++) {
            SlidingWindowCounter.Result result = SlidingWindowCounter.tryAcquire(
                    SlidingWindowCounter.decode(rows.get(i).getSlots()), ordered.get(i).limit(), now);
            results.add(result);
            if (!result.decision().allowed() && result.decision().retryAfter().compareTo(longestWait) > 0) {
                longestWait = result.decision().retryAfter();
                refusedBy = ordered.get(i);
            }
        }
        if (!longestWait.isZero()) {
            return new Verdict(LimitDecision.refuse(longestWait), refusedBy); // nothing written: a refusal uses up no place
        }
        for (int i = 0; i < ordered.size(); i++) {
            RateLimitWindowEntity row = rows.get(i);
            row.setSlots(SlidingWindowCounter.encode(results.get(i).slots()));
            long needed = results.get(i).expiresAt();
            if (row.getExpiresAt() < needed) {
                row.setExpiresAt(needed + expirySlack(ordered.get(i).limit()));
            }
            changed.add(row);
        }
        return new Verdict(LimitDecision.allow(), null);
    }

    /**
     * How much longer than its events need a window's row is kept when its end moves. The end is
     * indexed (the purge finds rows by it), and an index entry rewritten on every event costs the
     * database more than the short row itself; moved in steps of this much, a busy key's end is
     * rewritten once per step instead. A row outlives its events by at most this (15 minutes or its
     * window, whichever is shorter); it counts nothing then and the purge takes it.
     */
    static long expirySlack(Limit limit) {
        return Math.min(limit.window().toDuration().toMillis(), PREPARED_SLACK_MILLIS);
    }

    /**
     * The rows of all keys, locked for this transaction by one query (in key order, so that two
     * requests never wait on each other in a cycle), missing ones inserted after it (which holds
     * them locked too): one statement for any number of keys instead of one each.
     */
    private Map<String, RateLimitWindowEntity> lockRows(EntityManager em, List<String> keys) {
        List<String> sorted = keys.stream().distinct().sorted().toList();
        Map<String, RateLimitWindowEntity> found = lockExisting(em, sorted);
        List<RateLimitWindowEntity> inserted = new ArrayList<>();
        for (String key : sorted) {
            if (!found.containsKey(key)) {
                RateLimitWindowEntity created = newRow(key);
                em.persist(created);
                found.put(key, created);
                inserted.add(created);
            }
        }
        if (!inserted.isEmpty()) {
            em.flush(); // a race with another insert of the same key fails here, and the caller takes it again
            inserted.forEach(em::detach); // written with the others by writeRows, not one by one
        }
        return found;
    }

    /**
     * The rows that {@code sorted} (distinct keys, in key order) have, locked for this transaction
     * by one query (up to 16 keys a query).
     */
    private static Map<String, RateLimitWindowEntity> lockExisting(EntityManager em, List<String> sorted) {
        Map<String, RateLimitWindowEntity> found = new HashMap<>();
        int n = RateLimitWindowEntity.LOCK_WINDOWS_KEYS;
        for (int from = 0; from < sorted.size(); from += n) { // one query for a send's keys (up to 16), in key order
            List<String> chunk = padded(sorted.subList(from, Math.min(from + n, sorted.size())), n);
            TypedQuery<RateLimitWindowEntity> query = em.createNamedQuery(RateLimitWindowEntity.LOCK_WINDOWS, RateLimitWindowEntity.class);
            for (int i = 0; i < n; i++) {
                query.setParameter("k" + i, chunk.get(i));
            }
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().forEach(row -> {
                // Detached (the lock is the database's and stays until the transaction ends): what
                // changes is written by writeRows in one statement, not by an UPDATE per row.
                em.detach(row);
                found.put(row.getLimitKey(), row);
            });
        }
        return found;
    }

    /**
     * The rows that {@code sorted} (distinct keys, in key order) have, as they are now, not locked:
     * one plain statement per sixteen keys on the transaction's connection, padded with the last key
     * so that its text is always the same. Copies that Hibernate does not track.
     */
    private static Map<String, RateLimitWindowEntity> readExisting(EntityManager em, List<String> sorted) {
        String sql = READ.sql(em);
        return em.unwrap(Session.class).doReturningWork(connection -> readExisting(connection, sql, sorted));
    }

    /** {@link #readExisting(EntityManager, List)} on a given connection, by the statement {@code sql}. */
    private static Map<String, RateLimitWindowEntity> readExisting(Connection connection, String sql, List<String> sorted)
            throws SQLException {
        int n = RateLimitWindowEntity.LOCK_WINDOWS_KEYS;
        Map<String, RateLimitWindowEntity> found = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int from = 0; from < sorted.size(); from += n) {
                List<String> chunk = padded(sorted.subList(from, Math.min(from + n, sorted.size())), n);
                for (int i = 0; i < n; i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        RateLimitWindowEntity row = row(result.getString(1), result.getString(2), result.getLong(3));
                        found.put(row.getLimitKey(), row);
                    }
                }
            }
        }
        return found;
    }

    /**
     * {@link #replaceInOrder}'s compare-and-set of every row, as one JDBC batch: the statements
     * still run one after the other in the order given (key order), each locking its row, so two
     * requests never wait on each other in a cycle; but the pool and the driver are called once,
     * and a server database is reached in one round trip, instead of once a row. Unlike
     * {@link #replaceInOrder} it does not stop at a row that changed, so it is for a transaction of
     * its own that is rolled back when one did.
     *
     * @return whether every row still held the slots read and was written (a driver that does not
     *     say how many rows a statement of the batch wrote counts as not)
     */
    private static boolean replacedAll(Connection connection, String sql, List<RateLimitWindowEntity> rows, Map<String, String> read)
            throws SQLException {
        if (rows.isEmpty()) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (RateLimitWindowEntity row : rows) {
                bindReplace(statement, row, read);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            return counts.length == rows.size() && Arrays.stream(counts).allMatch(count -> count == 1);
        }
    }

    /**
     * Writes the slots and ends of decided rows one after the other, in the order given (key
     * order, the order every locker takes rows in, so that two requests never wait on each other in
     * a cycle), each only where the row still holds the slots {@code read} has for its key
     * (compare-and-set), and stops at the first that does not. A row written stays locked until
     * the transaction ends. One statement per row: a statement for several rows would lock them in
     * whatever order the database scans them (PostgreSQL's is not the key's).
     *
     * @return how many rows, from the first, were written
     */
    private static int replaceInOrder(EntityManager em, List<RateLimitWindowEntity> rows, Map<String, String> read) {
        if (rows.isEmpty()) {
            return 0;
        }
        String sql = REPLACE.sql(em);
        return em.unwrap(Session.class).doReturningWork(connection -> {
            int written = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (RateLimitWindowEntity row : rows) {
                    bindReplace(statement, row, read);
                    if (statement.executeUpdate() != 1) {
                        break;
                    }
                    written++;
                }
            }
            return written;
        });
    }

    /** Binds {@link #replaceStatement}: the row's new slots and end, its key, the slots {@code read} has for it. */
    private static void bindReplace(PreparedStatement statement, RateLimitWindowEntity row, Map<String, String> read)
            throws SQLException {
        statement.setString(1, row.getSlots());
        statement.setLong(2, row.getExpiresAt());
        statement.setString(3, row.getLimitKey());
        statement.setString(4, read.get(row.getLimitKey()));
    }

    /**
     * Writes the slots and ends of locked, detached rows: up to sixteen by one plain SQL statement
     * on the transaction's connection, padded with the last row so that its text is always the
     * same (the database keeps one parsed copy). Not an HQL update, which Hibernate translates
     * anew on every execution (a profile put that at more than the statement itself), and not an
     * entity update per row, which costs a statement and Hibernate's bookkeeping each.
     */
    private static void writeRows(EntityManager em, List<RateLimitWindowEntity> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = WRITE.sql(em);
        int n = RateLimitWindowEntity.LOCK_WINDOWS_KEYS;
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int from = 0; from < rows.size(); from += n) {
                    List<RateLimitWindowEntity> chunk = padded(rows.subList(from, Math.min(from + n, rows.size())), n);
                    int p = 1;
                    for (RateLimitWindowEntity row : chunk) { // SLOTS = CASE LIMIT_KEY WHEN ? THEN ? ...
                        statement.setString(p++, row.getLimitKey());
                        statement.setString(p++, row.getSlots());
                    }
                    for (RateLimitWindowEntity row : chunk) { // EXPIRES_AT = CASE LIMIT_KEY WHEN ? THEN ? ...
                        statement.setString(p++, row.getLimitKey());
                        statement.setLong(p++, row.getExpiresAt());
                    }
                    for (RateLimitWindowEntity row : chunk) { // WHERE LIMIT_KEY IN (?, ...)
                        statement.setString(p++, row.getLimitKey());
                    }
                    statement.executeUpdate();
                }
            }
        });
    }

    /**
     * {@code items} (at least one, at most {@code n}) repeated at its last to {@code n} entries: what
     * the fixed-size statements bind, so that their text is always the same.
     */
    private static <T> List<T> padded(List<T> items, int n) {
        List<T> padded = new ArrayList<>(items);
        while (padded.size() < n) {
            padded.add(items.get(items.size() - 1));
        }
        return padded;
    }

    private static final TableStatement WRITE = new TableStatement(RateLimitWindowEntity.class, JpaRateLimiter::writeStatement);
    private static final TableStatement READ = new TableStatement(RateLimitWindowEntity.class, JpaRateLimiter::readStatement);
    private static final TableStatement REPLACE = new TableStatement(RateLimitWindowEntity.class, JpaRateLimiter::replaceStatement);

    /** The plain read of up to sixteen rows by key ({@link #readExisting}). */
    static String readStatement(String table) {
        return "SELECT LIMIT_KEY, SLOTS, EXPIRES_AT FROM " + table + " WHERE LIMIT_KEY IN ("
                + String.join(", ", java.util.Collections.nCopies(RateLimitWindowEntity.LOCK_WINDOWS_KEYS, "?")) + ")";
    }

    /** The compare-and-set of one row: its new slots and end, its key, the slots it was read with. */
    static String replaceStatement(String table) {
        return "UPDATE " + table + " SET SLOTS = ?, EXPIRES_AT = ? WHERE LIMIT_KEY = ? AND SLOTS = ?";
    }

    /** The write of up to sixteen locked rows ({@link #writeRows}). */
    static String writeStatement(String table) {
        int n = RateLimitWindowEntity.LOCK_WINDOWS_KEYS;
        String whens = " WHEN ? THEN ?".repeat(n);
        return "UPDATE " + table + " SET SLOTS = CASE LIMIT_KEY" + whens + " ELSE SLOTS END, EXPIRES_AT = CASE LIMIT_KEY" + whens
                + " ELSE EXPIRES_AT END WHERE LIMIT_KEY IN (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
    }

    private static RateLimitWindowEntity row(String key, String slots, long expiresAt) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(key);
        row.setSlots(slots);
        row.setExpiresAt(expiresAt);
        return row;
    }

    private RateLimitWindowEntity newRow(String key) {
        RateLimitWindowEntity row = new RateLimitWindowEntity();
        row.setLimitKey(key);
        row.setSlots("");
        row.setExpiresAt(clock.millis() + MIN_ROW_LIFE_MILLIS);
        return row;
    }

    static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
