package io.github.keycloakpin2fa.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The verification status of a number in an application. */
public record VerificationsResponse(List<Verification> verifications) {

    /** One PIN's record; times in epoch milliseconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"msisdn", "verified", "verifiedAt", "sentAt"})
    public record Verification(String msisdn, boolean verified, Long verifiedAt, Long sentAt) {
    }
}
