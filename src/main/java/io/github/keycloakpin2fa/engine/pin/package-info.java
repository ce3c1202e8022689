/**
 * PIN generation (SecureRandom, uniform), PIN ids, and keyed PIN hashes. PINs are never logged or stored in plain text.
 */
package io.github.keycloakpin2fa.engine.pin;
