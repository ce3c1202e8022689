/**
 * Infobip's time and limit formats ({@code 15m}, {@code 10/15m}) and the bounds applied to them. Time comes from a {@link java.time.Clock} passed by the server.
 */
package io.github.keycloakpin2fa.engine.time;
