package io.github.keycloakpin2fa.engine.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PinSealerTest {

    private static final String PIN_ID = "9C817C6F8AF3D48F9FE553282AFA2B67";

    private static byte[] key(int first) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (first + i);
        }
        return key;
    }

    private final PinSealer sealer = new PinSealer(key(0));

    @Test
    void takesOnlyA256BitKey() {
        assertThatThrownBy(() -> new PinSealer(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PinSealer(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSealedPinOpensUnderItsIdAndDoesNotShowThePin() {
        String sealed = sealer.seal(PIN_ID, "159874");

        assertThat(sealed).doesNotContain("159874").matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(sealed)).as("nonce, ciphertext, 16-byte tag").hasSize(12 + 6 + 16);
        assertThat(sealer.open(PIN_ID, sealed)).contains("159874");
    }

    @Test
    void eachSealUsesAFreshNonce() {
        assertThat(sealer.seal(PIN_ID, "1598")).isNotEqualTo(sealer.seal(PIN_ID, "1598"));
    }

    @Test
    void aSealedPinDoesNotOpenUnderAnotherIdOrKey() {
        String sealed = sealer.seal(PIN_ID, "1598");

        assertThat(sealer.open("0933F3BC087D2A617AC6DCB2EF5B8A61", sealed)).as("bound to its PIN id").isEmpty();
        assertThat(new PinSealer(key(1)).open(PIN_ID, sealed)).as("another realm's or a rotated key").isEmpty();
    }

    @Test
    void anyChangeIsDetected() {
        byte[] bytes = Base64.getUrlDecoder().decode(sealer.seal(PIN_ID, "1598"));
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 1;
            assertThat(sealer.open(PIN_ID, Base64.getUrlEncoder().withoutPadding().encodeToString(changed)))
                    .as("byte %d flipped", i).isEmpty();
        }
    }

    @Test
    void malformedInputOpensToNothing() {
        assertThat(sealer.open(PIN_ID, null)).isEmpty();
        assertThat(sealer.open(PIN_ID, "not base64 !")).isEmpty();
        assertThat(sealer.open(PIN_ID, "AAAA")).isEmpty();
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(sealer.toString()).isEqualTo("PinSealer[AES-256-GCM]");
    }
}
