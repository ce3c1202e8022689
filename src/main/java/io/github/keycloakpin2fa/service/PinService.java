package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryRouter;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.destination.Destination;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.limit.LimitKeys;
import io.github.keycloakpin2fa.engine.pin.PinGenerator;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.pin.PinSealer;
import io.github.keycloakpin2fa.engine.template.PlaceholderValidator;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.engine.verification.IssuedPin;
import io.github.keycloakpin2fa.engine.verification.PinIssuer;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.engine.verification.PinVerifier;
import io.github.keycloakpin2fa.engine.verification.VerificationOutcome;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.github.keycloakpin2fa.service.Refusal.RateLimited;
import io.github.keycloakpin2fa.storage.ServerClock;
import io.github.keycloakpin2fa.storage.cache.SealedPinStore;
import io.github.keycloakpin2fa.storage.cache.SessionPins;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import io.github.keycloakpin2fa.storage.jpa.StoredPin;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends, resends and verifies PINs for one realm: the engine's rules over the realm's
 * applications and templates, with PIN records (or, for a login or an enrolment, the
 * authentication session: {@link SessionPins}) and limits in the database and messages through
 * the delivery providers. Both front doors (the 2FA API and the login flow) use it. It answers in
 * domain terms: outcomes, or a {@link RefusedException} carrying one {@link Refusal}.
 */
public final class PinService {

    /** Verification records stay readable this long after their PIN expired, unless the server says otherwise. */
    public static final Duration DEFAULT_RETENTION_AFTER_EXPIRY = PinRecordStore.DEFAULT_RETENTION_AFTER_EXPIRY;
    private static final int MAX_PIN_FIELD = 64;
    private static final int MAX_FROM = 64;
    private static final int MAX_VERIFICATIONS = 100;
    /** The number lookup says the number cannot take an SMS: none is sent. */
    private static final DeliveryResult NOT_REACHABLE = DeliveryResult.rejected("number lookup: destination not reachable");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final RealmPinConfig config;
    private final PinRecordStore records;
    private final JpaRateLimiter limiter;
    private final RealmPinHasher hashers;
    private final SendGuard guard;
    private final SealedPinStore sealedPins;
    private final OwnTransactions own;

    /**
     * Work on the PIN store in a transaction of its own, on its own connection, committed before
     * it returns: what keeps a resend or verify from holding a row lock while it opens a second
     * connection or calls a vendor.
     */
    interface OwnTransactions {
        <T> T run(Function<PinRecordStore, T> work);
    }

    public PinService(KeycloakSession session, RealmModel realm) {
        this(session, realm, ServerClock.INSTANCE, new RealmPinConfig(realm, ServerClock.INSTANCE.millis()), new PinRecordStore(session),
                JpaRateLimiter.of(session, ServerClock.INSTANCE), new RealmPinHasher(session, realm));
    }

    /** With its collaborators given (unit tests give mocks). */
    PinService(KeycloakSession session, RealmModel realm, Clock clock, RealmPinConfig config, PinRecordStore records,
            JpaRateLimiter limiter, RealmPinHasher hashers) {
        this(session, realm, clock, config, records, limiter, hashers, new SendGuard(session, realm, limiter, clock),
                new SealedPinStore(session), ownTransactions(session));
    }

    /** With the send guard, the sealed PINs and the own transactions given too. */
    PinService(KeycloakSession session, RealmModel realm, Clock clock, RealmPinConfig config, PinRecordStore records,
            JpaRateLimiter limiter, RealmPinHasher hashers, SendGuard guard, SealedPinStore sealedPins, OwnTransactions own) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.config = config;
        this.records = records;
        this.limiter = limiter;
        this.hashers = hashers;
        this.guard = guard;
        this.sealedPins = sealedPins;
        this.own = own;
    }

    private static OwnTransactions ownTransactions(KeycloakSession session) {
        return new OwnTransactions() {
            @Override
            public <T> T run(Function<PinRecordStore, T> work) {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        s -> work.apply(new PinRecordStore(s)));
            }
        };
    }

    /** What to send: Infobip's send request, with the channel its endpoint names. */
    public record SendCommand(Channel channel, String applicationId, String messageId, String to, String from,
            Map<String, String> placeholders, boolean numberLookup) {
    }

    /**
     * What became of a send or resend.
     *
     * @param pinId the PIN's id; null when no PIN was issued (an SMS send whose number lookup found
     *     the destination not reachable)
     * @param ncStatus the number lookup's status (SMS), or null when there was none
     */
    public record SendOutcome(String pinId, Destination to, NcStatus ncStatus, Channel channel, DeliveryResult delivery) {
    }

    /** A verify's answer. */
    public record VerifyOutcome(String pinId, Destination to, VerificationResult result) {
    }

    /** One line of the verification status. */
    public record VerificationRecord(String msisdn, boolean verified, Long verifiedAt, Long sentAt) {
    }

    /** Sets how long PIN records outlive their PIN (a server setting). */
    public static void retainAfterExpiry(Duration retention) {
        PinRecordStore.retainAfterExpiry(retention);
    }

    public static Duration retentionAfterExpiry() {
        return PinRecordStore.retentionAfterExpiry();
    }

    /** A send through the 2FA API. */
    public SendOutcome send(SendCommand command) {
        return send(command, SendOrigin.api());
    }

    /** A send on behalf of {@code origin}, which decides the budgets it spends ({@link SendGuard}). */
    public SendOutcome send(SendCommand command, SendOrigin origin) {
        return send(command, origin, null);
    }

    /**
     * A send on behalf of {@code origin} whose PIN is kept in {@code held}, a login's or an
     * enrolment's authentication session, instead of a PIN record: it is verified and resent only
     * through that session ({@link #verify(String, String, SessionPins)},
     * {@link #resend(String, Channel, SendOrigin, SessionPins)}), and the verification status
     * of the 2FA API does not list it. Null {@code held}: a PIN record, as for the API.
     */
    public SendOutcome send(SendCommand command, SendOrigin origin, SessionPins held) {
        ValidationErrors errors = new ValidationErrors();
        required(command.applicationId(), "applicationId", errors);
        required(command.messageId(), "messageId", errors);
        Destination to = destination(command.channel(), command.to(), "to", errors);
        checkFrom(command.from(), errors);
        checkPlaceholders(command.placeholders(), errors);
        throwIfAny(errors);

        Route route = route(command.applicationId(), command.messageId(), command.channel(), command.placeholders());
        StoredApplication app = route.application();
        Template t = route.template();
        if (command.channel() == Channel.EMAIL && command.from() != null) {
            new EmailSenders(realm).requireAllowed(command.from(), t.senderId());
        }

        NcStatus nc = to instanceof PhoneNumber phone && command.channel() == Channel.SMS && command.numberLookup()
                ? numberCheck().check(phone) : null;
        if (nc == NcStatus.NC_DESTINATION_NOT_REACHABLE) {
            // Nothing is sent, no budget is spent, no PIN is issued: the answer has no pinId.
            PinMetrics.notReachable(realm.getName(), app.id(), command.channel());
            return new SendOutcome(null, to, nc, command.channel(), NOT_REACHABLE);
        }
        RealmPinHasher.Keyed keyed = hashers.active();
        IssuedPin issued = new PinIssuer(new PinGenerator(), keyed.hasher(), clock)
                .issue(PinIds.newPinId(), t.pinType(), t.length(), to.value(), app.application().configuration());
        PinState state = issued.state();
        String sealed = keyed.sealer().seal(state.pinId(), issued.pin());
        if (held != null) {
            // Kept by the session once the budgets are spent: no PIN record, no sealed copy apart.
            String region = guard.admit(origin, app, to);
            held.hold(new SessionPins.Held(new StoredPin(realm.getId(), app.id(), route.stored().id(), command.channel().name(),
                    keyed.kid(), state, clock.millis(), DeliveryStatus.ACCEPTED.name(), region), keyed.kid(), sealed));
            DeliveryResult delivery = send(app.id(), command.channel(), to, command.from(), t, issued.pin(), command.placeholders(), false);
            return new SendOutcome(state.pinId(), to, nc, command.channel(), delivery);
        }
        // The record is written by the transaction that spends the send's budgets, as sent (what
        // almost every delivery turns out to be): a PIN is stored exactly when its budgets are
        // spent, and a send costs one transaction, not two. A refused send discards the PIN.
        guard.admit(origin, app, to, (tx, region) -> records.addIn(tx, new StoredPin(realm.getId(), app.id(),
                route.stored().id(), command.channel().name(), keyed.kid(), state, clock.millis(), DeliveryStatus.ACCEPTED.name(), region)));
        sealedPins.put(realm.getId(), state.pinId(), new SealedPinStore.Entry(keyed.kid(), sealed, nc == null ? null : nc.name(),
                command.from()), Duration.between(state.sentAt(), state.expiresAt()));
        DeliveryResult delivery = send(app.id(), command.channel(), to, command.from(), t, issued.pin(), command.placeholders(), false);
        if (delivery.status() != DeliveryStatus.ACCEPTED) {
            // Refused (nothing went out) or unknown (it may have): the record says so, locked
            // against a verify meanwhile.
            records.lock(realm.getId(), state.pinId()).ifPresent(locked -> records.update(locked.firstSend(
                    delivery.status() == DeliveryStatus.REJECTED ? null : locked.sentAt(), delivery.status().name())));
        }
        return new SendOutcome(state.pinId(), to, nc, command.channel(), delivery);
    }

    /**
     * Resends a PIN through the 2FA API: the same PIN (see
     * {@link #resend(String, Channel, Map, SendOrigin)}).
     */
    public SendOutcome resend(String pinId, Channel channel, Map<String, String> placeholders) {
        return resend(pinId, channel, placeholders, SendOrigin.api());
    }

    /**
     * Sends the PIN of {@code pinId} again, the same PIN, over {@code channel} (SMS and voice for a
     * PIN sent to a phone, email for one sent by email), with the sender the send named, on behalf
     * of {@code origin}, which decides the budgets it spends ({@link SendGuard}). The time to live
     * and the attempts stay as they are. Through the API, by SMS, the answer carries the number
     * lookup's status: the send's, or, when the send asked for none, one looked up now (Infobip's
     * default is {@code ncNeeded=true}); a destination found not reachable gets nothing and
     * spends no budget.
     *
     * <p>No row lock is held while a second connection is opened or the vendor is called: the
     * record is read and the channel stored each in a short transaction of its own, then the
     * message goes out, then its status is stored.
     *
     * @throws RefusedException {@link Refusal.PinGone} when the PIN was verified, expired, has no
     *     attempts left, or can no longer be recovered (see {@link SealedPinStore})
     */
    public SendOutcome resend(String pinId, Channel channel, Map<String, String> placeholders, SendOrigin origin) {
        ValidationErrors errors = new ValidationErrors();
        checkPlaceholders(placeholders, errors);
        throwIfAny(errors);
        StoredPin key = peekPin(pinId);
        requireSameKindOfDestination(key, channel);
        Route route = route(key.applicationId(), key.messageId(), channel, placeholders);
        StoredApplication app = route.application();
        Template t = route.template();
        Instant now = clock.instant();
        requireResendable(pinId, key.state(), now);
        SealedPinStore.Entry entry = sealedPins.get(realm.getId(), pinId).orElseThrow(() -> notRecoverable(pinId));
        String pin = recover(pinId, key, entry);
        Destination to = Destination.ofStored(key.state().destination());

        NcStatus nc = null;
        if (channel == Channel.SMS && to instanceof PhoneNumber phone) {
            nc = entry.ncStatus() != null ? NcStatus.valueOf(entry.ncStatus()) : null;
            if (nc == null && origin.purpose() == SendPurpose.API) {
                nc = numberCheck().check(phone);
                sealedPins.put(realm.getId(), pinId, entry.withNcStatus(nc.name()), Duration.between(now, key.state().expiresAt()));
            }
            if (nc == NcStatus.NC_DESTINATION_NOT_REACHABLE) {
                PinMetrics.notReachable(realm.getName(), app.id(), channel);
                return new SendOutcome(pinId, to, nc, channel, NOT_REACHABLE);
            }
        }
        guard.admit(origin, app, to);

        own.run(store -> {
            StoredPin locked = store.lock(realm.getId(), pinId).orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId)));
            requireResendable(pinId, locked.state(), clock.instant());
            store.update(locked.withChannel(channel.name()));
            return null;
        });
        DeliveryResult delivery = send(key.applicationId(), channel, to, entry.from(), t, pin, placeholders, true);
        own.run(store -> {
            store.lock(realm.getId(), pinId).ifPresent(locked -> store.update(delivered(locked, delivery)));
            return null;
        });
        return new SendOutcome(pinId, to, nc, channel, delivery);
    }

    /**
     * Sends the PIN {@code held} keeps again, the same PIN, over {@code channel} (SMS and voice
     * for a PIN sent to a phone, email for one sent by email), on behalf of {@code origin}, which
     * decides the budgets it spends ({@link SendGuard}). The time to live and the attempts stay as
     * they are.
     *
     * @throws RefusedException {@link Refusal.PinNotFound} when the session keeps no PIN of that
     *     id; {@link Refusal.PinGone} when it was verified, expired, has no attempts left, or can
     *     no longer be recovered (the realm key that sealed it is gone)
     */
    public SendOutcome resend(String pinId, Channel channel, SendOrigin origin, SessionPins held) {
        SessionPins.Held kept = held.read(pinId).orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId)));
        StoredPin key = kept.pin();
        requireSameKindOfDestination(key, channel);
        Route route = route(key.applicationId(), key.messageId(), channel, Map.of());
        requireResendable(pinId, key.state(), clock.instant());
        if (kept.sealed() == null) {
            throw notRecoverable(pinId);
        }
        String pin = recover(pinId, key, new SealedPinStore.Entry(kept.sealKid(), kept.sealed(), null, null));
        Destination to = Destination.ofStored(key.state().destination());
        guard.admit(origin, route.application(), to);
        held.resentOver(channel.name());
        DeliveryResult delivery = send(key.applicationId(), channel, to, null, route.template(), pin, Map.of(), true);
        return new SendOutcome(pinId, to, null, channel, delivery);
    }

    private static void requireSameKindOfDestination(StoredPin pin, Channel channel) {
        boolean emailPin = Channel.EMAIL.name().equals(pin.channel());
        if (emailPin != (channel == Channel.EMAIL)) {
            throw RefusedException.invalid("pinId", emailPin
                    ? "was sent by email and can only be resent by email"
                    : "was sent to a phone number and can only be resent by SMS or voice");
        }
    }

    /** A verified, used-up or expired PIN is not resent, and its sealed copy goes. */
    private void requireResendable(String pinId, PinState state, Instant now) {
        if (!state.canResend(now)) {
            sealedPins.remove(realm.getId(), pinId);
            throw new RefusedException(new Refusal.PinGone(pinId,
                    state.verified() ? Refusal.PinGone.Why.VERIFIED : Refusal.PinGone.Why.EXPIRED_OR_USED_UP));
        }
    }

    /** The PIN, opened from its sealed copy and checked against the record's hash. */
    private String recover(String pinId, StoredPin stored, SealedPinStore.Entry entry) {
        PinSealer sealer = hashers.sealerFor(entry.kid());
        PinHasher hasher = hashers.forKey(stored.keyId());
        String pin = sealer == null ? null : sealer.open(pinId, entry.sealed()).orElse(null);
        if (pin == null || hasher == null) {
            sealedPins.remove(realm.getId(), pinId); // its key was removed: it can never open again
            throw notRecoverable(pinId);
        }
        try {
            return new PinIssuer(new PinGenerator(), hasher, clock).again(stored.state(), pin).pin();
        } catch (IllegalArgumentException notThisPin) {
            sealedPins.remove(realm.getId(), pinId);
            throw notRecoverable(pinId);
        }
    }

    private static RefusedException notRecoverable(String pinId) {
        return new RefusedException(new Refusal.PinGone(pinId, Refusal.PinGone.Why.NOT_RECOVERABLE));
    }

    public VerifyOutcome verify(String pinId, String pin) {
        requireVerifiable(pinId, pin);
        // All in the request's transaction, no transaction of its own and no other connection. The
        // PIN is read without a lock and its new state written only if it is still the state read
        // (compare-and-set), which locks its row; only when another verify of the same PIN came in
        // between is it done again the locking way. Either way the PIN's row is locked before the
        // verify limit's window (the order the purge deletes them in, so the two never wait in a
        // cycle).
        StoredPin read = records.read(realm.getId(), pinId).orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId)));
        return verify(read, pin, true).orElseGet(() -> verify(lockPin(pinId), pin, false).orElseThrow());
    }

    /**
     * Verifies {@code pin} against the PIN {@code held} keeps (a login's or an enrolment's). The
     * verify limit's windows are taken first (a refusal spends no attempt); then the change is
     * claimed, and when another verify of the same PIN claimed first, the PIN is read and checked
     * again, without taking the windows twice.
     */
    public VerifyOutcome verify(String pinId, String pin, SessionPins held) {
        requireVerifiable(pinId, pin);
        boolean counted = false;
        while (true) {
            StoredPin stored = held.read(pinId).map(SessionPins.Held::pin)
                    .orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId)));
            Checked checked = check(stored, pin);
            if (!counted) {
                LimitDecision decision = limiter.tryAcquireAllIfReady(session, checked.windows()).orElse(LimitDecision.allow());
                if (!decision.allowed()) {
                    throw verifyRefused(stored, decision);
                }
                counted = true;
            }
            if (!checked.changes() || held.replaceState(stored, checked.next())) {
                if (checked.endsResends(clock.instant())) {
                    held.dropSealed(); // verified, used up or expired: nothing to resend
                }
                PinMetrics.verification(realm.getName(), stored.applicationId(), checked.outcome().result());
                return new VerifyOutcome(stored.pinId(), checked.to(), checked.outcome().result());
            }
        }
    }

    private static void requireVerifiable(String pinId, String pin) {
        if (pin == null) {
            throw RefusedException.invalid("pin", "may not be null");
        }
        if (pin.length() > MAX_PIN_FIELD) {
            throw RefusedException.invalid("pin", "size must be between 0 and " + MAX_PIN_FIELD);
        }
        if (pinId == null || pinId.length() > 36) {
            throw new RefusedException(new Refusal.PinNotFound(pinId));
        }
    }

    /**
     * Verifies {@code pin} against {@code stored}.
     *
     * @param optimistic {@code stored} was read without a lock: its new state is written by
     *     compare-and-set before the verify limit is taken, and put back if the limit refuses
     * @return empty when {@code optimistic} and the PIN changed since it was read (nothing written)
     */
    private Optional<VerifyOutcome> verify(StoredPin stored, String pin, boolean optimistic) {
        Checked checked = check(stored, pin);
        StoredPin next = checked.next();
        // A verify that changes nothing (a multi-use PIN verified again, an expired or used-up PIN)
        // writes nothing: its answer holds for the state it read.
        boolean changes = checked.changes();
        if (optimistic && changes && !records.replaceState(stored, next)) {
            return Optional.empty();
        }
        LimitDecision decision = limiter.tryAcquireAllIfReady(session, checked.windows()).orElse(LimitDecision.allow());
        if (!decision.allowed()) {
            if (optimistic && changes && !records.replaceState(next, stored)) {
                // The row is locked by this transaction since the write above: it cannot have changed.
                throw new IllegalStateException("PIN " + stored.pinId() + " changed under its row lock");
            }
            throw verifyRefused(stored, decision);
        }
        if (checked.endsResends(clock.instant())) {
            sealedPins.remove(realm.getId(), stored.pinId()); // verified, used up or expired: nothing to resend
        }
        if (!optimistic && changes) {
            records.update(next);
        }
        PinMetrics.verification(realm.getName(), stored.applicationId(), checked.outcome().result());
        return Optional.of(new VerifyOutcome(stored.pinId(), checked.to(), checked.outcome().result()));
    }

    /**
     * A PIN checked against an entered one: its state after this verify, and the windows the
     * verify counts in.
     */
    private record Checked(StoredPin stored, StoredPin next, Destination to, VerificationOutcome outcome, List<LimitedKey> windows) {

        /** Whether the verify changes the PIN's state (a wrong attempt, a first success, a use). */
        boolean changes() {
            return !next.state().equals(stored.state());
        }

        /**
         * Whether the PIN's sealed copy is of no more use after this verify: it just stopped being
         * resendable (verified or used up; it was dropped then, so a verify that changes nothing
         * does not drop it again), or it has expired.
         */
        boolean endsResends(Instant now) {
            PinState after = next.state();
            return !after.canResend(now) && (changes() || after.isExpired(now));
        }
    }

    private Checked check(StoredPin stored, String pin) {
        Destination to = Destination.ofStored(stored.state().destination());
        Optional<StoredApplication> app = config.application(stored.applicationId());
        ApplicationConfiguration configuration = app.map(a -> a.application().configuration()).orElse(ApplicationConfiguration.DEFAULTS);
        PinHasher hasher = hashers.forKey(stored.keyId());
        PinState state = stored.state();
        VerificationOutcome outcome = new PinVerifier(hasher != null ? hasher : hashers.active().hasher())
                .verify(hasher != null ? state : withUnmatchableHash(state), pin, clock.instant());
        StoredPin next = stored.withState(hasher != null ? outcome.state() : withHash(outcome.state(), state.pinHash()));
        // The window was made ready by the PIN's send (SendGuard) and lives at least as long as the
        // PIN. It can be missing only for a PIN sent before windows were made ready, or in the last
        // moments of a PIN's life when a node's clock runs ahead: then this verify is not counted
        // (the PIN's own attempts still bound guessing), rather than create the window on a second
        // connection while this PIN's row is locked. A PIN's first verification also counts in its
        // country's window of verified PINs, taken with it (all or nothing).
        List<LimitedKey> windows = new ArrayList<>(List.of(new LimitedKey(
                LimitKeys.verifyPerDestination(realm.getId(), stored.applicationId(), LimitKeys.digest(to.limitKey())),
                configuration.verifyPinLimit())));
        if (outcome.result().verified() && !state.verified()) {
            verifiedForPumping(app, stored).ifPresent(windows::add);
        }
        return new Checked(stored, next, to, outcome, windows);
    }

    /** The verify limit refused: counted, nothing spent. */
    private RefusedException verifyRefused(StoredPin stored, LimitDecision decision) {
        PinMetrics.refused(realm.getName(), stored.applicationId(), PinMetrics.Limit.VERIFY_PIN);
        return new RefusedException(new RateLimited(decision.retryAfter(), RateLimited.Limit.VERIFY));
    }

    /**
     * The window of verified PINs to the PIN's country, which SMS-pumping detection reads
     * (SendGuard), when its application watches for pumping; the send made it ready. Its key sorts
     * after the verify limit's, the order in which a send takes both.
     */
    private Optional<LimitedKey> verifiedForPumping(Optional<StoredApplication> app, StoredPin stored) {
        PumpingPolicy pumping = app.map(a -> a.protection().pumping()).orElse(null);
        if (pumping == null || !pumping.enabled() || stored.region() == null) {
            return Optional.empty();
        }
        return Optional.of(new LimitedKey(LimitKeys.pumpingVerified(realm.getId(), stored.applicationId(), stored.region()),
                new Limit(Integer.MAX_VALUE, pumping.window())));
    }

    public List<VerificationRecord> verifications(String applicationId, String msisdn, Boolean verified, Boolean sent) {
        StoredApplication app = config.application(applicationId)
                .orElseThrow(() -> new RefusedException(new Refusal.ApplicationNotFound(applicationId)));
        if (msisdn == null || msisdn.isBlank()) {
            throw RefusedException.invalid("msisdn", "may not be null");
        }
        String destination = PhoneNumber.msisdn(msisdn).map(PhoneNumber::digits).orElse(msisdn.trim());
        return records.byDestination(realm.getId(), app.id(), destination, MAX_VERIFICATIONS).stream()
                .filter(r -> verified == null || r.state().verified() == verified)
                .filter(r -> sent == null || (r.sentAt() != null) == sent)
                .map(r -> new VerificationRecord(r.state().destination(), r.state().verified(),
                        r.state().verifiedAt() == null ? null : r.state().verifiedAt().toEpochMilli(), r.sentAt()))
                .toList();
    }

    private DeliveryResult send(String applicationId, Channel channel, Destination to, String from, Template t, String pin,
            Map<String, String> placeholders, boolean resend) {
        String text = t.render(pin, placeholders);
        OutgoingMessage.EmailSettings email = t.emailTemplateId() == null ? null
                : new OutgoingMessage.EmailSettings(t.emailTemplateId(), placeholders);
        OutgoingMessage message = new OutgoingMessage(channel, to.value(), from, t.senderId(), text, t.voice(), pin, email);
        DeliveryRouter.Attempt attempt = new DeliveryRouter(session).deliver(realm, message);
        DeliveryResult result = attempt.result();
        PinMetrics.sent(realm.getName(), applicationId, channel, resend, attempt.providerId(), result.status());
        return result;
    }

    /** The PIN after a delivery attempt: sent now unless the delivery was rejected. */
    private StoredPin delivered(StoredPin pin, DeliveryResult result) {
        return pin.delivered(result.status() != DeliveryStatus.REJECTED ? clock.millis() : null, result.status().name());
    }

    private NumberCheck numberCheck() {
        return new NumberCheck(session, realm);
    }

    /** An enabled application and its template, as one channel uses it. */
    private record Route(StoredApplication application, StoredTemplate stored, Template template) {
    }

    /**
     * The application and template a send or resend goes through: both must exist, the template
     * must fit the channel, the application must be enabled, and the text must render with the
     * placeholders. All of this fails before any limit counts the request.
     */
    private Route route(String applicationId, String messageId, Channel channel, Map<String, String> placeholders) {
        StoredApplication app = config.application(applicationId)
                .orElseThrow(() -> new RefusedException(new Refusal.ApplicationNotFound(applicationId)));
        StoredTemplate stored = config.template(app.id(), messageId)
                .orElseThrow(() -> new RefusedException(new Refusal.TemplateNotFound(app.id(), messageId)));
        Template template = Template.of(stored, channel);
        requireEnabled(app);
        template.render("0".repeat(template.length()), placeholders);
        return new Route(app, stored, template);
    }

    /** The id of the application a PIN was sent through; not found when there is no such PIN. */
    public String applicationOf(String pinId) {
        return peekPin(pinId).applicationId();
    }

    /**
     * Reads a PIN without locking it, in a short transaction of its own: what a resend or verify
     * needs to know before it takes any lock.
     */
    private StoredPin peekPin(String pinId) {
        if (pinId == null || pinId.length() > 36) {
            throw new RefusedException(new Refusal.PinNotFound(pinId));
        }
        return own.run(store -> store.find(realm.getId(), pinId)
                .orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId))));
    }

    private StoredPin lockPin(String pinId) {
        return records.lock(realm.getId(), pinId).orElseThrow(() -> new RefusedException(new Refusal.PinNotFound(pinId)));
    }

    /** Checks and normalises where a PIN goes: an MSISDN for SMS and voice, an address for email. */
    static Destination destination(Channel channel, String to, String field, ValidationErrors errors) {
        if (to == null) {
            errors.add(field, "may not be null");
            return null;
        }
        if (channel == Channel.EMAIL) {
            return EmailAddress.parse(to).map(Destination.class::cast).orElseGet(() -> {
                errors.add(field, "must be an email address");
                return null;
            });
        }
        return PhoneNumber.msisdn(to).map(Destination.class::cast).orElseGet(() -> {
            errors.add(field, "must be a phone number in international format, digits only, e.g. 41793026727");
            return null;
        });
    }

    /** The key that hashed this PIN is gone: no entered PIN can match, attempts still count. */
    private static PinState withUnmatchableHash(PinState s) {
        return withHash(s, "key-removed");
    }

    private static PinState withHash(PinState s, String hash) {
        return new PinState(s.pinId(), hash, s.pinType(), s.destination(), s.sentAt(), s.expiresAt(),
                s.attemptsRemaining(), s.allowMultiplePinVerifications(), s.verified(), s.verifiedAt(), s.consumed());
    }

    private static void requireEnabled(StoredApplication app) {
        if (!app.application().enabled()) {
            throw new RefusedException(new Refusal.ApplicationDisabled(app.id()));
        }
    }

    private static void required(String value, String field, ValidationErrors errors) {
        if (value == null || value.isBlank()) {
            errors.add(field, "may not be null");
        }
    }

    private static void checkFrom(String from, ValidationErrors errors) {
        if (from != null && (from.isBlank() || from.length() > MAX_FROM)) {
            errors.add("from", "size must be between 1 and " + MAX_FROM);
        }
    }

    private static void checkPlaceholders(Map<String, String> placeholders, ValidationErrors errors) {
        if (placeholders == null) {
            return;
        }
        try {
            PlaceholderValidator.validate(placeholders);
        } catch (ValidationException e) {
            e.errors().asMap().forEach((field, messages) -> messages.forEach(m -> errors.add(field, m)));
        }
    }

    private static void throwIfAny(ValidationErrors errors) {
        if (!errors.isEmpty()) {
            throw new RefusedException(new Refusal.InvalidInput(errors));
        }
    }
}
