package io.github.keycloakpin2fa.engine.pin;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New PIN ids in Infobip's shape: 32 upper-case hexadecimal characters, 128 random bits from a
 * {@link SecureRandom}, so an id cannot be guessed to verify someone else's PIN.
 */
public final class PinIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PinIds() {
    }

    /** A new random id, such as {@code 9C817C6F8AF3D48F9FE553282AFA2B67}. */
    public static String newPinId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }
}
