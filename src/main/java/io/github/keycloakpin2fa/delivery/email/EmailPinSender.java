package io.github.keycloakpin2fa.delivery.email;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.OutgoingMessage.EmailSettings;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import java.io.IOException;
import java.net.SocketTimeoutException;
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
 *
 * <p>The 2FA email template's {@code emailTemplateId} chooses the content and the request's
 * placeholders fill it: see {@link EmailContent}. Templates get {@code pin}, {@code realmName},
 * {@code lang}, {@code msg}, {@code placeholders}, {@code emailTemplateId} and, for a per-id
 * text, {@code body}.
 */
final class EmailPinSender implements PinDeliveryProvider {

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
        String from = message.senderOr(null);
        if (from != null && from.contains("@")) {
            smtp.put("from", from);
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
        String pin = message.pin() != null ? message.pin() : message.text();
        EmailSettings email = message.email();
        EmailContent content = EmailContent.choose(messages, path -> exists(theme, path), email, pin, realmName, locale);

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("pin", pin);
        attributes.put("realmName", realmName);
        attributes.put("lang", locale.toLanguageTag());
        attributes.put("msg", new MessageFormatterMethod(locale, messages));
        attributes.put("placeholders", email == null ? Map.of() : email.placeholders());
        attributes.put("emailTemplateId", email == null ? "" : Long.toString(email.emailTemplateId()));
        if (content.body() != null) {
            attributes.put("body", content.body());
        }
        FreeMarkerProvider freeMarker = session.getProvider(FreeMarkerProvider.class);
        String html = exists(theme, "html/" + content.template())
                ? freeMarker.processTemplate(attributes, "html/" + content.template(), theme) : null;
        return new Rendered(content.subject(), freeMarker.processTemplate(attributes, "text/" + content.template(), theme), html);
    }

    private static boolean exists(Theme theme, String path) {
        try {
            return theme.getTemplate(path) != null;
        } catch (IOException e) {
            return false;
        }
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
