package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.api.auth.ApiAuthenticator;
import io.github.keycloakpin2fa.api.auth.ApiCaller;
import io.github.keycloakpin2fa.service.TfaException;
import io.github.keycloakpin2fa.api.model.EmailSendResponse;
import io.github.keycloakpin2fa.api.model.ResendPinRequest;
import io.github.keycloakpin2fa.api.model.SendPinRequest;
import io.github.keycloakpin2fa.api.model.SendPinResponse;
import io.github.keycloakpin2fa.api.model.VerifyPinRequest;
import io.github.keycloakpin2fa.api.model.VerifyPinResponse;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.service.PinService.SendOutcome;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /2fa/{1|2}/pin...}: send over SMS, voice or email, resend, and verify, routed here by
 * {@link TfaApiResource}. Accepts the scope {@code 2fa:pin:send} or {@code 2fa:manage}.
 */
final class PinResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiResponses responses;

    PinResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.responses = new ApiResponses(session, false);
    }

    Response sendSms(String auth, String type,
            String ncNeeded, String body) {
        return call(auth, (service, caller) -> {
            Boolean lookup = ApiResourceSupport.bool("ncNeeded", ncNeeded);
            return send(service, caller, Channel.SMS, type, body, lookup == null || lookup);
        });
    }

    Response sendVoice(String auth, String type,
            String body) {
        return call(auth, (service, caller) -> send(service, caller, Channel.VOICE, type, body, false));
    }

    Response sendEmail(String auth, String type,
            String body) {
        return call(auth, (service, caller) -> send(service, caller, Channel.EMAIL, type, body, false));
    }

    Response resendSms(String auth, String type,
            String pinId, String body) {
        return call(auth, (service, caller) -> resend(service, caller, pinId, Channel.SMS, type, body));
    }

    Response resendVoice(String auth, String type,
            String pinId, String body) {
        return call(auth, (service, caller) -> resend(service, caller, pinId, Channel.VOICE, type, body));
    }

    Response resendEmail(String auth, String type,
            String pinId, String body) {
        return call(auth, (service, caller) -> resend(service, caller, pinId, Channel.EMAIL, type, body));
    }

    Response verify(String auth, String type,
            String pinId, String body) {
        return call(auth, (service, caller) -> {
            VerifyPinRequest request = ApiBodies.read(body, type, VerifyPinRequest.class, false, false);
            requirePinOfAllowedApplication(service, caller, pinId);
            PinService.VerifyOutcome outcome = service.verify(pinId, request.pin());
            var result = outcome.result();
            return responses.ok(new VerifyPinResponse(outcome.pinId(), outcome.msisdn(), result.verified(),
                    result.attemptsRemaining(), result.pinError() == null ? null : result.pinError().name()));
        });
    }

    private Response send(PinService service, ApiCaller caller, Channel channel, String type, String body, boolean numberLookup) {
        SendPinRequest request = ApiBodies.read(body, type, SendPinRequest.class, false, false);
        if (request.applicationId() != null) {
            caller.requireApplication(request.applicationId());
        }
        return answer(service.send(new PinService.SendCommand(channel, request.applicationId(), request.messageId(),
                request.to(), request.from(), request.placeholders(), numberLookup)));
    }

    private Response resend(PinService service, ApiCaller caller, String pinId, Channel channel, String type, String body) {
        ResendPinRequest request = ApiBodies.read(body, type, ResendPinRequest.class, false, true);
        requirePinOfAllowedApplication(service, caller, pinId);
        return answer(service.resend(pinId, channel, request.placeholders()));
    }

    private Response answer(SendOutcome outcome) {
        DeliveryStatus status = outcome.delivery().status();
        String nc = outcome.ncStatus() == null ? null : outcome.ncStatus().name();
        return switch (outcome.channel()) {
            case SMS -> responses.ok(new SendPinResponse(outcome.pinId(), outcome.to(), nc,
                    status == DeliveryStatus.REJECTED ? "MESSAGE_NOT_SENT" : "MESSAGE_SENT", null));
            case VOICE -> responses.ok(new SendPinResponse(outcome.pinId(), outcome.to(), null, null, switch (status) {
                case ACCEPTED -> "PENDING_ACCEPTED";
                case REJECTED -> "ERROR";
                case UNKNOWN -> "UNDEFINED";
            }));
            case EMAIL -> responses.ok(new EmailSendResponse(outcome.pinId(), outcome.to(), switch (status) {
                case ACCEPTED -> new EmailSendResponse.EmailStatus("PENDING_ACCEPTED", "Message accepted, pending for delivery.");
                case REJECTED -> new EmailSendResponse.EmailStatus("REJECTED_NOT_SENT", "Message was not sent.");
                case UNKNOWN -> new EmailSendResponse.EmailStatus("PENDING_UNKNOWN", "Message may have been sent; its status is unknown.");
            }));
        };
    }

    /** A caller limited to some applications sees the PINs of the others as unknown. */
    private static void requirePinOfAllowedApplication(PinService service, ApiCaller caller, String pinId) {
        if (caller.restricted() && !caller.mayUse(service.applicationOf(pinId))) {
            throw TfaException.pinNotFound();
        }
    }

    private Response call(String auth, BiFunction<PinService, ApiCaller, Response> action) {
        return responses.handle(() -> {
            ApiCaller caller = ApiAuthenticator.require(new ApiAuthenticator(session, realm).authenticate(auth), ApiScope.PIN_SEND,
                    ApiScope.MANAGE);
            return action.apply(new PinService(session, realm), caller);
        });
    }
}
