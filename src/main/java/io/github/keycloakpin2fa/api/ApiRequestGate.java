package io.github.keycloakpin2fa.api;

import io.github.keycloakpin2fa.engine.validation.ValidationErrors;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers, in Infobip's envelope, the requests to the 2FA API that the web framework or Keycloak
 * would otherwise refuse in their own words (or fail with a 500) before any of the API's
 * resources runs: a {@code Content-Type} that does not parse or a multipart body (415), a method
 * the API has nowhere (405), a query parameter with a control character (400, as Keycloak's own
 * {@code InvalidQueryParameterFilter} refuses it, which runs after this one). Requests to every
 * other path of Keycloak pass untouched.
 */
@Provider
@PreMatching
@Priority(5)
public final class ApiRequestGate implements ContainerRequestFilter {

    /** {@code /realms/<realm>/2fa} and below. */
    private static final Pattern API_PATH = Pattern.compile("/?realms/[^/]+/2fa(/.*)?");
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    /** RFC 9110's {@code type/subtype *( ; name=value )}, a value a token or a quoted string. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*(" + TOKEN + ")/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*");

    /** The methods some route of the API answers. */
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!API_PATH.matcher(request.getUriInfo().getPath()).matches()) {
            return;
        }
        ApiException refusal = refusal(request);
        if (refusal != null) {
            boolean xml = ApiBodies.wantsXml(request.getHeaderString(HttpHeaders.ACCEPT));
            request.abortWith(new ApiResponses(null, xml).error(refusal));
        }
    }

    private static ApiException refusal(ContainerRequestContext request) {
        if (!METHODS.contains(request.getMethod())) {
            return new ApiException(ApiError.METHOD_NOT_ALLOWED, "The 2FA API has no " + request.getMethod() + " requests.");
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getValue().stream().anyMatch(ApiRequestGate::hasControlCharacter)) {
                return ApiException.invalid(ValidationErrors.of(parameter.getKey(), "may not contain control characters"));
            }
        }
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String problem = type == null ? null : problem(type);
        return problem == null ? null : new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, problem);
    }

    /** A character below 0x20 other than tab, line feed and carriage return: what Keycloak refuses in a query. */
    static boolean hasControlCharacter(String value) {
        return value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    }

    /** Why the API cannot take a body of this type, or null when it can try. */
    static String problem(String contentType) {
        Matcher m = MEDIA_TYPE.matcher(contentType);
        if (!m.matches()) {
            return "The Content-Type header is not a media type: send application/json (or application/xml where the API takes it).";
        }
        if (m.group(1).toLowerCase(Locale.ROOT).equals("multipart")) {
            return "multipart bodies are not supported: send application/json (or application/xml for applications).";
        }
        return null;
    }
}
