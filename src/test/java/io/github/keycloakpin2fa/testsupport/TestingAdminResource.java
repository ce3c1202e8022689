package io.github.keycloakpin2fa.testsupport;

import io.github.keycloakpin2fa.service.ServerClock;
import io.github.keycloakpin2fa.storage.jpa.PinRecordStore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Test-only admin endpoints: move Keycloak's clock (the time offset that PIN expiry, limits and
 * cooldowns read) and run the purge of expired records now. Tests use them instead of sleeping.
 */
public final class TestingAdminResource {

    private final KeycloakSession session;
    private final AdminPermissionEvaluator auth;
    private final boolean devMode;

    TestingAdminResource(KeycloakSession session, AdminPermissionEvaluator auth, boolean devMode) {
        this.session = session;
        this.auth = auth;
        this.devMode = devMode;
    }

    /** Moves the server's clock to {@code seconds} from now (0 puts it back). */
    @PUT
    @Path("time-offset")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setTimeOffset(@QueryParam("seconds") Integer seconds) {
        auth.realm().requireManageRealm();
        if (!devMode) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        if (seconds == null) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("field", "seconds", "errorMessage", "seconds is required.")).build();
        }
        Time.setOffset(seconds);
        return Response.ok(Map.of("offsetSeconds", Time.getOffset()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Runs the purge of expired records now instead of waiting for its timer. */
    @POST
    @Path("purge")
    @Produces(MediaType.APPLICATION_JSON)
    public Response purgeNow() {
        auth.realm().requireManageRealm();
        if (!devMode) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        int purged = new PinRecordStore(session).purge(ServerClock.INSTANCE.millis());
        return Response.ok(Map.of("purged", purged), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
