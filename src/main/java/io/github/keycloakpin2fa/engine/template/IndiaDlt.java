package io.github.keycloakpin2fa.engine.template;

import java.util.Objects;

/**
 * India's DLT registration of a template ({@code regional.indiaDlt}), required by Indian carriers.
 *
 * @param principalEntityId the registered entity, required
 * @param contentTemplateId the registered template, optional
 * @param teleMarketerId the telemarketer, optional
 */
public record IndiaDlt(String principalEntityId, String contentTemplateId, String teleMarketerId) {

    /** Checks that the principal entity is present. */
    public IndiaDlt {
        Objects.requireNonNull(principalEntityId, "principalEntityId");
    }
}
