package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.api.model.ErrorEnvelope;
import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import io.github.keycloakpin2fa.engine.validation.ValidationException;
import io.github.keycloakpin2fa.service.RefusedException;
import io.github.keycloakpin2fa.storage.jpa.RealmConfigLock;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;

/**
 * Builds the API's answers: JSON (or XML where the caller asks for it and the endpoint has it),
 * and for every failure Infobip's error envelope. Nothing escapes as a 500 with a stack trace: an
 * unexpected failure is logged here and answered {@code GENERAL_ERROR}, and its transaction is
 * rolled back.
 */
final class ApiResponses {

    private static final Logger LOG = Logger.getLogger(ApiResponses.class);
    static final String XML_ROOT = "ApplicationResponse";

    private final KeycloakSession session;
    private final boolean xml;

    ApiResponses(KeycloakSession session, boolean xml) {
        this.session = session;
        this.xml = xml;
    }

    Response handle(Supplier<Response> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            return error(e);
        } catch (RefusedException e) {
            return error(ApiRefusals.answer(e.refusal()));
        } catch (ValidationException e) {
            return error(ApiException.invalid(e));
        } catch (ComponentValidationException e) {
            // A component the realm refuses to store as it stands (its own rules, run on every write).
            return error(new ApiException(ApiError.BAD_REQUEST, e.getMessage()));
        } catch (RealmConfigLock.ConcurrentWriteException e) {
            // Two writes of one configuration at once (the realm's lock should make this rare): the
            // caller may simply try again.
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf(e, "2FA configuration write conflicted with another");
            return error(new ApiException(ApiError.CONFLICT,
                    "The configuration was changed by another request at the same moment; nothing was changed. Try again."));
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.errorf(e, "2FA API request failed");
            return error(new ApiException(ApiError.GENERAL_ERROR, "Something went wrong on our side; nothing was changed."));
        }
    }

    Response ok(Object body) {
        return body(Response.Status.OK.getStatusCode(), body);
    }

    Response created(Object body) {
        return body(Response.Status.CREATED.getStatusCode(), body);
    }

    Response error(ApiException e) {
        ValidationErrors fields = e.validationErrors();
        Response.ResponseBuilder builder = Response.status(e.error().status());
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        ErrorEnvelope envelope = ErrorEnvelope.of(e.error().messageId(), e.getMessage(), fields == null ? null : fields.asMap());
        if (xml) {
            return builder.type(MediaType.APPLICATION_XML_TYPE)
                    .entity(XmlBodies.write("requestError", ApiBodies.tree(envelope).get("requestError"))).build();
        }
        return builder.type(MediaType.APPLICATION_JSON_TYPE).entity(ApiBodies.writeJson(envelope)).build();
    }

    private Response body(int status, Object body) {
        if (xml) {
            return Response.status(status).type(MediaType.APPLICATION_XML_TYPE)
                    .entity(XmlBodies.write(XML_ROOT, ApiBodies.JSON.valueToTree(body))).build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ApiBodies.writeJson(body)).build();
    }
}
