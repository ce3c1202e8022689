package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.RealmSettings;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.github.keycloakpin2fa.testing.VendorStubs;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Email PINs go through the realm's own SMTP server (a real GreenMail server on loopback) with
 * the email theme's text and HTML templates, in the caller's language; a template's
 * {@code emailTemplateId} chooses the email's content and the request's placeholders fill it.
 */
@RealKeycloak
class EmailDeliveryIT {

    GreenMail smtp;

    @BeforeEach
    void smtpServer() {
        smtp = new GreenMail(new ServerSetup(VendorStubs.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    record Mail(String subject, String text, String html) {
    }

    @Test
    void the_pin_arrives_in_the_text_and_html_parts_and_verifies(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "mail", "2fa:manage");
        RealmSettings.setSmtpServer(keycloak, api.realm(), VendorStubs.SMTP_PORT, "no-reply@example.org");
        RealmSettings.setAttributes(keycloak, api.realm(), Map.of("pin2fa.delivery.email", "email"));
        String appId = api.createApplication("{\"name\": \"mail\"}");
        String emailId = emailTemplate(api, appId);

        JsonNode sent = send(api, appId, emailId, "ana@example.org", null);

        assertThat(sent.at("/emailStatus/name").asText()).isEqualTo("PENDING_ACCEPTED");
        Mail mail = receivedMail();
        assertThat(mail.subject()).isEqualTo("Your verification PIN for " + api.realm());
        Matcher pin = Pattern.compile("(?m)^([0-9]{6})$").matcher(mail.text());
        assertThat(pin.find()).as(mail.text()).isTrue();
        assertThat(mail.html()).contains("<strong>" + pin.group(1) + "</strong>");
        assertThat(KeycloakServer.json(api.verify(sent.get("pinId").asText(), pin.group(1)).body()).get("verified").asBoolean()).isTrue();
        assertThat(keycloak.serverLog()).doesNotContain(pin.group(1) + "\n");
    }

    @Test
    void the_mail_speaks_the_callers_language_when_the_realm_offers_it(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "mail", "2fa:manage");
        RealmSettings.setSmtpServer(keycloak, api.realm(), VendorStubs.SMTP_PORT, "no-reply@example.org");
        RealmSettings.setAttributes(keycloak, api.realm(), Map.of("pin2fa.delivery.email", "email"));
        RealmSettings.setLocales(keycloak, api.realm(), "en", "de");
        String appId = api.createApplication("{\"name\": \"mail\"}");

        send(api, appId, emailTemplate(api, appId), "ben@example.org", "de");

        Mail mail = receivedMail();
        assertThat(mail.subject()).isEqualTo("Ihre Bestätigungs-PIN für " + api.realm());
        assertThat(mail.text()).contains("Mit dieser PIN bestätigen Sie");
    }

    @Test
    void each_email_template_id_chooses_its_own_email_and_placeholders_fill_it(KeycloakServer keycloak) throws Exception {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "mail", "2fa:manage");
        RealmSettings.setSmtpServer(keycloak, api.realm(), VendorStubs.SMTP_PORT, "no-reply@example.org");
        RealmSettings.setAttributes(keycloak, api.realm(), Map.of("pin2fa.delivery.email", "email"));
        // The realm admin writes one text per emailTemplateId (Realm settings > Localization).
        localization(keycloak, api.realm(), "pin2faEmailSubject.7", "{{shop}}: your login code");
        localization(keycloak, api.realm(), "pin2faEmailText.7", "Hello {{name}},\nyour code for {{shop}} is {{pin}}.");
        localization(keycloak, api.realm(), "pin2faEmailSubject.8", "Confirm your order at {{shop}}");
        localization(keycloak, api.realm(), "pin2faEmailText.8", "Order {{order}}: confirm it with {{pin}}.");
        String appId = api.createApplication("{\"name\": \"mail\"}");
        String login = emailTemplate(api, appId, 7);
        String order = emailTemplate(api, appId, 8);

        JsonNode first = sendWithPlaceholders(api, appId, login, "dan@example.org", "{\"name\": \"Dan\", \"shop\": \"Books & Co\"}");
        Mail loginMail = receivedMail();
        smtp.purgeEmailFromAllMailboxes();
        sendWithPlaceholders(api, appId, order, "dan@example.org", "{\"order\": \"A-17\", \"shop\": \"Books & Co\"}");
        Mail orderMail = receivedMail();

        String pin = loginMail.text().replaceAll("(?s).*is ([0-9]{6})\\..*", "$1");
        assertThat(loginMail.subject()).isEqualTo("Books & Co: your login code");
        assertThat(loginMail.text().trim()).isEqualTo("Hello Dan,\nyour code for Books & Co is " + pin + ".");
        assertThat(loginMail.html()).contains("<p>Hello Dan,</p>").contains("your code for Books &amp; Co is " + pin + ".");
        assertThat(orderMail.subject()).isEqualTo("Confirm your order at Books & Co");
        assertThat(orderMail.text().trim()).matches("Order A-17: confirm it with [0-9]{6}\\.");
        assertThat(KeycloakServer.json(api.verify(first.get("pinId").asText(), pin).body()).get("verified").asBoolean()).isTrue();
    }

    static void localization(KeycloakServer keycloak, String realm, String key, String text) {
        HttpResponse<String> response = keycloak.send(java.net.http.HttpRequest.newBuilder(
                        keycloak.uri("/admin/realms/" + realm + "/localization/en/" + key))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .header("Content-Type", "text/plain")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(text)).build());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
    }

    static JsonNode sendWithPlaceholders(TwoFactorApi api, String appId, String emailId, String to, String placeholders) {
        HttpResponse<String> response = api.post("/2/pin/email",
                "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"%s\", \"placeholders\": %s}"
                        .formatted(appId, emailId, to, placeholders));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(KeycloakServer.json(response.body()).at("/emailStatus/name").asText()).isEqualTo("PENDING_ACCEPTED");
        return KeycloakServer.json(response.body());
    }

    @Test
    void a_realm_without_smtp_server_answers_rejected_not_sent(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "mail", "2fa:manage");
        RealmSettings.setAttributes(keycloak, api.realm(), Map.of("pin2fa.delivery.email", "email"));
        String appId = api.createApplication("{\"name\": \"mail\"}");

        JsonNode sent = send(api, appId, emailTemplate(api, appId), "cy@example.org", null);

        assertThat(sent.at("/emailStatus/name").asText()).isEqualTo("REJECTED_NOT_SENT");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    static String emailTemplate(TwoFactorApi api, String appId) {
        return emailTemplate(api, appId, 1);
    }

    static String emailTemplate(TwoFactorApi api, String appId, long emailTemplateId) {
        HttpResponse<String> created = api.post("/2/applications/" + appId + "/email/messages",
                "{\"emailTemplateId\": " + emailTemplateId + ", \"pinLength\": 6}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return KeycloakServer.json(created.body()).get("messageId").asText();
    }

    static JsonNode send(TwoFactorApi api, String appId, String emailId, String to, String language) {
        var builder = api.builder("/2/pin/email");
        if (language != null) {
            builder.header("Accept-Language", language);
        }
        HttpResponse<String> response = api.send(builder, "POST",
                "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"%s\"}".formatted(appId, emailId, to),
                "application/json", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return KeycloakServer.json(response.body());
    }

    Mail receivedMail() throws Exception {
        // Keycloak hands the mail to the SMTP server before the API answers: it is already there.
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        String text = null;
        String html = null;
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            } else if (part.getContent() instanceof Multipart nested) {
                for (int j = 0; j < nested.getCount(); j++) {
                    BodyPart p = nested.getBodyPart(j);
                    if (p.isMimeType("text/plain")) {
                        text = (String) p.getContent();
                    } else if (p.isMimeType("text/html")) {
                        html = (String) p.getContent();
                    }
                }
            }
        }
        assertThat(text).isNotNull();
        assertThat(html).isNotNull();
        return new Mail(message.getSubject(), text.replace("\r\n", "\n"), html);
    }
}
