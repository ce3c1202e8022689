package io.github.keycloakpin2fa.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import org.junit.jupiter.api.Test;

class LoginPinPolicyTest {

    @Test
    void six_digits_are_enough_and_infobips_four_are_not() {
        assertThat(LoginPinPolicy.entropyProblem(PinType.NUMERIC, 6)).isEmpty();
        assertThat(LoginPinPolicy.entropyProblem(PinType.NUMERIC, 4)).get().asString().contains("20 bits", "V6.5.4");
        assertThat(LoginPinPolicy.entropyProblem(PinType.NUMERIC, 5)).isPresent();
    }

    @Test
    void letters_count_by_their_alphabet() {
        assertThat(LoginPinPolicy.entropyProblem(PinType.ALPHANUMERIC, 4)).isEmpty(); // 36^4 = 1,679,616
        assertThat(LoginPinPolicy.entropyProblem(PinType.ALPHA, 4)).isPresent(); // 26^4 = 456,976
        assertThat(LoginPinPolicy.entropyProblem(PinType.HEX, 5)).isEmpty(); // 16^5 = 2^20
        assertThat(LoginPinPolicy.entropyProblem(PinType.HEX, 4)).isPresent();
    }

    @Test
    void pins_live_at_most_ten_minutes() {
        assertThat(LoginPinPolicy.lifeProblem(TimeLength.parse("10m"))).isEmpty();
        assertThat(LoginPinPolicy.lifeProblem(TimeLength.parse("600s"))).isEmpty();
        assertThat(LoginPinPolicy.lifeProblem(TimeLength.parse("601s"))).get().asString().contains("V6.5.5");
        assertThat(LoginPinPolicy.lifeProblem(TimeLength.parse("15m"))).isPresent();
    }
}
