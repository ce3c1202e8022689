package io.github.keycloakpin2fa.api;

/** The API's kinds of error: the HTTP status and Infobip's {@code messageId} it answers with. */
enum ApiError {
    BAD_REQUEST(400, "BAD_REQUEST"),
    UNAUTHORIZED(401, "UNAUTHORIZED"),
    FORBIDDEN(403, "FORBIDDEN"),
    NOT_FOUND(404, "NOT_FOUND"),
    APPLICATION_NOT_FOUND(404, "APPLICATION_NOT_FOUND"),
    METHOD_NOT_ALLOWED(405, "BAD_REQUEST"),
    CONFLICT(409, "CONFLICT"),
    PAYLOAD_TOO_LARGE(413, "BAD_REQUEST"),
    UNSUPPORTED_MEDIA_TYPE(415, "BAD_REQUEST"),
    TOO_MANY_REQUESTS(429, "TOO_MANY_REQUESTS"),
    GENERAL_ERROR(500, "GENERAL_ERROR");

    private final int status;
    private final String messageId;

    ApiError(int status, String messageId) {
        this.status = status;
        this.messageId = messageId;
    }

    int status() {
        return status;
    }

    String messageId() {
        return messageId;
    }
}
