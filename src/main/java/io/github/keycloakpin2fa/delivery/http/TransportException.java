package io.github.keycloakpin2fa.delivery.http;

/**
 * A request that got no HTTP answer. Its message names the failure's type only, never the
 * request's content.
 */
public final class TransportException extends Exception {

    private final boolean maybeSent;

    public TransportException(String message, boolean maybeSent, Throwable cause) {
        super(message, cause);
        this.maybeSent = maybeSent;
    }

    /**
     * True when the request may have reached the vendor (e.g. a read timeout after it was
     * written): sending it again could deliver the message twice.
     */
    public boolean maybeSent() {
        return maybeSent;
    }
}
