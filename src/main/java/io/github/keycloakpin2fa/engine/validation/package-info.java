/**
 * Field-by-field validation errors rendered as Infobip's {@code [field : message, ...]} text.
 */
package io.github.keycloakpin2fa.engine.validation;
