package io.github.keycloakpin2fa.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.RealmModel;

/**
 * The addresses an API caller may put in an email PIN's {@code from}: the realm's SMTP sender,
 * the email template's own {@code from}, and the realm attribute {@value #ALLOWED_ATTRIBUTE}
 * (addresses separated by commas). Anything else would let a caller send mail in the realm's name
 * as anyone.
 */
final class EmailSenders {

    static final String ALLOWED_ATTRIBUTE = "pin2fa.email.allowed-from";

    private final RealmModel realm;

    EmailSenders(RealmModel realm) {
        this.realm = realm;
    }

    void requireAllowed(String from, String templateFrom) {
        if (!allowed(templateFrom).contains(fold(from))) {
            throw TfaException.invalid("from", "is not a sender address this realm allows (its SMTP from, the template's from, or "
                    + ALLOWED_ATTRIBUTE + ")");
        }
    }

    private Set<String> allowed(String templateFrom) {
        String configured = realm.getAttribute(ALLOWED_ATTRIBUTE);
        Set<String> allowed = configured == null ? new java.util.HashSet<>()
                : Arrays.stream(configured.split(",")).map(EmailSenders::fold).filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(java.util.HashSet::new));
        if (realm.getSmtpConfig() != null && realm.getSmtpConfig().get("from") != null) {
            allowed.add(fold(realm.getSmtpConfig().get("from")));
        }
        if (templateFrom != null) {
            allowed.add(fold(templateFrom));
        }
        return allowed;
    }

    private static String fold(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
