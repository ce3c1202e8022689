package io.github.keycloakpin2fa.storage.cache;

import io.github.keycloakpin2fa.engine.limit.ClaimedPlaces;
import java.util.Map;
import java.util.OptionalLong;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * {@link ClaimedPlaces.Places} in Keycloak's single-use-object store: a place is an entry claimed
 * with put-if-absent (atomic on every node of a cluster) for the limit's window, rounded up to
 * whole seconds, then given the time it was claimed (for a refusal's wait). Nothing in the
 * database: a budget that a new authentication session starts afresh costs no row.
 */
public final class SingleUsePlaces implements ClaimedPlaces.Places {

    private static final String PREFIX = "pin2fa.place:";
    private static final String AT = "at";

    private final SingleUseObjectProvider objects;

    public SingleUsePlaces(SingleUseObjectProvider objects) {
        this.objects = objects;
    }

    @Override
    public boolean claim(String place, long lifeMillis, long nowMillis) {
        long seconds = Math.max(1, Math.floorDiv(lifeMillis + 999, 1000));
        if (!objects.putIfAbsent(PREFIX + place, seconds)) {
            return false;
        }
        objects.put(PREFIX + place, seconds, Map.of(AT, Long.toString(nowMillis)));
        return true;
    }

    @Override
    public OptionalLong claimedAt(String place, long nowMillis) {
        Map<String, String> notes = objects.get(PREFIX + place);
        if (notes == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(notes.get(AT) == null ? nowMillis : Long.parseLong(notes.get(AT)));
        } catch (NumberFormatException e) {
            return OptionalLong.of(nowMillis);
        }
    }

    @Override
    public void release(String place) {
        objects.remove(PREFIX + place);
    }
}
