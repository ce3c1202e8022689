package io.github.keycloakpin2fa.engine.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.template.PinType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinHasherTest {

    private static final String PIN_ID = "9C817C6F8AF3D48F9FE553282AFA2B67";

    private static byte[] secret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        return secret;
    }

    private final PinHasher hasher = new PinHasher(secret());

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> new PinHasher(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThat(new PinHasher(new byte[32])).isNotNull();
    }

    @Test
    void isHmacSha256OverTheLengthPrefixedIdAndThePin() {
        // HMAC-SHA256(key 00..1f, uint32be(len(id)) || id || pin), unpadded base64url; computed independently.
        assertThat(hasher.hash(PIN_ID, "1598")).isEqualTo("JmNR3BHOtV7hUdhlMus3LqTWuJ26F1VE6lNTLePX_zQ");
    }

    @Test
    void theHashDoesNotContainThePin() {
        assertThat(hasher.hash(PIN_ID, "1598")).doesNotContain("1598").hasSize(43);
    }

    @Test
    void theHashIsBoundToThePinId() {
        String hash = hasher.hash(PIN_ID, "1598");

        assertThat(hasher.hash("OTHER", "1598")).isNotEqualTo(hash);
        assertThat(hasher.matches("OTHER", "1598", PinType.NUMERIC, hash)).isFalse();
    }

    @Test
    void theIdAndPinCannotBeShiftedIntoEachOther() {
        assertThat(hasher.hash("ab", "c1234")).isNotEqualTo(hasher.hash("abc", "1234"));
    }

    @Test
    void theHashDependsOnTheSecret() {
        byte[] other = secret();
        other[0] = 42;
        assertThat(new PinHasher(other).hash(PIN_ID, "1598")).isNotEqualTo(hasher.hash(PIN_ID, "1598"));
    }

    @Test
    void keepsItsOwnCopyOfTheSecret() {
        byte[] secret = secret();
        PinHasher copying = new PinHasher(secret);
        String before = copying.hash(PIN_ID, "1598");

        Arrays.fill(secret, (byte) 0);

        assertThat(copying.hash(PIN_ID, "1598")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} PIN {1} matches entered [{2}]: {3}")
    @CsvSource(delimiter = '|', value = {
        "NUMERIC      | 1598   | 1598     | true",
        "NUMERIC      | 1598   | ' 1598 ' | true",
        "NUMERIC      | 1598   | 1599     | false",
        "NUMERIC      | 1598   | 15 98    | false",
        "HEX          | 3FA9   | 3fa9     | true",
        "ALPHA        | ABCD   | abcd     | true",
        "ALPHANUMERIC | X7K2Q9 | x7k2q9   | true",
        "ALPHANUMERIC | X7K2Q9 | X7K2Q    | false",
        "NUMERIC      | 1598   | ''       | false",
    })
    void matchesTheCandidateUnderTheCaseRule(PinType type, String pin, String entered, boolean matches) {
        String stored = hasher.hash(PIN_ID, pin);
        assertThat(hasher.matches(PIN_ID, entered, type, stored)).isEqualTo(matches);
    }

    @Test
    void aNullCandidateNeverMatches() {
        assertThat(hasher.matches(PIN_ID, null, PinType.NUMERIC, hasher.hash(PIN_ID, ""))).isFalse();
    }

    @Test
    void aMalformedStoredHashDoesNotMatch() {
        assertThat(hasher.matches(PIN_ID, "1598", PinType.NUMERIC, "not-a-hash")).isFalse();
    }

    @Test
    void toStringRevealsNeitherSecretNorPin() {
        assertThat(hasher.toString()).isEqualTo("PinHasher[HmacSHA256]");
    }
}
