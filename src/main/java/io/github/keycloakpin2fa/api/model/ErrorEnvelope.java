package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** Infobip's error body: {@code {"requestError": {"serviceException": {...}}}}. */
public record ErrorEnvelope(RequestError requestError) {

    public record RequestError(ServiceException serviceException) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"messageId", "text", "validationErrors"})
    public record ServiceException(String messageId, String text, Map<String, List<String>> validationErrors) {
    }

    public static ErrorEnvelope of(String messageId, String text, Map<String, List<String>> validationErrors) {
        return new ErrorEnvelope(new RequestError(new ServiceException(messageId, text, validationErrors)));
    }
}
