package io.github.keycloakpin2fa.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakpin2fa.api.auth.ApiKeys;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.dev.DevPinSenderFactory;
import io.github.keycloakpin2fa.service.AccountPinBudget;
import io.github.keycloakpin2fa.service.ServerClock;
import io.github.keycloakpin2fa.storage.jpa.DevOutbox;
import io.github.keycloakpin2fa.storage.realm.ApiScope;
import io.github.keycloakpin2fa.storage.realm.RealmPinConfig;
import io.github.keycloakpin2fa.storage.realm.StoredApiKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/2fa}: the realm's API keys (manage-realm) and, in development
 * mode, the dev sender's outbox.
 */
public final class TfaAdminResource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_NAME = 255;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    TfaAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
    }

    @POST
    @Path("api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createApiKey(String body) {
        auth.realm().requireManageRealm();
        ApiKeyRequest request;
        try {
            request = body == null || body.isBlank() ? null : JSON.readValue(body, ApiKeyRequest.class);
        } catch (JsonProcessingException e) {
            return badRequest("body", "Request body is not a JSON object with name and scopes.");
        }
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME
                || request.name().chars().anyMatch(c -> c < 0x20)) {
            return badRequest("name", "name is required (1 to " + MAX_NAME + " characters).");
        }
        if (request.scopes() == null || request.scopes().isEmpty()) {
            return badRequest("scopes", "scopes is required: one or more of " + ApiScope.KNOWN + ".");
        }
        Set<String> scopes = new LinkedHashSet<>(request.scopes());
        for (String scope : scopes) {
            if (scope == null || !ApiScope.isKnown(scope)) {
                return badRequest("scopes", "Unknown scope " + scope + "; known scopes: " + ApiScope.KNOWN + ".");
            }
        }
        Set<String> applications = new LinkedHashSet<>();
        if (request.applications() != null) {
            for (String app : request.applications()) {
                if (app == null || config().application(app).isEmpty()) {
                    return badRequest("applications", "No application with id " + app + " in this realm.");
                }
                applications.add(app);
            }
        }
        ApiKeys.NewKey key = ApiKeys.generate();
        StoredApiKey stored = config().createApiKey(key.id(), request.name().trim(), scopes, applications, key.secretHash());
        adminEvent.operation(OperationType.CREATE).resourcePath("2fa", "api-keys", stored.id())
                .representation(ApiKeyResponse.of(stored, null)).success();
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiKeyResponse.of(stored, key.key())).build();
    }

    @GET
    @Path("api-keys")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ApiKeyResponse> listApiKeys() {
        auth.realm().requireManageRealm();
        return config().apiKeys().stream().map(k -> ApiKeyResponse.of(k, null)).toList();
    }

    @DELETE
    @Path("api-keys/{id}")
    public Response revokeApiKey(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!config().deleteApiKey(id)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(error("id", "No API key with this id.")).build();
        }
        adminEvent.operation(OperationType.DELETE).resourcePath("2fa", "api-keys", id).success();
        return Response.noContent().build();
    }

    /** A user's consecutive wrong PINs and the realm's budget of them (NIST SP 800-63B). */
    @GET
    @Path("users/{userId}/pin-failures")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pinFailures(@PathParam("userId") String userId) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireView();
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(error("userId", "No user with this id.")).build();
        }
        auth.users().requireView(user);
        AccountPinBudget budget = new AccountPinBudget(session, realm);
        int failures = budget.failures(user.getId());
        return Response.ok(Map.of("failures", failures, "max", budget.max(), "usedUp", failures >= budget.max()),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** An admin gives a user whose budget of wrong PINs is used up a fresh one. */
    @DELETE
    @Path("users/{userId}/pin-failures")
    public Response resetPinFailures(@PathParam("userId") String userId) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireManage();
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(error("userId", "No user with this id.")).build();
        }
        auth.users().requireManage(user);
        new AccountPinBudget(session, realm).reset(user.getId());
        adminEvent.resource(ResourceType.USER).operation(OperationType.DELETE)
                .resourcePath("users", user.getId(), "2fa", "pin-failures").success();
        return Response.noContent().build();
    }

    @GET
    @Path("dev-outbox")
    @Produces(MediaType.APPLICATION_JSON)
    public Response devOutbox(@QueryParam("max") Integer max) {
        auth.realm().requireManageRealm();
        if (session.getKeycloakSessionFactory().getProviderFactory(PinDeliveryProvider.class, DevPinSenderFactory.ID) == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(error(null, "The dev outbox exists only in development mode.")).build();
        }
        int limit = max == null ? 50 : Math.max(1, Math.min(max, 500));
        List<Map<String, Object>> messages = new DevOutbox(session).recent(realm.getId(), limit).stream()
                .map(m -> Map.<String, Object>of("to", m.to(), "channel", m.channel(), "text", m.text(), "sentAt", m.sentAt()))
                .toList();
        return Response.ok(messages, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private RealmPinConfig config() {
        return new RealmPinConfig(realm, ServerClock.INSTANCE.millis());
    }

    private static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error(field, message)).build();
    }

    private static ErrorRepresentation error(String field, String message) {
        ErrorRepresentation error = new ErrorRepresentation();
        error.setErrorMessage(message);
        error.setField(field);
        return error;
    }
}
