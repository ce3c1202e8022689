package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.keycloakpin2fa.engine.application.ApplicationConfiguration;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;

/** An application's {@code configuration}, as Infobip writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pinAttempts", "allowMultiplePinVerifications", "pinTimeToLive", "verifyPinLimit",
    "sendPinPerApplicationLimit", "sendPinPerPhoneNumberLimit"})
public record ConfigurationBody(Integer pinAttempts, Boolean allowMultiplePinVerifications, String pinTimeToLive,
        String verifyPinLimit, String sendPinPerApplicationLimit, String sendPinPerPhoneNumberLimit) {

    public ConfigurationDraft toDraft() {
        return new ConfigurationDraft(pinAttempts, allowMultiplePinVerifications, pinTimeToLive, verifyPinLimit,
                sendPinPerApplicationLimit, sendPinPerPhoneNumberLimit);
    }

    public static ConfigurationBody of(ApplicationConfiguration c) {
        return new ConfigurationBody(c.pinAttempts(), c.allowMultiplePinVerifications(), c.pinTimeToLive().toString(),
                c.verifyPinLimit().toString(), c.sendPinPerApplicationLimit().toString(),
                c.sendPinPerPhoneNumberLimit().toString());
    }
}
