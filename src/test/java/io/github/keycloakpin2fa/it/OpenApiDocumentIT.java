package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A service developer reads the API's OpenAPI document from Keycloak itself, without credentials. */
@RealKeycloak
class OpenApiDocumentIT {

    @Test
    void every_realm_serves_the_openapi_document_without_credentials(KeycloakServer keycloak) throws IOException {
        HttpResponse<String> served = TwoFactorApi.anonymous(keycloak, "demo").get("/openapi.yaml");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(served.body()).isEqualTo(Files.readString(Path.of("src/main/resources/openapi/2fa-api.yaml")));
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).containsKeys("/2/pin", "/1/pin", "/2/pin/{pinId}/verify");

        assertThat(TwoFactorApi.anonymous(keycloak, "master").get("/openapi.yaml").statusCode()).as("in every realm").isEqualTo(200);
        assertThat(TwoFactorApi.anonymous(keycloak, "demo").get("/2/applications").statusCode())
                .as("the rest still needs credentials").isEqualTo(401);
    }
}
