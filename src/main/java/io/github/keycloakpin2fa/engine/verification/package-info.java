/**
 * The state of one sent PIN and the rules that verify a candidate against it.
 */
package io.github.keycloakpin2fa.engine.verification;
