package io.github.keycloakpin2fa.api;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 document, {@code openapi/2fa-api.yaml} in the JAR, served as it is at
 * {@code /realms/{realm}/2fa/openapi.yaml} without credentials: it describes the API, not a
 * realm's data.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi/2fa-api.yaml";
    static final String MEDIA_TYPE = "application/yaml";
    private static final byte[] BYTES = load();

    private OpenApiDocument() {
    }

    static Response response() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(BYTES, MEDIA_TYPE + ";charset=UTF-8").cacheControl(cache).build();
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the JAR");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
