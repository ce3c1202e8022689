package io.github.keycloakpin2fa.delivery.lookup;

/** What a number lookup says about a phone number. */
public enum Reachability {
    /** The network says the handset can take messages. */
    REACHABLE,
    /** The number cannot exist, or the network says it is gone for good: no SMS is sent. */
    NOT_REACHABLE,
    /** The number can exist, but nothing says whether it is reachable now: the SMS is sent. */
    UNKNOWN
}
