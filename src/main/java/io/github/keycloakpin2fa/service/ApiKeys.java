package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.pin.PinIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys: {@code <id>-<secret>}, a 32-hex-digit id (to find the key) and 256 random bits
 * (base64url). Only SHA-256 of the secret is stored; a key that high in entropy needs no slow
 * hash, and the comparison is constant-time.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_LENGTH = 32;
    private static final Pattern SHAPE = Pattern.compile("[0-9A-F]{32}-[A-Za-z0-9_-]{43}");

    private ApiKeys() {
    }

    /** A new key: its id, the whole key (shown once) and the hash to store. */
    public record NewKey(String id, String key, String secretHash) {
        @Override
        public String toString() {
            return "NewKey[id=" + id + "]";
        }
    }

    public static NewKey generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = PinIds.newPinId();
        return new NewKey(id, id + "-" + secretText, hash(secretText));
    }

    /**
     * A whole key handed back to be stored (the admin console's create form holds one the server
     * made): its id and the hash of its secret, when it has exactly the shape {@link #generate}
     * gives, else empty.
     */
    public static Optional<NewKey> parse(String key) {
        if (key == null || !SHAPE.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of(new NewKey(key.substring(0, ID_LENGTH), key, hash(key.substring(ID_LENGTH + 1))));
    }

    /** The id part of a presented key, or null when it is not shaped like one of ours. */
    public static String idOf(String key) {
        return key != null && key.length() > ID_LENGTH + 1 && key.charAt(ID_LENGTH) == '-'
                ? key.substring(0, ID_LENGTH) : null;
    }

    public static boolean matches(String key, String storedHash) {
        byte[] presented = hash(key.substring(ID_LENGTH + 1)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
