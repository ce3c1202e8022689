package io.github.keycloakpin2fa.engine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplicationValidatorTest {

    private static final String TIME_ERROR =
            "Time format should be \"{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d";
    private static final String LIMIT_ERROR =
            "Limit format should be \"{attempts}/{timeLength}{timeUnit}\". Time units can be: ms, s, m, h, d";

    @Test
    void acceptsTheSeedRequest() {
        Application application = ApplicationValidator.validate(new ApplicationDraft("User registration", true,
                new ConfigurationDraft(5, true, "5m", "1/3s", "10000/1d", "5/1d")));

        assertThat(application.name()).isEqualTo("User registration");
        assertThat(application.enabled()).isTrue();
        assertThat(application.configuration()).isEqualTo(new ApplicationConfiguration(5, true,
                TimeLength.parse("5m"), Limit.parse("1/3s"), Limit.parse("10000/1d"), Limit.parse("5/1d")));
    }

    @Test
    void theDefaultsAreInfobips() {
        ApplicationConfiguration defaults = ApplicationConfiguration.DEFAULTS;

        assertThat(defaults.pinAttempts()).isEqualTo(10);
        assertThat(defaults.allowMultiplePinVerifications()).isTrue();
        assertThat(defaults.pinTimeToLive()).hasToString("15m");
        assertThat(defaults.verifyPinLimit()).hasToString("1/3s");
        assertThat(defaults.sendPinPerApplicationLimit()).hasToString("10000/1d");
        assertThat(defaults.sendPinPerPhoneNumberLimit()).hasToString("3/1d");
    }

    @Test
    void aMissingConfigurationAndEnabledTakeTheDefaults() {
        Application application = ApplicationValidator.validate(new ApplicationDraft("Login", null, null));

        assertThat(application.enabled()).isTrue();
        assertThat(application.configuration()).isEqualTo(ApplicationConfiguration.DEFAULTS);
    }

    @Test
    void eachMissingConfigurationFieldTakesItsDefault() {
        Application application = ApplicationValidator.validate(new ApplicationDraft("Login", false,
                new ConfigurationDraft(3, null, null, "2/10s", null, null)));

        assertThat(application.enabled()).isFalse();
        assertThat(application.configuration()).isEqualTo(new ApplicationConfiguration(3, true,
                TimeLength.parse("15m"), Limit.parse("2/10s"), Limit.parse("10000/1d"), Limit.parse("3/1d")));
    }

    @Test
    void allowMultiplePinVerificationsCanBeSwitchedOff() {
        Application application = ApplicationValidator.validate(new ApplicationDraft("Login", null,
                new ConfigurationDraft(null, false, null, null, null, null)));

        assertThat(application.configuration().allowMultiplePinVerifications()).isFalse();
    }

    @Test
    void theNameIsRequired() {
        assertRejected(new ApplicationDraft(null, true, null), "[name : may not be null]");
        assertRejected(null, "[name : may not be null]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void theNameMayNotBeBlank(String blank) {
        assertRejected(new ApplicationDraft(blank, true, null), "[name : may not be blank]");
    }

    @Test
    void theNameHasAtMost255Characters() {
        assertThat(ApplicationValidator.validate(new ApplicationDraft("n".repeat(255), null, null)).name())
                .hasSize(255);
        assertRejected(new ApplicationDraft("n".repeat(256), null, null), "[name : size must be between 1 and 255]");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100})
    void pinAttemptsFromOneToAHundredAreAccepted(int attempts) {
        assertThat(ApplicationValidator.validate(draftWith(new ConfigurationDraft(attempts, null, null, null, null, null)))
                .configuration().pinAttempts()).isEqualTo(attempts);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void pinAttemptsBelowOneAreRejected(int attempts) {
        assertRejected(draftWith(new ConfigurationDraft(attempts, null, null, null, null, null)),
                "[configuration.pinAttempts : must be greater than or equal to 1]");
    }

    @ParameterizedTest
    @ValueSource(ints = {101, Integer.MAX_VALUE})
    void pinAttemptsAboveAHundredAreRejected(int attempts) {
        assertRejected(draftWith(new ConfigurationDraft(attempts, null, null, null, null, null)),
                "[configuration.pinAttempts : must be less than or equal to 100]");
    }

    @Test
    void aMalformedTimeToLiveGetsInfobipsText() {
        assertRejected(draftWith(new ConfigurationDraft(null, null, "15 minutes", null, null, null)),
                "[configuration.pinTimeToLive : " + TIME_ERROR + "]");
    }

    @Test
    void aPinLivesAtMostOneYear() {
        assertThat(ApplicationValidator.validate(draftWith(new ConfigurationDraft(null, null, "365d", null, null, null)))
                .configuration().pinTimeToLive()).hasToString("365d");
        assertRejected(draftWith(new ConfigurationDraft(null, null, "366d", null, null, null)),
                "[configuration.pinTimeToLive : Time to live must be at most 1 year (365d)]");
    }

    @Test
    void theVerifyLimitWindowIsAtMostOneDay() {
        assertThat(ApplicationValidator.validate(draftWith(new ConfigurationDraft(null, null, null, "5/1d", null, null)))
                .configuration().verifyPinLimit()).hasToString("5/1d");
        assertRejected(draftWith(new ConfigurationDraft(null, null, null, "5/25h", null, null)),
                "[configuration.verifyPinLimit : Time window must be at most 1 day (1d)]");
    }

    @Test
    void sendLimitWindowsAreNotBoundToOneDay() {
        Application application = ApplicationValidator.validate(draftWith(
                new ConfigurationDraft(null, null, null, null, "10000/3d", "10/20m")));

        assertThat(application.configuration().sendPinPerApplicationLimit()).hasToString("10000/3d");
        assertThat(application.configuration().sendPinPerPhoneNumberLimit()).hasToString("10/20m");
    }

    @Test
    void sendLimitWindowsAreAtMostOneYearSoNoWindowOverflowsTheClock() {
        assertThat(ApplicationValidator.validate(draftWith(new ConfigurationDraft(null, null, null, null, "1/365d", "1/8760h")))
                .configuration().sendPinPerApplicationLimit()).hasToString("1/365d");
        assertRejected(draftWith(new ConfigurationDraft(null, null, null, null, "1/999999999999d", "1/366d")),
                "[configuration.sendPinPerApplicationLimit : Time window must be at most 1 year (365d)"
                        + ", configuration.sendPinPerPhoneNumberLimit : Time window must be at most 1 year (365d)]");
    }

    @Test
    void eachMalformedLimitGetsInfobipsText() {
        assertRejected(draftWith(new ConfigurationDraft(null, null, null, "1/3 s", "10000", "3/1D")),
                "[configuration.verifyPinLimit : " + LIMIT_ERROR
                        + ", configuration.sendPinPerApplicationLimit : " + LIMIT_ERROR
                        + ", configuration.sendPinPerPhoneNumberLimit : " + LIMIT_ERROR + "]");
    }

    @Test
    void reportsEveryErrorOfTheRequestAtOnce() {
        ApplicationDraft draft = new ApplicationDraft(null, null,
                new ConfigurationDraft(0, null, "0m", "1/2d", "x", "3/1d"));

        assertThatThrownBy(() -> ApplicationValidator.validate(draft))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().asMap())
                        .containsOnlyKeys("name", "configuration.pinAttempts", "configuration.pinTimeToLive",
                                "configuration.verifyPinLimit", "configuration.sendPinPerApplicationLimit"))
                .hasMessageStartingWith("[name : may not be null, configuration.pinAttempts : must be greater than");
    }

    private static ApplicationDraft draftWith(ConfigurationDraft configuration) {
        return new ApplicationDraft("Login", true, configuration);
    }

    private static void assertRejected(ApplicationDraft draft, String text) {
        assertThatThrownBy(() -> ApplicationValidator.validate(draft))
                .isInstanceOf(ValidationException.class)
                .hasMessage(text);
    }
}
