package io.github.keycloakpin2fa.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.storage.jpa.StoredPin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** A login's PIN in its authentication session, its attempts and verification claimed once across a cluster. */
class SessionPinsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final Map<String, String> notes = new ConcurrentHashMap<>();
    private final AuthenticationSessionModel authSession = authSession(notes);
    private final InMemorySingleUseObjects claims = new InMemorySingleUseObjects();
    private final SessionPins pins = new SessionPins(authSession, claims, "pin2fa.login.", Clock.fixed(NOW, ZoneOffset.UTC));
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** An authentication session whose notes are {@code notes}, of realm {@code realm-1}. */
    private static AuthenticationSessionModel authSession(Map<String, String> notes) {
        AuthenticationSessionModel session = mock(AuthenticationSessionModel.class);
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        when(session.getRealm()).thenReturn(realm);
        when(session.getAuthNote(anyString())).thenAnswer(i -> notes.get(i.<String>getArgument(0)));
        doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1))).when(session).setAuthNote(anyString(), anyString());
        doAnswer(i -> notes.remove(i.<String>getArgument(0))).when(session).removeAuthNote(anyString());
        return session;
    }

    private static StoredPin issued(String pinId, int attempts, boolean multiple) {
        PinState state = new PinState(pinId, "hash-of-" + pinId, PinType.NUMERIC, "41793026727", NOW, NOW.plus(Duration.ofMinutes(5)),
                attempts, multiple, false, null, false);
        return new StoredPin("realm-1", "app-1", "msg-1", "SMS", "kid-1", state, NOW.toEpochMilli(), "ACCEPTED", "CH");
    }

    private void hold(StoredPin pin) {
        pins.hold(new SessionPins.Held(pin, "kid-2", "sealed-" + pin.pinId()));
    }

    private StoredPin read(String pinId) {
        return pins.read(pinId).orElseThrow().pin();
    }

    @Test
    void a_held_pin_reads_back_as_it_was_issued_with_its_sealed_copy() {
        StoredPin pin = issued("pin-1", 5, false);
        hold(pin);

        SessionPins.Held held = pins.read("pin-1").orElseThrow();

        assertThat(held.pin().state()).isEqualTo(pin.state());
        assertThat(held.pin()).extracting(StoredPin::applicationId, StoredPin::messageId, StoredPin::channel, StoredPin::keyId,
                StoredPin::region).containsExactly("app-1", "msg-1", "SMS", "kid-1", "CH");
        assertThat(held.sealKid()).isEqualTo("kid-2");
        assertThat(held.sealed()).isEqualTo("sealed-pin-1");
        assertThat(pins.read("pin-2")).as("only by its own id").isEmpty();
        assertThat(claims.entries).as("nothing claimed by a send").isEmpty();
    }

    @Test
    void a_wrong_attempt_is_claimed_once_and_a_verify_that_read_before_it_must_read_again() {
        hold(issued("pin-1", 5, false));
        StoredPin first = read("pin-1");
        StoredPin second = read("pin-1"); // another verify, read at the same time
        StoredPin wrong = first.withState(new PinState("pin-1", first.state().pinHash(), PinType.NUMERIC, "41793026727", NOW,
                first.state().expiresAt(), 4, false, false, null, false));

        assertThat(pins.replaceState(first, wrong)).isTrue();
        assertThat(pins.replaceState(second, wrong)).as("the same attempt cannot be spent twice").isFalse();

        assertThat(read("pin-1").state().attemptsRemaining()).isEqualTo(4);
        assertThat(claims.entries).containsOnlyKeys(SessionPins.attemptKey("pin-1", 1));
        assertThat(claims.lifespans.get(SessionPins.attemptKey("pin-1", 1))).as("the PIN's 300 s left, and a minute")
                .isEqualTo(360L);
    }

    @Test
    void attempts_claimed_by_another_node_count_even_when_this_session_s_notes_have_not_seen_them() {
        hold(issued("pin-1", 5, false));
        claims.putIfAbsent(SessionPins.attemptKey("pin-1", 1), 60);
        claims.putIfAbsent(SessionPins.attemptKey("pin-1", 2), 60);

        assertThat(read("pin-1").state().attemptsRemaining()).isEqualTo(3);
    }

    @Test
    void the_first_verification_is_claimed_once_and_uses_a_single_use_pin_up() {
        hold(issued("pin-1", 5, false));
        StoredPin first = read("pin-1");
        StoredPin second = read("pin-1");
        Instant at = NOW.plusSeconds(10);
        StoredPin verified = first.withState(new PinState("pin-1", first.state().pinHash(), PinType.NUMERIC, "41793026727", NOW,
                first.state().expiresAt(), 0, false, true, at, true));

        assertThat(pins.replaceState(first, verified)).isTrue();
        assertThat(pins.replaceState(second, verified)).as("verified once").isFalse();

        PinState now = read("pin-1").state();
        assertThat(now.verified()).isTrue();
        assertThat(now.verifiedAt()).isEqualTo(at);
        assertThat(now.consumed()).isTrue();
        assertThat(now.attemptsRemaining()).isZero();
    }

    @Test
    void a_pin_verifiable_again_stays_verifiable_with_its_attempts() {
        hold(issued("pin-1", 5, true));
        StoredPin first = read("pin-1");
        StoredPin verified = first.withState(new PinState("pin-1", first.state().pinHash(), PinType.NUMERIC, "41793026727", NOW,
                first.state().expiresAt(), 5, true, true, NOW, false));
        assertThat(pins.replaceState(first, verified)).isTrue();

        StoredPin again = read("pin-1");
        assertThat(again.state()).isEqualTo(verified.state());
        assertThat(pins.replaceState(again, again)).as("a second success changes nothing").isTrue();
    }

    @Test
    void parallel_wrong_attempts_spend_exactly_the_pin_s_attempts() throws Exception {
        hold(issued("pin-1", 5, false));
        pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger spent = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            done.add(pool.submit(() -> {
                start.await();
                while (true) { // a verify: read, check, claim; read again when another claimed first
                    StoredPin seen = read("pin-1");
                    PinState s = seen.state();
                    if (s.attemptsRemaining() == 0) {
                        refused.incrementAndGet();
                        return null;
                    }
                    StoredPin wrong = seen.withState(new PinState("pin-1", s.pinHash(), s.pinType(), s.destination(), s.sentAt(),
                            s.expiresAt(), s.attemptsRemaining() - 1, false, false, null, false));
                    if (pins.replaceState(seen, wrong)) {
                        spent.incrementAndGet();
                        return null;
                    }
                }
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(spent.get()).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(35);
        assertThat(read("pin-1").state().attemptsRemaining()).isZero();
    }

    @Test
    void a_new_pin_replaces_the_old_one_and_clear_forgets_it() {
        hold(issued("pin-1", 5, false));
        hold(issued("pin-2", 3, false));

        assertThat(pins.read("pin-1")).isEmpty();
        assertThat(read("pin-2").state().attemptsRemaining()).isEqualTo(3);

        pins.clear();
        assertThat(pins.read("pin-2")).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    void damaged_notes_read_as_no_pin() {
        hold(issued("pin-1", 5, false));
        notes.put("pin2fa.login.pin.attempts", "five");

        assertThat(pins.read("pin-1")).isEmpty();
    }

    @Test
    void a_resend_keeps_its_channel() {
        hold(issued("pin-1", 5, false));

        pins.resentOver("VOICE");

        assertThat(read("pin-1").channel()).isEqualTo("VOICE");
    }
}
