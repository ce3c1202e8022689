package io.github.keycloakpin2fa.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeBoundTest {

    @ParameterizedTest(name = "a PIN living {0}: allowed={1}")
    @CsvSource({"365d, true", "8760h, true", "366d, false", "8761h, false", "31536000001ms, false", "15m, true"})
    void aPinLivesAtMostOneYear(String ttl, boolean allowed) {
        assertThat(TimeBound.PIN_TIME_TO_LIVE.allows(TimeLength.parse(ttl))).isEqualTo(allowed);
        assertThat(TimeBound.PIN_TIME_TO_LIVE.message()).isEqualTo("Time to live must be at most 1 year (365d)");
    }

    @ParameterizedTest(name = "a verify window of {0}: allowed={1}")
    @CsvSource({"1d, true", "24h, true", "1440m, true", "86400000ms, true", "25h, false", "2d, false", "86400001ms, false"})
    void aVerifyWindowIsAtMostOneDay(String window, boolean allowed) {
        assertThat(TimeBound.VERIFY_LIMIT_WINDOW.allows(TimeLength.parse(window))).isEqualTo(allowed);
        assertThat(TimeBound.VERIFY_LIMIT_WINDOW.message()).isEqualTo("Time window must be at most 1 day (1d)");
    }
}
