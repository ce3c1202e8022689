package io.github.keycloakpin2fa.engine.pin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps a PIN recoverable for a resend, and only for that: AES-256-GCM under a server key of
 * exactly {@value #KEY_BYTES} bytes, a fresh random 96-bit nonce per PIN, and the PIN id as
 * additional authenticated data, so a sealed PIN opens only under its own id and any change to it
 * is detected. The result is unpadded URL-safe Base64 of {@code nonce || ciphertext || tag}.
 *
 * <p>Verification never uses this: it compares keyed hashes ({@link PinHasher}). Neither the key
 * nor a PIN appears in {@link #toString()} or in any exception message.
 */
public final class PinSealer {

    /** The key size in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom NONCES = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * @param key the server key, exactly {@value #KEY_BYTES} bytes; it is copied
     * @throws IllegalArgumentException when the key has another length
     */
    public PinSealer(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("The PIN sealing key must be " + KEY_BYTES + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The PIN of {@code pinId}, sealed. */
    public String seal(String pinId, String pin) {
        Objects.requireNonNull(pinId, "pinId");
        Objects.requireNonNull(pin, "pin");
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(pinId));
            byte[] sealed = cipher.doFinal(pin.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available", e);
        }
    }

    /**
     * The PIN {@link #seal} sealed for {@code pinId}, or empty when {@code sealed} is malformed, was
     * sealed for another id or under another key, or was changed.
     */
    public Optional<String> open(String pinId, String sealed) {
        Objects.requireNonNull(pinId, "pinId");
        if (sealed == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(aad(pinId));
            byte[] pin = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(pin, StandardCharsets.UTF_8));
        } catch (javax.crypto.AEADBadTagException tampered) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available", e);
        }
    }

    private static byte[] aad(String pinId) {
        return ("keycloak-pin-2fa/pin/" + pinId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PinSealer[AES-256-GCM]";
    }
}
