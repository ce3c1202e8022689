package io.github.keycloakpin2fa.engine.pin;

import io.github.keycloakpin2fa.engine.template.PinType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a PIN into what is stored instead of it: HMAC-SHA256 keyed with a server secret of at
 * least {@value #MIN_SECRET_BYTES} bytes, over the PIN id and the normalized PIN. Without the
 * secret a stolen hash cannot be brute-forced (a 4-digit PIN has only 10,000 values); binding the
 * PIN id makes a hash useless for any other PIN. The id is length-prefixed so that no two
 * (id, PIN) pairs give the same input.
 *
 * <p>{@link #matches} normalizes the candidate with the PIN type's case rule and compares with
 * {@link MessageDigest#isEqual}, in time independent of where the hashes differ. Neither the
 * secret nor a PIN appears in {@link #toString()} or in any exception message.
 */
public final class PinHasher {

    /** The shortest secret accepted, in bytes (256 bits, the HMAC-SHA256 key size). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /**
     * @param secret the server secret, at least {@value #MIN_SECRET_BYTES} bytes; it is copied
     * @throws IllegalArgumentException when the secret is shorter
     */
    public PinHasher(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("The PIN hashing secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + secret.length);
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * The hash to store for a PIN, as unpadded URL-safe Base64 (43 characters).
     *
     * @param pinId the id of the PIN
     * @param normalizedPin the PIN as generated (upper case, no surrounding whitespace)
     */
    public String hash(String pinId, String normalizedPin) {
        Objects.requireNonNull(pinId, "pinId");
        Objects.requireNonNull(normalizedPin, "normalizedPin");
        byte[] id = pinId.getBytes(StandardCharsets.UTF_8);
        byte[] pin = normalizedPin.getBytes(StandardCharsets.UTF_8);
        byte[] input = ByteBuffer.allocate(Integer.BYTES + id.length + pin.length)
                .putInt(id.length).put(id).put(pin).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac().doFinal(input));
    }

    /**
     * True when {@code candidate}, normalized by {@code type}, is the PIN {@code storedHash} was
     * made from for {@code pinId}. A null candidate never matches.
     */
    public boolean matches(String pinId, String candidate, PinType type, String storedHash) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storedHash, "storedHash");
        if (candidate == null) {
            return false;
        }
        byte[] computed = hash(pinId, type.normalize(candidate)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(computed, storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    @Override
    public String toString() {
        return "PinHasher[" + ALGORITHM + "]";
    }
}
