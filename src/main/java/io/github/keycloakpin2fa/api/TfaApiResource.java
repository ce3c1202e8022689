package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.api.auth.ApiAuthenticator;
import io.github.keycloakpin2fa.api.auth.ApiCaller;
import io.github.keycloakpin2fa.api.model.ApplicationRequest;
import io.github.keycloakpin2fa.api.model.ApplicationResponse;
import io.github.keycloakpin2fa.api.model.EmailMessageRequest;
import io.github.keycloakpin2fa.api.model.MessageRequest;
import io.github.keycloakpin2fa.api.model.MessageResponse;
import io.github.keycloakpin2fa.api.model.VerificationsResponse;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.guard.SendProtectionValidator;
import io.github.keycloakpin2fa.service.SendGuard;
import io.github.keycloakpin2fa.engine.template.EmailTemplateValidator;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import io.github.keycloakpin2fa.service.PinService;
import io.github.keycloakpin2fa.storage.ServerClock;
import io.github.keycloakpin2fa.service.Refusal;
import io.github.keycloakpin2fa.service.RefusedException;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import io.github.keycloakpin2fa.storage.jpa.RealmConfigLock;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApplication;
import io.github.keycloakpin2fa.storage.realm.StoredTemplate;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Infobip's 2FA API for one realm, at {@code /realms/{realm}/2fa/2/...} and, with the same shapes,
 * {@code /realms/{realm}/2fa/1/...}: applications, message templates and verification status
 * here; the PIN routes delegate to {@link PinResource}. Thin: it authenticates, reads the body, calls the engine or the
 * {@link PinService}, and writes the answer.
 */
public final class TfaApiResource {

    static final String VERSION = "{version: [12]}";
    private static final String APP = VERSION + "/applications/{appId}";
    private static final String PIN = VERSION + "/pin";

    private final KeycloakSession session;
    private final RealmModel realm;

    TfaApiResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path(VERSION + "/applications")
    public Response listApplications(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return manage(auth, accept, (config, caller) -> responses(accept).ok(config.applications().stream()
                .filter(a -> caller.mayUse(a.id())).map(ApplicationResponse::of).toList()));
    }

    @POST
    @Path(VERSION + "/applications")
    public Response createApplication(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, String body) {
        return manage(auth, accept, (config, caller) -> {
            if (caller.restricted()) {
                throw new ApiException(ApiError.FORBIDDEN, "The credentials are limited to some applications: they cannot create one.");
            }
            ApplicationRequest request = ApiBodies.read(body, type, ApplicationRequest.class, true, false);
            StoredApplication created = config.createApplication(ApplicationValidator.validate(request.toDraft()),
                    protection(request, SendProtection.DEFAULTS));
            ApplicationResponse answer = ApplicationResponse.of(created);
            events(caller).success(OperationType.CREATE, answer, "applications", created.id());
            return responses(accept).created(answer);
        });
    }

    @GET
    @Path(APP)
    public Response getApplication(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @PathParam("appId") String appId) {
        return manage(auth, accept, (config, caller) -> responses(accept).ok(ApplicationResponse.of(application(config, caller, appId))));
    }

    @PUT
    @Path(APP)
    public Response updateApplication(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @PathParam("appId") String appId, String body) {
        return manage(auth, accept, (config, caller) -> {
            application(config, caller, appId);
            ApplicationRequest request = ApiBodies.read(body, type, ApplicationRequest.class, true, false);
            ApplicationResponse answer = ApplicationResponse.of(config.updateApplication(appId,
                    ApplicationValidator.validate(request.toDraft()), protection(request, null)).orElseThrow());
            events(caller).success(OperationType.UPDATE, answer, "applications", appId);
            return responses(accept).ok(answer);
        });
    }

    @DELETE
    @Path(APP)
    public Response deleteApplication(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return responses(accept).error(new ApiException(ApiError.METHOD_NOT_ALLOWED,
                "Applications cannot be deleted: update them with \"enabled\": false."));
    }

    @GET
    @Path(APP + "/messages")
    public Response listMessages(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("appId") String appId) {
        return manage(auth, null, (config, caller) -> json().ok(
                config.templates(application(config, caller, appId).id()).stream().map(MessageResponse::of).toList()));
    }

    @POST
    @Path(APP + "/messages")
    public Response createMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, @PathParam("appId") String appId, String body) {
        return manage(auth, null, (config, caller) -> {
            String id = application(config, caller, appId).id();
            MessageRequest request = ApiBodies.read(body, type, MessageRequest.class, false, false);
            MessageResponse answer = MessageResponse.of(config.createMessageTemplate(id, MessageTemplateValidator.validate(request.toDraft())));
            events(caller).success(OperationType.CREATE, answer, "applications", id, "messages", answer.messageId());
            return json().ok(answer);
        });
    }

    @GET
    @Path(APP + "/messages/{msgId}")
    public Response getMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("appId") String appId,
            @PathParam("msgId") String msgId) {
        return manage(auth, null, (config, caller) -> json().ok(MessageResponse.of(
                config.template(application(config, caller, appId).id(), msgId).orElseThrow(() -> templateNotFound(appId, msgId)))));
    }

    @PUT
    @Path(APP + "/messages/{msgId}")
    public Response updateMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, @PathParam("appId") String appId,
            @PathParam("msgId") String msgId, String body) {
        return manage(auth, null, (config, caller) -> {
            String id = application(config, caller, appId).id();
            StoredTemplate.Message current = config.template(id, msgId)
                    .filter(StoredTemplate.Message.class::isInstance).map(StoredTemplate.Message.class::cast)
                    .orElseThrow(() -> templateNotFound(appId, msgId));
            MessageRequest request = ApiBodies.read(body, type, MessageRequest.class, false, false);
            MessageResponse answer = MessageResponse.of(config.updateMessageTemplate(id, msgId,
                    MessageTemplateValidator.update(current.template(), request.toDraft())).orElseThrow(() -> templateNotFound(appId, msgId)));
            events(caller).success(OperationType.UPDATE, answer, "applications", id, "messages", msgId);
            return json().ok(answer);
        });
    }

    @POST
    @Path(APP + "/email/messages")
    public Response createEmailMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, @PathParam("appId") String appId, String body) {
        return manage(auth, null, (config, caller) -> {
            String id = application(config, caller, appId).id();
            EmailMessageRequest request = ApiBodies.read(body, type, EmailMessageRequest.class, false, false);
            MessageResponse answer = MessageResponse.of(config.createEmailTemplate(id, EmailTemplateValidator.validate(request.toDraft())));
            events(caller).success(OperationType.CREATE, answer, "applications", id, "email", "messages", answer.messageId());
            return json().ok(answer);
        });
    }

    @PUT
    @Path(APP + "/email/messages/{msgId}")
    public Response updateEmailMessage(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, @PathParam("appId") String appId,
            @PathParam("msgId") String msgId, String body) {
        return manage(auth, null, (config, caller) -> {
            String id = application(config, caller, appId).id();
            StoredTemplate.Email current = config.template(id, msgId)
                    .filter(StoredTemplate.Email.class::isInstance).map(StoredTemplate.Email.class::cast)
                    .orElseThrow(() -> templateNotFound(appId, msgId));
            EmailMessageRequest request = ApiBodies.read(body, type, EmailMessageRequest.class, false, false);
            MessageResponse answer = MessageResponse.of(config.updateEmailTemplate(id, msgId,
                    EmailTemplateValidator.update(current.template(), request.toDraft())).orElseThrow(() -> templateNotFound(appId, msgId)));
            events(caller).success(OperationType.UPDATE, answer, "applications", id, "email", "messages", msgId);
            return json().ok(answer);
        });
    }

    @GET
    @Path(APP + "/verifications")
    public Response verifications(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("appId") String appId,
            @QueryParam("msisdn") String msisdn, @QueryParam("verified") String verified, @QueryParam("sent") String sent) {
        return json().handle(() -> {
            ApiCaller caller = ApiAuthenticator.require(new ApiAuthenticator(session, realm).authenticate(auth), ApiScope.MANAGE,
                    ApiScope.PIN_SEND);
            caller.requireApplication(appId);
            var records = new PinService(session, realm).verifications(appId, msisdn,
                    ApiResourceSupport.bool("verified", verified), ApiResourceSupport.bool("sent", sent));
            return json().ok(new VerificationsResponse(records.stream()
                    .map(r -> new VerificationsResponse.Verification(r.msisdn(), r.verified(), r.verifiedAt(), r.sentAt()))
                    .toList()));
        });
    }

    @POST
    @Path(PIN)
    public Response sendSms(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @QueryParam("ncNeeded") String ncNeeded, String body) {
        return pins().sendSms(auth, type, ncNeeded, body);
    }

    @POST
    @Path(PIN + "/voice")
    public Response sendVoice(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            String body) {
        return pins().sendVoice(auth, type, body);
    }

    @POST
    @Path(PIN + "/email")
    public Response sendEmail(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            String body) {
        return pins().sendEmail(auth, type, body);
    }

    @POST
    @Path(PIN + "/{pinId}/resend")
    public Response resendSms(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @PathParam("pinId") String pinId, String body) {
        return pins().resendSms(auth, type, pinId, body);
    }

    @POST
    @Path(PIN + "/{pinId}/resend/voice")
    public Response resendVoice(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @PathParam("pinId") String pinId, String body) {
        return pins().resendVoice(auth, type, pinId, body);
    }

    @POST
    @Path(PIN + "/{pinId}/resend/email")
    public Response resendEmail(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @PathParam("pinId") String pinId, String body) {
        return pins().resendEmail(auth, type, pinId, body);
    }

    @POST
    @Path(PIN + "/{pinId}/verify")
    public Response verify(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @PathParam("pinId") String pinId, String body) {
        return pins().verify(auth, type, pinId, body);
    }

    /** This API's OpenAPI 3.1 document; no credentials. */
    @GET
    @Path("openapi.yaml")
    public Response openApiDocument() {
        return OpenApiDocument.response();
    }

    /** Anything else under /2fa: Infobip's envelope rather than a bare 404. */
    @GET
    @Path("{any: .*}")
    public Response unknownGet() {
        return ApiResourceSupport.notFound(session);
    }

    @POST
    @Path("{any: .*}")
    public Response unknownPost() {
        return ApiResourceSupport.notFound(session);
    }

    @PUT
    @Path("{any: .*}")
    public Response unknownPut() {
        return ApiResourceSupport.notFound(session);
    }

    @DELETE
    @Path("{any: .*}")
    public Response unknownDelete() {
        return ApiResourceSupport.notFound(session);
    }

    private Response manage(String auth, String accept, BiFunction<RealmPinConfig, ApiCaller, Response> action) {
        ApiResponses responses = responses(accept);
        return responses.handle(() -> {
            boolean write = !HttpMethod.GET.equals(session.getContext().getHttpRequest().getHttpMethod());
            if (write) {
                // One configuration write at a time per realm, taken before this request reads anything
                // of the realm's components it goes on from (authentication reads API keys); what it
                // read before (resolving the realm) is read anew under the lock.
                RealmConfigLock.lock(session, realm);
            }
            ApiCaller caller = ApiAuthenticator.require(new ApiAuthenticator(session, realm).authenticate(auth), ApiScope.MANAGE);
            Response response = action.apply(new RealmPinConfig(realm, ServerClock.INSTANCE.millis()), caller);
            if (write) {
                RealmConfigLock.flush(session); // a conflict is answered here, not at commit
            }
            return response;
        });
    }

    /** The request's {@code security}, or {@code absent} when it has none. */
    private static SendProtection protection(ApplicationRequest request, SendProtection absent) {
        return request.security() == null ? absent
                : SendProtectionValidator.validate(request.security().toDraft(), SendGuard::isKnownRegion);
    }

    private static StoredApplication application(RealmPinConfig config, ApiCaller caller, String appId) {
        caller.requireApplication(appId);
        return config.application(appId).orElseThrow(() -> new RefusedException(new Refusal.ApplicationNotFound(appId)));
    }

    private static RefusedException templateNotFound(String appId, String msgId) {
        return new RefusedException(new Refusal.TemplateNotFound(appId, msgId));
    }

    private ApiAdminEvents events(ApiCaller caller) {
        return new ApiAdminEvents(session, realm, caller);
    }

    private ApiResponses responses(String accept) {
        return new ApiResponses(session, ApiBodies.wantsXml(accept));
    }

    private PinResource pins() {
        return new PinResource(session, realm);
    }

    private ApiResponses json() {
        return new ApiResponses(session, false);
    }
}
