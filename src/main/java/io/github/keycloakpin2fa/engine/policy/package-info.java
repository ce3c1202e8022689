/** Security policies the login flow applies to PINs (OWASP ASVS 5.0 V6.5). Plain Java. */
package io.github.keycloakpin2fa.engine.policy;
