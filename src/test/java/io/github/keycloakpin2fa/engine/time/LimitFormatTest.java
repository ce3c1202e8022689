package io.github.keycloakpin2fa.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitFormatTest {

    @ParameterizedTest(name = "{0} is {1} per {2}{3}")
    @CsvSource({
        "10/15m,     10,    15,  MINUTES",
        "2/10s,      2,     10,  SECONDS",
        "1/3s,       1,     3,   SECONDS",
        "10000/1d,   10000, 1,   DAYS",
        "3/1d,       3,     1,   DAYS",
        "5/500ms,    5,     500, MILLIS",
        "2147483647/1h, 2147483647, 1, HOURS",
    })
    void parsesLimits(String text, int attempts, long length, ChronoUnit unit) {
        assertThat(LimitFormat.parse(text)).isEqualTo(new Limit(attempts, new TimeLength(length, unit)));
        assertThat(LimitFormat.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        " ", "10", "10/", "/15m", "0/15m", "-1/15m", "+1/15m", "01/15m", "1.5/15m", "10/0m", "10/15",
        "10/15M", "10/15x", "10 /15m", "10/ 15m", "10/15m ", "10//15m", "10/15m/2", "10:15m",
        "2147483648/1h", "1/9223372036854775808ms",
    })
    void rejectsMalformedLimits(String text) {
        assertThat(LimitFormat.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> LimitFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Limit format should be \"{attempts}/{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d");
    }

    @Test
    void aLimitCannotBeBuiltInvalid() {
        assertThatThrownBy(() -> new Limit(0, TimeLength.parse("1s"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit(1, null)).isInstanceOf(NullPointerException.class);
    }
}
