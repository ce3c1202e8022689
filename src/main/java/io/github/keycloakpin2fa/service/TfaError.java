package io.github.keycloakpin2fa.service;

/** What went wrong, with the HTTP status and Infobip {@code messageId} the API answers with. */
public enum TfaError {
    BAD_REQUEST(400, "BAD_REQUEST"),
    UNAUTHORIZED(401, "UNAUTHORIZED"),
    FORBIDDEN(403, "FORBIDDEN"),
    NOT_FOUND(404, "NOT_FOUND"),
    APPLICATION_NOT_FOUND(404, "APPLICATION_NOT_FOUND"),
    METHOD_NOT_ALLOWED(405, "BAD_REQUEST"),
    PAYLOAD_TOO_LARGE(413, "BAD_REQUEST"),
    UNSUPPORTED_MEDIA_TYPE(415, "BAD_REQUEST"),
    TOO_MANY_REQUESTS(429, "TOO_MANY_REQUESTS"),
    GENERAL_ERROR(500, "GENERAL_ERROR");

    private final int status;
    private final String messageId;

    TfaError(int status, String messageId) {
        this.status = status;
        this.messageId = messageId;
    }

    public int status() {
        return status;
    }

    public String messageId() {
        return messageId;
    }
}
