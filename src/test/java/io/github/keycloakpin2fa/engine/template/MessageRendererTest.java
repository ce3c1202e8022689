package io.github.keycloakpin2fa.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.keycloakpin2fa.engine.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageRendererTest {

    @Test
    void replacesThePin() {
        assertThat(MessageRenderer.render("Your pin is {{pin}}", "1598", null)).isEqualTo("Your pin is 1598");
    }

    @Test
    void replacesEveryOccurrenceOfThePin() {
        assertThat(MessageRenderer.render("{{pin}} - again: {{pin}}", "1598", Map.of()))
                .isEqualTo("1598 - again: 1598");
    }

    @Test
    void fillsNamedPlaceholdersFromTheMap() {
        assertThat(MessageRenderer.render("Hi {{firstName}}, your {{app}} code is {{pin}}. {{app}} team", "4321",
                Map.of("firstName", "Ana", "app", "Acme")))
                .isEqualTo("Hi Ana, your Acme code is 4321. Acme team");
    }

    @Test
    void ignoresEntriesTheTextDoesNotUse() {
        assertThat(MessageRenderer.render("{{pin}}", "4321", Map.of("unused", "x"))).isEqualTo("4321");
    }

    @Test
    void insertsValuesLiterally() {
        assertThat(MessageRenderer.render("{{a}} {{b}} {{pin}}", "0000", Map.of("a", "$1 \\0 $", "b", "\\")))
                .isEqualTo("$1 \\0 $ \\ 0000");
    }

    @Test
    void replacesInOnePassSoAValueCannotRevealThePin() {
        assertThat(MessageRenderer.render("Hello {{name}}, code {{pin}}", "9876", Map.of("name", "{{pin}}")))
                .isEqualTo("Hello {{pin}}, code 9876");
    }

    @Test
    void aValueThatLooksLikeAnotherPlaceholderStaysAsItIs() {
        assertThat(MessageRenderer.render("{{a}}{{pin}}", "1111", Map.of("a", "{{b}}", "b", "x")))
                .isEqualTo("{{b}}1111");
    }

    @ParameterizedTest(name = "[{0}] renders as [{1}]")
    @CsvSource(delimiter = '|', value = {
        "{{{pin}}}        | {1234}",
        "{{pin}}}         | 1234}",
        "{ {pin}} {{pin}} | { {pin}} 1234",
        "{{}} {{pin}}     | {{}} 1234",
        "{{ }} {{pin}}    | {{ }} 1234",
        "{{pin}} {{       | 1234 {{",
        "{{pin}} }}       | 1234 }}",
    })
    void textThatIsNotAPlaceholderIsCopied(String text, String rendered) {
        assertThat(MessageRenderer.render(text, "1234", Map.of())).isEqualTo(rendered);
    }

    @Test
    void aPlaceholderWithoutValueIsAnErrorNamingIt() {
        assertThatThrownBy(() -> MessageRenderer.render("Hi {{firstName}} {{lastName}} {{firstName}}: {{pin}}",
                "5555", Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("[placeholders : no value for {{firstName}}, placeholders : no value for {{lastName}}]")
                .hasMessageNotContaining("5555");
    }

    @Test
    void namesAreCaseSensitiveSoUpperCasePinIsNotThePin() {
        assertThatThrownBy(() -> MessageRenderer.render("{{PIN}} {{pin}}", "5555", null))
                .isInstanceOf(ValidationException.class)
                .hasMessage("[placeholders : no value for {{PIN}}]");
    }

    @Test
    void checksTheMapBeforeRendering() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("pin", "0000");
        assertThatThrownBy(() -> MessageRenderer.render("{{pin}}", "5555", map))
                .isInstanceOf(ValidationException.class)
                .hasMessage("[placeholders : key pin is reserved for the PIN]");
    }

    @Test
    void refusesATextWithoutThePinPlaceholder() {
        assertThatThrownBy(() -> MessageRenderer.render("no pin here", "5555", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("5555");
    }

    @Test
    void fillPutsPinAndPlaceholdersLikeRenderAndNeedsNoPin() {
        assertThat(MessageRenderer.fill("Hello {{name}}, code {{pin}} for {{shop}}", "1598", Map.of("name", "Ana", "shop", "$1")))
                .isEqualTo("Hello Ana, code 1598 for $1");
        assertThat(MessageRenderer.fill("Your code for {{shop}}", "1598", Map.of("shop", "Books"))).isEqualTo("Your code for Books");
    }

    @Test
    void fillLeavesPlaceholdersWithoutAValueAndNeverRescansValues() {
        assertThat(MessageRenderer.fill("Hi {{name}} {{ pin }} {{}}", "1598", Map.of())).isEqualTo("Hi {{name}} {{ pin }} {{}}");
        assertThat(MessageRenderer.fill("{{a}}", "1598", Map.of("a", "{{pin}}"))).isEqualTo("{{pin}}");
        assertThat(MessageRenderer.fill("Subject {{pin}}", null, Map.of())).isEqualTo("Subject {{pin}}");
    }
}
