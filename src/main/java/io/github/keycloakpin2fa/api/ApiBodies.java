package io.github.keycloakpin2fa.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
import java.util.stream.Collectors;

/**
 * Turns request bodies into request records and responses into JSON or XML, as Infobip's API
 * does. Unknown fields are ignored; malformed bodies and wrong types become a 400 that names the
 * field, never a 500.
 */
final class ApiBodies {

    /** Bodies above this size are refused. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private ApiBodies() {
    }

    /** Reads a body; an empty body reads as {@code {}} when {@code emptyAllowed}. */
    static <T> T read(String body, String contentType, Class<T> type, boolean xmlAllowed, boolean emptyAllowed) {
        if (body != null && body.length() > MAX_BODY_CHARS) {
            throw new TfaException(TfaError.PAYLOAD_TOO_LARGE, "Request body is larger than " + MAX_BODY_CHARS + " characters.");
        }
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return bind(JsonNodeFactory.instance.objectNode(), type);
            }
            throw new TfaException(TfaError.BAD_REQUEST, "Request body is missing.");
        }
        if (isXml(contentType)) {
            if (!xmlAllowed) {
                throw new TfaException(TfaError.UNSUPPORTED_MEDIA_TYPE, "This endpoint accepts application/json only.");
            }
            return bind(XmlBodies.parse(body), type);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            // Nesting over 1000 deep, a number over 1000 digits, a string over Jackson's limit.
            throw new TfaException(TfaError.BAD_REQUEST, "Request body is not valid JSON: it is nested too deeply"
                    + " or holds a value that is too long.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new TfaException(TfaError.BAD_REQUEST, "Request body is not valid JSON"
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."));
        }
        if (tree == null || !tree.isObject()) {
            throw new TfaException(TfaError.BAD_REQUEST, "Request body must be a JSON object.");
        }
        return bind(tree, type);
    }

    private static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw TfaException.invalid(field.isEmpty() ? "body" : field, "has the wrong type");
        } catch (JsonMappingException e) {
            throw new TfaException(TfaError.BAD_REQUEST, "Request body does not have the expected shape.");
        } catch (JsonProcessingException e) {
            throw new TfaException(TfaError.BAD_REQUEST, "Request body could not be read.");
        }
    }

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a response", e);
        }
    }

    static ObjectNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    static boolean isXml(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(java.util.Locale.ROOT).contains("xml");
    }

    /** XML only when the caller asks for it and not for JSON as well (JSON wins a tie). */
    static boolean wantsXml(String accept) {
        return isXml(accept) && !accept.toLowerCase(java.util.Locale.ROOT).contains("json");
    }
}
