package io.github.keycloakpin2fa.storage.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Keycloak's single-use-object store as unit tests need it: a map whose put-if-absent is atomic,
 * as the replicated cache's is. Lifespans are recorded, never enforced.
 */
public class InMemorySingleUseObjects implements SingleUseObjectProvider {

    public final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
    public final Map<String, Long> lifespans = new ConcurrentHashMap<>();

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        entries.put(key, new HashMap<>(notes));
        lifespans.put(key, lifespanSeconds);
    }

    @Override
    public Map<String, String> get(String key) {
        return entries.get(key);
    }

    @Override
    public Map<String, String> remove(String key) {
        lifespans.remove(key);
        return entries.remove(key);
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        return entries.replace(key, new HashMap<>(notes)) != null;
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        if (entries.putIfAbsent(key, Map.of()) != null) {
            return false;
        }
        lifespans.put(key, lifespanSeconds);
        return true;
    }

    @Override
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    @Override
    public void close() {
    }
}
