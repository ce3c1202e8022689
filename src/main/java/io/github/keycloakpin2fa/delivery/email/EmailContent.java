package io.github.keycloakpin2fa.delivery.email;

import io.github.keycloakpin2fa.delivery.OutgoingMessage.EmailSettings;
import io.github.keycloakpin2fa.engine.template.MessageRenderer;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Which content an email PIN gets, chosen by its template's {@code emailTemplateId}, first match
 * wins:
 * <ol>
 *   <li>the theme's own templates {@code text/pin-2fa-email-<id>.ftl} (and {@code html/...});</li>
 *   <li>the text {@code pin2faEmailText.<id>} (theme bundle {@code pin2fa-email} or the realm's
 *       localization texts), if it contains {@code {{pin}}}, shown in the default templates in
 *       place of their own words;</li>
 *   <li>the default templates {@code pin-2fa-email.ftl}.</li>
 * </ol>
 * The subject is {@code pin2faEmailSubject.<id>} when there is one, else the MessageFormat
 * pattern {@code pin2faEmailSubject} with the realm's name. The request's placeholders fill the
 * per-id texts as they fill an SMS ({@link MessageRenderer#fill}).
 *
 * @param subject the email's subject
 * @param template the FreeMarker template's file name, under {@code text/} and {@code html/}
 * @param body the text shown in place of the default words, or null
 */
record EmailContent(String subject, String template, String body) {

    static final String DEFAULT_TEMPLATE = "pin-2fa-email.ftl";
    static final String SUBJECT_KEY = "pin2faEmailSubject";
    static final String TEXT_KEY = "pin2faEmailText";

    /** Never shows the body: it carries the PIN. */
    @Override
    public String toString() {
        return "EmailContent[subject=" + subject + ", template=" + template + "]";
    }

    /**
     * @param messages the theme's bundle with the realm's localization texts over it
     * @param templateExists whether the theme has a template of this path (e.g. {@code text/x.ftl})
     */
    static EmailContent choose(Properties messages, Predicate<String> templateExists, EmailSettings email, String pin,
            String realmName, Locale locale) {
        Map<String, String> placeholders = email == null ? Map.of() : email.placeholders();
        String id = email == null ? null : Long.toString(email.emailTemplateId());
        String perIdSubject = id == null ? null : messages.getProperty(SUBJECT_KEY + "." + id);
        String subject = perIdSubject != null
                ? MessageRenderer.fill(perIdSubject, pin, placeholders)
                : new MessageFormat(messages.getProperty(SUBJECT_KEY, "{0}"), locale).format(new Object[] {realmName});
        if (id != null && templateExists.test("text/" + perIdTemplate(id))) {
            return new EmailContent(subject, perIdTemplate(id), null);
        }
        String text = id == null ? null : messages.getProperty(TEXT_KEY + "." + id);
        if (text != null && text.contains(MessageTemplate.PIN_PLACEHOLDER)) {
            return new EmailContent(subject, DEFAULT_TEMPLATE, MessageRenderer.fill(text, pin, placeholders));
        }
        return new EmailContent(subject, DEFAULT_TEMPLATE, null);
    }

    static String perIdTemplate(String id) {
        return "pin-2fa-email-" + id + ".ftl";
    }
}
