package io.github.keycloakpin2fa.engine.pin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinIdsTest {

    @Test
    void idsAre32UpperCaseHexCharactersAndDiffer() {
        String id = PinIds.newPinId();

        assertThat(id).matches("[0-9A-F]{32}");
        assertThat(PinIds.newPinId()).isNotEqualTo(id);
    }
}
