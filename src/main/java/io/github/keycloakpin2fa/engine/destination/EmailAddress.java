package io.github.keycloakpin2fa.engine.destination;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address a PIN can go to, kept as written (trimmed): mail servers may treat the local
 * part's case as significant, so the PIN goes exactly where asked. Limits count it case-folded,
 * so {@code Demo@Example.org} and {@code demo@example.org} share one budget.
 *
 * @param address the address, trimmed
 */
public record EmailAddress(String address) implements Destination {

    /** No whitespace or control characters anywhere (a line break would let a caller forge mail headers). */
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\x00-\\x1f]{1,64}@[^@\\s\\x00-\\x1f]{1,255}\\.[^@\\s.\\x00-\\x1f]{2,63}");
    private static final int MAX_LENGTH = 320;

    /** Requires an {@code @}. */
    public EmailAddress {
        Objects.requireNonNull(address, "address");
        if (address.indexOf('@') < 0) {
            throw new IllegalArgumentException("not an email address");
        }
    }

    /** The address, trimmed, when it is shaped like one; otherwise empty. */
    public static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        return trimmed.length() <= MAX_LENGTH && SHAPE.matcher(trimmed).matches()
                ? Optional.of(new EmailAddress(trimmed)) : Optional.empty();
    }

    @Override
    public String value() {
        return address;
    }

    /** Lower case: one budget whatever the case the address is written in. */
    @Override
    public String limitKey() {
        return address.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code other} is this address, ignoring case (as the login binds a PIN to a user's email). */
    public boolean sameAs(String other) {
        return other != null && address.equalsIgnoreCase(other.trim());
    }

    /** The first character and the domain: {@code d•••@example.org}. */
    @Override
    public String masked() {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Masks.HIDDEN;
        }
        return address.substring(0, address.offsetByCodePoints(0, 1)) + Masks.HIDDEN + address.substring(at);
    }

    @Override
    public String toString() {
        return address;
    }
}
