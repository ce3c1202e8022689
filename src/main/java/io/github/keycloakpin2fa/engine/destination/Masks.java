package io.github.keycloakpin2fa.engine.destination;

/** The mask put in place of the hidden part; of fixed length, so it does not tell how much it hides. */
final class Masks {

    static final String HIDDEN = "•••";

    private Masks() {
    }
}
