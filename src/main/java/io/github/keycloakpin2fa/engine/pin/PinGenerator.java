package io.github.keycloakpin2fa.engine.pin;

import io.github.keycloakpin2fa.engine.template.PinLength;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Generates PINs: each character is drawn independently and uniformly from the {@link PinType}'s
 * alphabet with {@link Random#nextInt(int)}, which rejects out-of-range draws instead of taking a
 * remainder, so no symbol is favoured (no modulo bias). The default source is a
 * {@link SecureRandom}; tests may pass a seeded source. Safe for concurrent use when the source is
 * (a {@code SecureRandom} is).
 */
public final class PinGenerator {

    /** One source for every default generator: a SecureRandom is safe to share, and seeding one per PIN costs. */
    private static final SecureRandom SHARED = new SecureRandom();

    private final Random source;

    /** A generator drawing from the process's shared {@link SecureRandom}. */
    public PinGenerator() {
        this(SHARED);
    }

    /** A generator drawing from {@code source}; use a {@link SecureRandom} outside tests. */
    public PinGenerator(Random source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * A new PIN, upper case.
     *
     * @param type the alphabet
     * @param length {@value PinLength#MIN} to {@value PinLength#MAX}
     * @throws IllegalArgumentException when the length is out of bounds
     */
    public String generate(PinType type, int length) {
        Objects.requireNonNull(type, "type");
        PinLength.require(length);
        String alphabet = type.alphabet();
        char[] pin = new char[length];
        for (int i = 0; i < length; i++) {
            pin[i] = alphabet.charAt(source.nextInt(alphabet.length()));
        }
        return new String(pin);
    }

    @Override
    public String toString() {
        return "PinGenerator[" + source.getClass().getSimpleName() + "]";
    }
}
