package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryRouter;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.guard.SendPurpose;
import io.github.keycloakpin2fa.engine.limit.LimitDecision;
import io.github.keycloakpin2fa.engine.pin.PinGenerator;
import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.pin.PinIds;
import io.github.keycloakpin2fa.engine.pin.PinSealer;
import io.github.keycloakpin2fa.engine.template.MessageRenderer;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.template.PlaceholderValidator;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.engine.verification.IssuedPin;
import io.github.keycloakpin2fa.engine.verification.PinIssuer;
import io.github.keycloakpin2fa.engine.verification.PinState;
import io.github.keycloakpin2fa.engine.verification.PinVerifier;
import io.github.keycloakpin2fa.engine.verification.VerificationOutcome;
import io.github.keycloakpin2fa.storage.cache.SealedPinStore;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter;
import io.github.keycloakpin2fa.storage.jpa.JpaRateLimiter.LimitedKey;
import io.github.keycloakpin2fa.storage.jpa.PinRecordEntity;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends, resends and verifies PINs for one realm: the engine's rules over the realm's
 * applications and templates, with PIN records and limits in the database and messages through
 * the delivery providers. Both front doors (the 2FA API and the login flow) use it.
 */
public final class PinService {

    /** Verification records stay readable this long after their PIN expired, unless the server says otherwise. */
    public static final Duration DEFAULT_RETENTION_AFTER_EXPIRY = Duration.ofDays(1);
    /** A server setting, set once at start-up (see {@code TfaRealmResourceProviderFactory}). */
    private static volatile Duration retentionAfterExpiry = DEFAULT_RETENTION_AFTER_EXPIRY;
    private static final int MAX_PIN_FIELD = 64;
    private static final int MAX_FROM = 64;
    private static final int MAX_VERIFICATIONS = 100;
    /** The number lookup says the number cannot take an SMS: none is sent. */
    private static final DeliveryResult NOT_REACHABLE = DeliveryResult.rejected("number lookup: destination not reachable");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock = ServerClock.INSTANCE;
    private final RealmPinConfig config;
    private final PinRecordStore records;
    private final JpaRateLimiter limiter;
    private final RealmPinHasher hashers;
    private final SendGuard guard;
    private final SealedPinStore sealedPins;
    private final RecordTransactions ownTransactions;

    public PinService(KeycloakSession session, RealmModel realm) {
        this(session, realm, new RealmPinConfig(realm, ServerClock.INSTANCE.millis()), new PinRecordStore(session),
                new JpaRateLimiter(session.getKeycloakSessionFactory(), ServerClock.INSTANCE), new RealmPinHasher(session, realm),
                new SealedPinStore(session), RecordTransactions.of(session.getKeycloakSessionFactory()));
    }

    /** With its stores given, for unit tests. */
    PinService(KeycloakSession session, RealmModel realm, RealmPinConfig config, PinRecordStore records, JpaRateLimiter limiter,
            RealmPinHasher hashers, SealedPinStore sealedPins, RecordTransactions ownTransactions) {
        this.session = session;
        this.realm = realm;
        this.config = config;
        this.records = records;
        this.limiter = limiter;
        this.hashers = hashers;
        this.guard = new SendGuard(session, realm, limiter, records, clock);
        this.sealedPins = sealedPins;
        this.ownTransactions = ownTransactions;
    }

    /**
     * Work on PIN records in a short transaction of its own, committed before the request goes
     * on, so that no row lock is held while the request opens a second connection or calls a vendor.
     */
    interface RecordTransactions {

        <T> T run(java.util.function.Function<PinRecordStore, T> work);

        /** Each run in a new Keycloak session and transaction of {@code factory}. */
        static RecordTransactions of(org.keycloak.models.KeycloakSessionFactory factory) {
            return new RecordTransactions() {
                @Override
                public <T> T run(java.util.function.Function<PinRecordStore, T> work) {
                    return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> work.apply(new PinRecordStore(s)));
                }
            };
        }
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
    public record SendOutcome(String pinId, String to, NcStatus ncStatus, Channel channel, DeliveryResult delivery) {
    }

    /** A verify's answer. */
    public record VerifyOutcome(String pinId, String msisdn, io.github.keycloakpin2fa.engine.verification.VerificationResult result) {
    }

    /** One line of the verification status. */
    public record VerificationRecord(String msisdn, boolean verified, Long verifiedAt, Long sentAt) {
    }

    /** Sets how long PIN records outlive their PIN (a server setting). */
    public static void retainAfterExpiry(Duration retention) {
        retentionAfterExpiry = java.util.Objects.requireNonNull(retention, "retention");
    }

    public static Duration retentionAfterExpiry() {
        return retentionAfterExpiry;
    }

    /** A send through the 2FA API. */
    public SendOutcome send(SendCommand command) {
        return send(command, SendOrigin.api());
    }

    /** A send on behalf of {@code origin}, which decides the budgets it spends ({@link SendGuard}). */
    public SendOutcome send(SendCommand command, SendOrigin origin) {
        ValidationErrors errors = new ValidationErrors();
        required(command.applicationId(), "applicationId", errors);
        required(command.messageId(), "messageId", errors);
        String to = Destinations.normalize(command.channel(), command.to(), "to", errors);
        checkFrom(command.from(), errors);
        checkPlaceholders(command.placeholders(), errors);
        throwIfAny(errors);

        Route route = route(command.applicationId(), command.messageId(), command.channel(), command.placeholders());
        StoredApplication app = route.application();
        Template t = route.template();
        if (command.channel() == Channel.EMAIL && command.from() != null) {
            new EmailSenders(realm).requireAllowed(command.from(), t.senderId());
        }

        NcStatus nc = command.channel() == Channel.SMS && command.numberLookup() ? numberCheck().check(to) : null;
        if (nc == NcStatus.NC_DESTINATION_NOT_REACHABLE) {
            // Nothing is sent, no budget is spent, no PIN is issued: the answer has no pinId.
            PinMetrics.notReachable(realm.getName(), app.id(), command.channel());
            return new SendOutcome(null, to, nc, command.channel(), NOT_REACHABLE);
        }
        guard.admit(origin, app, command.channel(), to);

        RealmPinHasher.Keyed keyed = hashers.active();
        IssuedPin issued = new PinIssuer(new PinGenerator(), keyed.hasher(), clock)
                .issue(PinIds.newPinId(), t.pinType(), t.length(), to, app.application().configuration());
        PinRecordEntity record = newRecord(app, route.stored(), command.channel(), issued, keyed);
        record.setRegion(SendGuard.regionOf(command.channel(), to));
        PinState state = issued.state();
        sealedPins.put(realm.getId(), state.pinId(), new SealedPinStore.Entry(keyed.kid(),
                keyed.sealer().seal(state.pinId(), issued.pin()), nc == null ? null : nc.name(), command.from()),
                Duration.between(state.sentAt(), state.expiresAt()));
        DeliveryResult delivery = deliver(record, command.channel(), to, command.from(), t, issued.pin(), command.placeholders(), false);
        // Written once, with its delivery status, when the request commits (as it would be anyway).
        records.add(record);
        return new SendOutcome(record.getId(), to, nc, command.channel(), delivery);
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
     * record is read, the budgets taken and the channel stored each in a short transaction of its
     * own, then the message goes out, then its status is stored.
     *
     * @throws TfaException BAD_REQUEST naming {@code pinId} when the PIN was verified, expired, has
     *     no attempts left, or can no longer be recovered (see {@link SealedPinStore})
     */
    public SendOutcome resend(String pinId, Channel channel, Map<String, String> placeholders, SendOrigin origin) {
        ValidationErrors errors = new ValidationErrors();
        checkPlaceholders(placeholders, errors);
        throwIfAny(errors);
        PinKey key = peekPin(pinId);
        boolean emailPin = Channel.EMAIL.name().equals(key.channel());
        if (emailPin != (channel == Channel.EMAIL)) {
            throw TfaException.invalid("pinId", emailPin
                    ? "was sent by email and can only be resent by email"
                    : "was sent to a phone number and can only be resent by SMS or voice");
        }
        Route route = route(key.applicationId(), key.messageId(), channel, placeholders);
        StoredApplication app = route.application();
        Template t = route.template();
        Instant now = clock.instant();
        requireResendable(pinId, key.state(), now);
        SealedPinStore.Entry entry = sealedPins.get(realm.getId(), pinId).orElseThrow(PinService::notRecoverable);
        String pin = recover(pinId, key.storedHash(), key.state(), entry);

        NcStatus nc = null;
        if (channel == Channel.SMS) {
            nc = entry.ncStatus() != null ? NcStatus.valueOf(entry.ncStatus()) : null;
            if (nc == null && origin.purpose() == SendPurpose.API) {
                nc = numberCheck().check(key.destination());
                sealedPins.put(realm.getId(), pinId, entry.withNcStatus(nc.name()), Duration.between(now, key.state().expiresAt()));
            }
            if (nc == NcStatus.NC_DESTINATION_NOT_REACHABLE) {
                PinMetrics.notReachable(realm.getName(), app.id(), channel);
                return new SendOutcome(pinId, key.destination(), nc, channel, NOT_REACHABLE);
            }
        }
        guard.admit(origin, app, channel, key.destination());

        ownTransactions.run(store -> {
            PinRecordEntity record = store.lock(realm.getId(), pinId).orElseThrow(TfaException::pinNotFound);
            requireResendable(pinId, toState(record), clock.instant());
            record.setChannel(channel.name());
            return null;
        });
        DeliveryResult delivery = send(key.applicationId(), channel, key.destination(), entry.from(), t, pin, placeholders, true);
        ownTransactions.run(store -> {
            store.lock(realm.getId(), pinId).ifPresent(record -> recordDelivery(record, delivery));
            return null;
        });
        return new SendOutcome(pinId, key.destination(), nc, channel, delivery);
    }

    /** A verified, used-up or expired PIN is not resent, and its sealed copy goes. */
    private void requireResendable(String pinId, PinState state, Instant now) {
        if (!state.canResend(now)) {
            sealedPins.remove(realm.getId(), pinId);
            throw TfaException.invalid("pinId", state.verified()
                    ? "was already verified: there is nothing to resend"
                    : "has expired or has no attempts left: send a new PIN");
        }
    }

    /** The PIN, opened from its sealed copy and checked against the record's hash. */
    private String recover(String pinId, String storedHash, PinState state, SealedPinStore.Entry entry) {
        PinSealer sealer = hashers.sealerFor(entry.kid());
        PinHasher hasher = hashers.forStored(storedHash);
        String pin = sealer == null ? null : sealer.open(pinId, entry.sealed()).orElse(null);
        if (pin == null || hasher == null) {
            sealedPins.remove(realm.getId(), pinId); // its key was removed: it can never open again
            throw notRecoverable();
        }
        try {
            return new PinIssuer(new PinGenerator(), hasher, clock).again(state, pin).pin();
        } catch (IllegalArgumentException notThisPin) {
            sealedPins.remove(realm.getId(), pinId);
            throw notRecoverable();
        }
    }

    private static TfaException notRecoverable() {
        return TfaException.invalid("pinId", "can no longer be resent: send a new PIN");
    }

    public VerifyOutcome verify(String pinId, String pin) {
        if (pin == null) {
            throw TfaException.invalid("pin", "may not be null");
        }
        if (pin.length() > MAX_PIN_FIELD) {
            throw TfaException.invalid("pin", "size must be between 0 and " + MAX_PIN_FIELD);
        }
        // All in the request's transaction, no transaction of its own: the PIN's application and
        // number read without a lock, then the verify limit's window locked, then the PIN's row.
        // The limit's window is locked before the PIN (the purge's order too), and the only other
        // connection (creating a missing window row) is opened before any lock is held.
        if (pinId == null || pinId.length() > 36) {
            throw TfaException.pinNotFound();
        }
        PinRecordStore.PinRoute key = records.route(realm.getId(), pinId).orElseThrow(TfaException::pinNotFound);
        ApplicationConfiguration configuration = config.application(key.applicationId())
                .map(a -> a.application().configuration()).orElse(ApplicationConfiguration.DEFAULTS);
        LimitDecision decision = limiter.tryAcquireInTransaction(session,
                new LimitedKey(limitKey("verify", key.applicationId(), key.destination()), configuration.verifyPinLimit()));
        if (!decision.allowed()) {
            PinMetrics.refused(realm.getName(), key.applicationId(), PinMetrics.Limit.VERIFY_PIN);
            throw TfaException.tooManyRequests(decision.retryAfter());
        }
        PinRecordEntity record = lockPin(pinId);
        PinHasher hasher = hashers.forStored(record.getPinHash());
        PinState state = toState(record);
        VerificationOutcome outcome = new PinVerifier(hasher != null ? hasher : hashers.active().hasher())
                .verify(hasher != null ? state : withUnmatchableHash(state), pin, clock.instant());
        PinState next = outcome.state();
        if (!next.canResend(clock.instant())) {
            sealedPins.remove(realm.getId(), record.getId()); // verified, used up or expired: nothing to resend
        }
        record.setAttemptsRemaining(next.attemptsRemaining());
        record.setVerified(next.verified());
        record.setVerifiedAt(next.verifiedAt() == null ? null : next.verifiedAt().toEpochMilli());
        record.setConsumed(next.consumed());
        PinMetrics.verification(realm.getName(), record.getApplicationId(), outcome.result());
        return new VerifyOutcome(record.getId(), record.getDestination(), outcome.result());
    }

    public List<VerificationRecord> verifications(String applicationId, String msisdn, Boolean verified, Boolean sent) {
        StoredApplication app = config.application(applicationId).orElseThrow(TfaException::applicationNotFound);
        if (msisdn == null || msisdn.isBlank()) {
            throw TfaException.invalid("msisdn", "may not be null");
        }
        String destination = msisdn.trim().startsWith("+") ? msisdn.trim().substring(1) : msisdn.trim();
        return records.byDestination(realm.getId(), app.id(), destination, MAX_VERIFICATIONS).stream()
                .filter(r -> verified == null || r.isVerified() == verified)
                .filter(r -> sent == null || (r.getSentAt() != null) == sent)
                .map(r -> new VerificationRecord(r.getDestination(), r.isVerified(), r.getVerifiedAt(), r.getSentAt()))
                .toList();
    }

    private DeliveryResult deliver(PinRecordEntity record, Channel channel, String to, String from, Template t,
            String pin, Map<String, String> placeholders, boolean resend) {
        DeliveryResult result = send(record.getApplicationId(), channel, to, from, t, pin, placeholders, resend);
        recordDelivery(record, result);
        return result;
    }

    private DeliveryResult send(String applicationId, Channel channel, String to, String from, Template t, String pin,
            Map<String, String> placeholders, boolean resend) {
        String text = t.render(pin, placeholders);
        OutgoingMessage.EmailSettings email = t.emailTemplateId() == null ? null
                : new OutgoingMessage.EmailSettings(t.emailTemplateId(), placeholders);
        OutgoingMessage message = new OutgoingMessage(channel, to, from, t.senderId(), text, t.voice(), pin, email);
        DeliveryRouter.Attempt attempt = new DeliveryRouter(session).deliver(realm, message);
        DeliveryResult result = attempt.result();
        PinMetrics.sent(realm.getName(), applicationId, channel, resend, attempt.providerId(), result.status());
        return result;
    }

    private void recordDelivery(PinRecordEntity record, DeliveryResult result) {
        if (result.status() != DeliveryStatus.REJECTED) {
            record.setSentAt(clock.millis());
        }
        record.setDeliveryStatus(result.status().name());
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
        StoredApplication app = config.application(applicationId).orElseThrow(TfaException::applicationNotFound);
        StoredTemplate stored = config.template(app.id(), messageId).orElseThrow(TfaException::messageNotFound);
        Template template = Template.of(stored, channel);
        requireEnabled(app);
        template.render("0".repeat(template.length()), placeholders);
        return new Route(app, stored, template);
    }

    private String limitKey(String kind, String applicationId, String destination) {
        String key = kind + ":" + realm.getId() + ":" + applicationId;
        return destination == null ? key : key + ":" + Destinations.limitDigest(destination);
    }

    /** The id of the application a PIN was sent through; not found when there is no such PIN. */
    public String applicationOf(String pinId) {
        return peekPin(pinId).applicationId();
    }

    /** What a resend or verify needs to know of a PIN before it takes any lock. */
    private record PinKey(String applicationId, String messageId, String destination, String channel, String storedHash,
            PinState state) {
    }

    /** Reads a PIN's record without locking it, in a short transaction of its own. */
    private PinKey peekPin(String pinId) {
        if (pinId == null || pinId.length() > 36) {
            throw TfaException.pinNotFound();
        }
        return ownTransactions.run(store -> store.find(realm.getId(), pinId)
                .map(r -> new PinKey(r.getApplicationId(), r.getMessageId(), r.getDestination(), r.getChannel(), r.getPinHash(),
                        toState(r)))
                .orElseThrow(TfaException::pinNotFound));
    }

    private PinRecordEntity lockPin(String pinId) {
        if (pinId == null || pinId.length() > 36) {
            throw TfaException.pinNotFound();
        }
        return records.lock(realm.getId(), pinId).orElseThrow(TfaException::pinNotFound);
    }

    private PinRecordEntity newRecord(StoredApplication app, StoredTemplate template, Channel channel, IssuedPin issued,
            RealmPinHasher.Keyed keyed) {
        PinState s = issued.state();
        PinRecordEntity r = new PinRecordEntity();
        r.setId(s.pinId());
        r.setRealmId(realm.getId());
        r.setApplicationId(app.id());
        r.setMessageId(template.id());
        r.setChannel(channel.name());
        r.setDestination(s.destination());
        r.setPinHash(keyed.store(s.pinHash()));
        r.setPinType(s.pinType().name());
        r.setCreatedAt(s.sentAt().toEpochMilli());
        r.setExpiresAt(s.expiresAt().toEpochMilli());
        r.setAttemptsRemaining(s.attemptsRemaining());
        r.setAllowMultipleVerifications(s.allowMultiplePinVerifications());
        r.setPurgeAt(s.expiresAt().plus(retentionAfterExpiry).toEpochMilli());
        return r;
    }

    private static PinState toState(PinRecordEntity r) {
        return new PinState(r.getId(), RealmPinHasher.bareHash(r.getPinHash()), PinType.valueOf(r.getPinType()),
                r.getDestination(), Instant.ofEpochMilli(r.getCreatedAt()), Instant.ofEpochMilli(r.getExpiresAt()),
                r.getAttemptsRemaining(), r.isAllowMultipleVerifications(), r.isVerified(),
                r.getVerifiedAt() == null ? null : Instant.ofEpochMilli(r.getVerifiedAt()), r.isConsumed());
    }

    /** The key that hashed this PIN is gone: no entered PIN can match, attempts still count. */
    private static PinState withUnmatchableHash(PinState s) {
        return new PinState(s.pinId(), "key-removed", s.pinType(), s.destination(), s.sentAt(), s.expiresAt(),
                s.attemptsRemaining(), s.allowMultiplePinVerifications(), s.verified(), s.verifiedAt(), s.consumed());
    }

    private static void requireEnabled(StoredApplication app) {
        if (!app.application().enabled()) {
            throw new TfaException(TfaError.BAD_REQUEST, "Application " + app.id() + " is disabled: it sends no PINs.");
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
            throw TfaException.invalid(new ValidationException(errors));
        }
    }
}
