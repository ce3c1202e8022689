package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every language has every text, and every text formats. */
class MessageBundlesTest {

    private static final Path MESSAGES = Path.of("themes/pin-2fa/login/messages");

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "pt_BR", "nl", "pl"})
    void each_bundle_has_every_key_of_the_english_one_and_no_other(String language) throws IOException {
        Properties english = load("en");
        Properties bundle = load(language);

        assertThat(bundle.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "pt_BR", "nl", "pl"})
    void each_text_formats_without_stray_quotes_or_braces(String language) throws IOException {
        Properties bundle = load(language);
        for (String key : bundle.stringPropertyNames()) {
            String text = new MessageFormat(bundle.getProperty(key), Locale.forLanguageTag(language.replace('_', '-')))
                    .format(new Object[] {3, "+41 ••• ••• 27"});
            assertThat(text).as("%s in %s", key, language).doesNotContain("{", "}").isNotBlank();
            assertThat(text.contains("'")).as("%s in %s: apostrophes must be written ''", key, language)
                    .isEqualTo(bundle.getProperty(key).contains("''"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "pt_BR", "nl", "pl"})
    void every_key_the_code_uses_is_there(String language) throws Exception {
        Properties bundle = load(language);
        for (Field field : PinMessages.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                assertThat(bundle).as(language).containsKey(field.get(null));
            }
        }
        assertThat(bundle).containsKeys("pin-2fa-display-name", "pin-2fa-help-text", "pin-2fa-phone-display-name", "pin-2fa-phone-help-text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "pl"})
    void counts_of_attempts_read_naturally(String language) throws IOException {
        String wrong = load(language).getProperty(PinMessages.WRONG_PIN);
        Locale locale = Locale.forLanguageTag(language);

        assertThat(Arrays.asList(0, 1, 4).stream().map(n -> new MessageFormat(wrong, locale).format(new Object[] {n})))
                .doesNotHaveDuplicates().allSatisfy(text -> assertThat(text).isNotBlank());
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES.resolve("messages_" + language + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
