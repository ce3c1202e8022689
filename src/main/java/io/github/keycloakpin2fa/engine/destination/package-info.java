/**
 * Where a PIN goes: a {@link io.github.keycloakpin2fa.engine.destination.PhoneNumber} (SMS, voice)
 * or an {@link io.github.keycloakpin2fa.engine.destination.EmailAddress}, each read, written,
 * masked and turned into a limit key in one place.
 */
package io.github.keycloakpin2fa.engine.destination;
