package io.github.keycloakpin2fa.login;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.engine.destination.EmailAddress;
import io.github.keycloakpin2fa.engine.template.PinType;
import io.github.keycloakpin2fa.login.Outcome.Kind;
import io.github.keycloakpin2fa.login.PinNotes.State;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Fills a PIN page's model: {@code pin} (where the PIN went, masked; the input's mode; which
 * actions are offered; the seconds left before a resend) and the outcome's message, tied to the
 * PIN field when it is about what was typed.
 */
final class PinPage {

    static final String LOGIN_TEMPLATE = "pin-login.ftl";
    static final String ENROL_PHONE_TEMPLATE = "pin-enrol-phone.ftl";
    static final String ENROL_CONFIRM_TEMPLATE = "pin-enrol-confirm.ftl";
    static final String PIN_FIELD = "pin";
    static final String PHONE_FIELD = "phone";
    /** Shown instead of a destination that cannot be read. */
    static final String HIDDEN = "•••";

    private PinPage() {
    }

    /** What the page may offer besides entering the PIN. */
    record Offers(boolean voice, boolean email, String maskedEmail, int cooldownSeconds) {
    }

    static LoginFormsProvider fill(LoginFormsProvider form, RealmModel realm, PinConversation.Route route, PinNotes notes,
            Offers offers, Outcome outcome) {
        Map<String, Object> pin = new LinkedHashMap<>();
        Channel channel = notes == null ? Channel.SMS : notes.channel();
        PinType type = pinType(realm, route, channel);
        // A PIN whose delivery failed has no send time: nothing reached the user, on reload too.
        boolean deliveryFailed = notes != null && notes.sentAt() == 0;
        if (deliveryFailed && outcome == null) {
            outcome = Outcome.deliveryFailed();
        }
        pin.put("channel", channel.name());
        pin.put("sentTo", notes == null ? "" : notes.destination().masked());
        pin.put("delivered", notes != null && !deliveryFailed);
        pin.put("inputMode", type.inputMode());
        pin.put("canVerify", notes != null && notes.state() == State.LIVE && !deliveryFailed);
        pin.put("canResend", notes != null && notes.state() != State.USED_UP);
        pin.put("resendWait", notes == null ? 0L : notes.cooldownLeft(PinConversation.now(), offers.cooldownSeconds()));
        pin.put("offerVoice", offers.voice() && notes != null && notes.state() != State.USED_UP && channel != Channel.VOICE);
        pin.put("offerSms", notes != null && notes.state() != State.USED_UP && channel != Channel.SMS);
        pin.put("offerEmail", offers.email() && notes != null && notes.state() != State.USED_UP && channel != Channel.EMAIL);
        pin.put("maskedEmail", offers.maskedEmail() == null ? "" : offers.maskedEmail());
        pin.put("startOver", notes == null || notes.state() == State.USED_UP);
        form.setAttribute("pin", pin);
        showOutcome(form, outcome, notes);
        return form;
    }

    /** A user's email address as the page offers it, masked; the mask alone when it is not an address. */
    static String maskedEmail(String address) {
        return EmailAddress.parse(address).map(EmailAddress::masked).orElse(HIDDEN);
    }

    private static void showOutcome(LoginFormsProvider form, Outcome outcome, PinNotes notes) {
        if (outcome == null || outcome.kind() == Kind.VERIFIED) {
            return;
        }
        switch (outcome.kind()) {
            case SENT -> form.setInfo(PinMessages.NEW_PIN_SENT);
            case RESENT -> {
                if (outcome.messageKey() != null) {
                    form.setInfo(outcome.messageKey(), outcome.params());
                }
            }
            // The field is gone once no attempt is left: then the message goes above the form.
            case PIN_MISSING, WRONG_PIN -> {
                if (notes != null && notes.state() == State.LIVE) {
                    form.addError(new FormMessage(PIN_FIELD, outcome.messageKey(), outcome.params()));
                } else {
                    form.setError(outcome.messageKey(), outcome.params());
                }
            }
            default -> form.setError(outcome.messageKey(), outcome.params());
        }
    }

    private static PinType pinType(RealmModel realm, PinConversation.Route route, Channel channel) {
        if (route == null || route.applicationId() == null || route.templateFor(channel) == null) {
            return PinType.NUMERIC;
        }
        return new RealmPinConfig(realm, PinConversation.now()).template(route.applicationId(), route.templateFor(channel))
                .map(t -> t instanceof StoredTemplate.Email e ? e.template().pinType() : ((StoredTemplate.Message) t).template().pinType())
                .orElse(PinType.NUMERIC);
    }
}
