package io.github.keycloakpin2fa.engine.destination;

/** Where a PIN goes. */
public sealed interface Destination permits PhoneNumber, EmailAddress {

    /**
     * The destination as Infobip writes it and the server stores it: E.164 digits without
     * {@code +} for a phone, the address as given for email.
     */
    String value();

    /** What a limit per destination counts under: two spellings of one destination give one key. */
    String limitKey();

    /** Shown to its owner so they recognise it, while an onlooker learns little. */
    String masked();

    /** A stored destination read back: an address when it has an {@code @}, else a phone number. */
    static Destination ofStored(String value) {
        return value.indexOf('@') >= 0 ? new EmailAddress(value) : new PhoneNumber(value);
    }
}
