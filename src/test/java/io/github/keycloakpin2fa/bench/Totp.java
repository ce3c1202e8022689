package io.github.keycloakpin2fa.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes (HMAC-SHA1), as an authenticator app computes them for Keycloak's OTP form. */
public final class Totp {

    private Totp() {
    }

    /** The code of {@code digits} digits for the 30-second period holding {@code epochMillis}. */
    public static String code(byte[] secret, long epochMillis, int digits) {
        return hotp(secret, Math.floorDiv(epochMillis, 30_000L), digits);
    }

    static String hotp(byte[] secret, long counter, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            int modulo = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulo);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
