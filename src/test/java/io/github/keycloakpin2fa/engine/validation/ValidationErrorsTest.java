package io.github.keycloakpin2fa.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationErrorsTest {

    @Test
    void rendersOneErrorAsInfobipDoes() {
        assertThat(ValidationErrors.of("name", "may not be null").text()).isEqualTo("[name : may not be null]");
    }

    @Test
    void joinsSeveralErrorsInOnePairOfBrackets() {
        ValidationErrors errors = new ValidationErrors()
                .add("name", "may not be null")
                .add("configuration.pinAttempts", "must be greater than or equal to 1");

        assertThat(errors.text()).isEqualTo(
                "[name : may not be null, configuration.pinAttempts : must be greater than or equal to 1]");
    }

    @Test
    void groupsMessagesByFieldInTheOrderFieldsFirstFailed() {
        ValidationErrors errors = new ValidationErrors().add("b", "1").add("a", "2").add("b", "3");

        assertThat(errors.asMap()).containsExactly(Map.entry("b", List.of("1", "3")), Map.entry("a", List.of("2")));
        assertThat(errors.text()).isEqualTo("[b : 1, b : 3, a : 2]");
    }

    @Test
    void isEmptyUntilAnErrorIsAdded() {
        ValidationErrors errors = new ValidationErrors();
        assertThat(errors.isEmpty()).isTrue();
        assertThatCode(errors::throwIfAny).doesNotThrowAnyException();

        errors.add("name", "may not be null");
        assertThat(errors.isEmpty()).isFalse();
        assertThat(errors.hasErrors("name")).isTrue();
        assertThat(errors.hasErrors("pinType")).isFalse();
    }

    @Test
    void theMapIsAnUnmodifiableSnapshot() {
        ValidationErrors errors = ValidationErrors.of("name", "may not be null");
        Map<String, List<String>> map = errors.asMap();

        errors.add("name", "later");

        assertThat(map.get("name")).containsExactly("may not be null");
        assertThatThrownBy(() -> map.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.get("name").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void throwsAnExceptionWhoseMessageIsTheText() {
        ValidationErrors errors = new ValidationErrors().add("name", "may not be null").add("pinType", "may not be null");

        assertThatThrownBy(errors::throwIfAny)
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("[name : may not be null, pinType : may not be null]");
                    assertThat(e.errors().asMap()).isEqualTo(errors.asMap());
                });
    }

    @Test
    void theExceptionKeepsItsOwnCopy() {
        ValidationErrors errors = ValidationErrors.of("name", "may not be null");
        ValidationException exception = new ValidationException(errors);

        errors.add("other", "added later");
        exception.errors().add("third", "added to a copy");

        assertThat(exception.errors().asMap()).containsOnlyKeys("name");
    }
}
