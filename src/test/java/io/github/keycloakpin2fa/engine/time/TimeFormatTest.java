package io.github.keycloakpin2fa.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeFormatTest {

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource({
        "500ms, 500, MILLIS",
        "1s,    1,   SECONDS",
        "15m,   15,  MINUTES",
        "120m,  120, MINUTES",
        "1h,    1,   HOURS",
        "2d,    2,   DAYS",
        "365d,  365, DAYS",
    })
    void parsesEveryUnit(String text, long length, ChronoUnit unit) {
        assertThat(TimeFormat.parse(text)).isEqualTo(new TimeLength(length, unit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "1s", "15m", "1h", "2d", "9223372036854775807ms"})
    void theTextIsItsOwnCanonicalForm(String text) {
        assertThat(TimeFormat.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} lasts {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "90s,   PT1M30S",
        "15m,   PT15M",
        "1h,    PT1H",
        "2d,    PT48H",
    })
    void convertsToAnExactDuration(String text, Duration expected) {
        assertThat(TimeFormat.parse(text).toDuration()).isEqualTo(expected);
    }

    @Test
    void keepsTheUnitItWasWrittenIn() {
        assertThat(TimeFormat.parse("60s")).isNotEqualTo(TimeFormat.parse("1m"));
        assertThat(TimeFormat.parse("60s").toDuration()).isEqualTo(TimeFormat.parse("1m").toDuration());
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        " ", "m", "15", "0m", "0ms", "-5m", "+5m", "015m", "1.5h", "1,5h", "15 m", " 15m", "15m ",
        "15m\n", "15M", "15MS", "1H", "15min", "15sec", "1w", "1y", "15mm", "m15", "1e3s", "１５m",
        "9223372036854775808ms", "99999999999999999999d", "106751991167301d",
    })
    void rejectsMalformedTimes(String text) {
        assertThat(TimeFormat.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> TimeFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Time format should be \"{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d");
    }

    @Test
    void acceptsTheLongestDurationThatFits() {
        assertThat(TimeFormat.parse("106751991167300d").toDuration().toDays()).isEqualTo(106751991167300L);
    }

    @Test
    void aTimeLengthCannotBeBuiltInvalid() {
        assertThatThrownBy(() -> new TimeLength(0, ChronoUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeLength(1, ChronoUnit.WEEKS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeLength(Long.MAX_VALUE, ChronoUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesWithAnInclusiveBound() {
        assertThat(TimeLength.parse("24h").isAtMost(Duration.ofDays(1))).isTrue();
        assertThat(TimeLength.parse("86400001ms").isAtMost(Duration.ofDays(1))).isFalse();
    }
}
