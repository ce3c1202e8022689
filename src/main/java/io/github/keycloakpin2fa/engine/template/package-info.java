/**
 * PIN types, lengths, languages, SMS/voice/email templates, their validation, and message rendering.
 */
package io.github.keycloakpin2fa.engine.template;
