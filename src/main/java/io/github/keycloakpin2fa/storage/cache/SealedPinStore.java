package io.github.keycloakpin2fa.storage.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The sealed copy of each PIN that can still be resent, in Keycloak's single-use-object store
 * ({@code session.singleUseObjects()}: the replicated {@code actionTokens} cache on every node of
 * a cluster, never the database, never a disk). One entry per PIN id, apart from the PIN record;
 * it lives at most as long as the PIN's time to live and is removed as soon as the PIN is
 * verified, used up or found expired. The entry holds the sealed PIN (never the PIN), the id of
 * the realm key that sealed it, the number-lookup status a resend by SMS answers and the sender
 * the send request named.
 */
public final class SealedPinStore {

    private static final String PREFIX = "pin2fa.sealed-pin:";
    private static final String KID = "kid";
    private static final String SEALED = "sealed";
    private static final String NC_STATUS = "ncStatus";
    private static final String FROM = "from";

    private final SingleUseObjectProvider objects;

    public SealedPinStore(KeycloakSession session) {
        this(session.singleUseObjects());
    }

    SealedPinStore(SingleUseObjectProvider objects) {
        this.objects = objects;
    }

    /**
     * A sealed PIN and what a resend needs with it.
     *
     * @param kid the id of the realm key the PIN was sealed under
     * @param sealed the sealed PIN
     * @param ncStatus the number lookup's answer for the destination, or null when none was made
     * @param from the sender the send request named, or null
     */
    public record Entry(String kid, String sealed, String ncStatus, String from) {

        public Entry withNcStatus(String status) {
            return new Entry(kid, sealed, status, from);
        }

        @Override
        public String toString() {
            return "Entry[kid=" + kid + ", ncStatus=" + ncStatus + ", from=" + from + "]";
        }
    }

    /**
     * Keeps {@code entry} for {@code lifespan}, rounded up to whole seconds (at least one), in
     * place of any entry of the same PIN. (Always with a lifespan: the store's {@code replace}
     * is not used, because it need not keep the lifespan of the entry it replaces.)
     */
    public void put(String realmId, String pinId, Entry entry, Duration lifespan) {
        long seconds = Math.max(1, (lifespan.toMillis() + 999) / 1000);
        objects.put(key(realmId, pinId), seconds, toNotes(entry));
    }

    public Optional<Entry> get(String realmId, String pinId) {
        Map<String, String> notes = objects.get(key(realmId, pinId));
        if (notes == null || notes.get(KID) == null || notes.get(SEALED) == null) {
            return Optional.empty();
        }
        return Optional.of(new Entry(notes.get(KID), notes.get(SEALED), notes.get(NC_STATUS), notes.get(FROM)));
    }

    /** Destroys the sealed PIN: it can no longer be recovered. */
    public void remove(String realmId, String pinId) {
        objects.remove(key(realmId, pinId));
    }

    static String key(String realmId, String pinId) {
        return PREFIX + realmId + ":" + pinId;
    }

    private static Map<String, String> toNotes(Entry entry) {
        Map<String, String> notes = new HashMap<>();
        notes.put(KID, entry.kid());
        notes.put(SEALED, entry.sealed());
        if (entry.ncStatus() != null) {
            notes.put(NC_STATUS, entry.ncStatus());
        }
        if (entry.from() != null) {
            notes.put(FROM, entry.from());
        }
        return notes;
    }
}
