package io.github.keycloakpin2fa.delivery.email;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

/**
 * Email through the realm's SMTP settings ({@code realm.getSmtpConfig()}, Keycloak's
 * {@link EmailSenderProvider}), rendered from the realm's email theme: the FreeMarker templates
 * {@code text/pin-2fa-email.ftl} and {@code html/pin-2fa-email.ftl} and the message bundle
 * {@code pin2fa-email}, which this JAR adds to every theme (a theme may override them). The
 * language is the addressee's if a user of the realm has that address, else the request's.
 */
final class EmailPinSender implements PinDeliveryProvider {

    static final String TEMPLATE = "pin-2fa-email.ftl";
    static final String BUNDLE = "pin2fa-email";

    private final KeycloakSession session;

    EmailPinSender(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> smtp = new HashMap<>(realm.getSmtpConfig());
        if (smtp.get("host") == null || smtp.get("host").isBlank()) {
            return DeliveryResult.rejected("realm " + realm.getName() + " has no SMTP server (Realm settings > Email)");
        }
        if (message.from() != null && message.from().contains("@")) {
            smtp.put("from", message.from());
        }
        Rendered email;
        try {
            email = render(realm, message);
        } catch (IOException | FreeMarkerException e) {
            return DeliveryResult.rejected("email template failed: " + e.getClass().getSimpleName());
        }
        try {
            session.getProvider(EmailSenderProvider.class).send(smtp, message.to(), email.subject(), email.text(), email.html());
            return DeliveryResult.accepted(null);
        } catch (EmailException e) {
            // A timeout once the server took the connection may come after it took the message.
            return causedBy(e, SocketTimeoutException.class)
                    ? DeliveryResult.unknown("SMTP timeout: the message may have been sent")
                    : DeliveryResult.rejected("SMTP: " + rootCause(e).getClass().getSimpleName());
        }
    }

    record Rendered(String subject, String text, String html) {
    }

    private Rendered render(RealmModel realm, OutgoingMessage message) throws IOException, FreeMarkerException {
        UserModel user;
        try {
            user = session.users().getUserByEmail(realm, message.to());
        } catch (RuntimeException sharedAddress) {
            user = null; // realms that allow duplicate emails: no single user to take the language from
        }
        Locale locale = session.getContext().resolveLocale(user);
        Theme theme = session.theme().getTheme(Theme.Type.EMAIL);
        Properties messages = new Properties();
        messages.putAll(theme.getMessages(BUNDLE, locale));
        messages.putAll(realm.getRealmLocalizationTextsByLocale(locale.toLanguageTag()));
        String realmName = realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("pin", message.pin() != null ? message.pin() : message.text());
        attributes.put("realmName", realmName);
        attributes.put("lang", locale.toLanguageTag());
        attributes.put("msg", new MessageFormatterMethod(locale, messages));
        FreeMarkerProvider freeMarker = session.getProvider(FreeMarkerProvider.class);
        String subject = new MessageFormat(messages.getProperty("pin2faEmailSubject", "{0}"), locale).format(new Object[] {realmName});
        return new Rendered(subject, freeMarker.processTemplate(attributes, "text/" + TEMPLATE, theme),
                freeMarker.processTemplate(attributes, "html/" + TEMPLATE, theme));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
