/**
 * 2FA applications: configuration, Infobip's defaults, and validation of create/update requests.
 */
package io.github.keycloakpin2fa.engine.application;
