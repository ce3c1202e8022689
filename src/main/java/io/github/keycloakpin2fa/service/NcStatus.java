package io.github.keycloakpin2fa.service;

/** Infobip's number-lookup statuses for {@code ncNeeded}. */
public enum NcStatus {
    NC_DESTINATION_UNKNOWN,
    NC_DESTINATION_REACHABLE,
    NC_DESTINATION_NOT_REACHABLE,
    NC_NOT_CONFIGURED
}
