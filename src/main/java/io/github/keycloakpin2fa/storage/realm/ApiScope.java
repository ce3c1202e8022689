package io.github.keycloakpin2fa.storage.realm;

import java.util.List;

/**
 * Infobip's 2FA scopes. API keys carry them; for bearer tokens and client credentials they are
 * realm roles of the same names.
 */
public final class ApiScope {

    /** Applications and templates: read and write; also allows sending and verifying. */
    public static final String MANAGE = "2fa:manage";
    /** Send, resend, verify and read verification status. */
    public static final String PIN_SEND = "2fa:pin:send";
    public static final List<String> KNOWN = List.of(MANAGE, PIN_SEND);

    private ApiScope() {
    }

    public static boolean isKnown(String scope) {
        return KNOWN.contains(scope);
    }
}
