package io.github.keycloakpin2fa.engine.application;

/**
 * An application as a JSON or XML request body gives it: every field may be missing (null).
 * {@link ApplicationValidator} turns it into an {@link Application}.
 *
 * @param name required
 * @param enabled defaults to true
 * @param configuration defaults to {@link ApplicationConfiguration#DEFAULTS}
 */
public record ApplicationDraft(String name, Boolean enabled, ConfigurationDraft configuration) {
}
