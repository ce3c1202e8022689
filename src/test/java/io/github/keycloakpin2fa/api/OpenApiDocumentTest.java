package io.github.keycloakpin2fa.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the JAR is valid OpenAPI 3.1 (read by swagger-parser) and describes
 * exactly the routes the server answers: the routes come from the JAX-RS annotations of the API
 * resource, so a new route without documentation, or documentation of a route that is gone,
 * fails here.
 */
class OpenApiDocumentTest {

    /** {@code {version: [12]}} and the like: a path parameter with a regular expression. */
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([a-zA-Z]+)\\s*:\\s*([^}]*)}");
    private static OpenAPI api;

    @BeforeAll
    static void parse() throws IOException {
        String yaml;
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertThat(in).as(OpenApiDocument.RESOURCE).isNotNull();
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        api = result.getOpenAPI();
        assertThat(api).isNotNull();
    }

    @Test
    void it_is_openapi_3_1() {
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getSpecVersion()).isEqualTo(io.swagger.v3.oas.models.SpecVersion.V31);
    }

    @Test
    void every_route_the_server_answers_is_documented_and_nothing_else() {
        TreeSet<String> served = new TreeSet<>();
        for (Method method : TfaApiResource.class.getDeclaredMethods()) {
            String verb = httpMethod(method);
            Path path = method.getAnnotation(Path.class);
            if (verb == null || path == null || path.value().contains("{any")) {
                continue; // not a route, or the catch-all that answers "not found" in the envelope
            }
            served.addAll(expand(verb, path.value()));
        }
        TreeSet<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((verb, operation) -> documented.add(verb.name() + " " + path)));

        assertThat(served).as("routes found by reflection").hasSizeGreaterThanOrEqualTo(20);
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void every_operation_answers_errors_in_infobips_envelope() {
        Schema<?> envelope = api.getComponents().getSchemas().get("ApiException");
        assertThat(envelope.getProperties()).containsOnlyKeys("requestError");
        Schema<?> serviceException = api.getComponents().getSchemas().get("ServiceException");
        assertThat(serviceException.getProperties()).containsKeys("messageId", "text", "validationErrors");
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((verb, operation) -> {
            if (path.equals("/openapi.yaml")) {
                return;
            }
            operation.getResponses().forEach((status, declared) -> {
                var response = declared.get$ref() == null ? declared
                        : api.getComponents().getResponses().get(declared.get$ref().substring(declared.get$ref().lastIndexOf('/') + 1));
                assertThat(response).as("%s %s %s resolves", verb, path, status).isNotNull();
                if (status.startsWith("4")) {
                    var content = response.getContent();
                    assertThat(content).as("%s %s %s", verb, path, status).isNotNull();
                    assertThat(content.get("application/json").getSchema().get$ref())
                            .as("%s %s %s", verb, path, status).isEqualTo("#/components/schemas/ApiException");
                }
            });
            assertThat(operation.getResponses().keySet()).as("%s %s answers 401 without credentials", verb, path)
                    .anyMatch(s -> s.equals("401") || s.equals("405"));
        }));
    }

    @Test
    void template_updates_require_no_field_and_resends_say_they_send_the_same_pin() {
        for (String version : List.of("1", "2")) {
            String messages = "/" + version + "/applications/{appId}/messages/{msgId}";
            String emails = "/" + version + "/applications/{appId}/email/messages/{msgId}";
            for (String path : List.of(messages, emails)) {
                Schema<?> update = schema(api.getPaths().get(path).getPut().getRequestBody());
                assertThat(update.getRequired()).as("PUT %s: Infobip's update request has no required field", path).isNullOrEmpty();
                assertThat(update.getProperties()).as("PUT %s", path).containsKey("pinLength");
            }
            assertThat(schema(api.getPaths().get("/" + version + "/applications/{appId}/messages").getPost().getRequestBody())
                    .getRequired()).as("a create still requires them").contains("pinType", "messageText");
            for (String resend : List.of("resend", "resend/voice", "resend/email")) {
                assertThat(api.getPaths().get("/" + version + "/pin/{pinId}/" + resend).getPost().getDescription())
                        .as(resend).contains("The same PIN again").doesNotContain("fresh PIN");
            }
        }
    }

    private static Schema<?> schema(io.swagger.v3.oas.models.parameters.RequestBody body) {
        String ref = body.getContent().get("application/json").getSchema().get$ref();
        return api.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    @Test
    void it_names_the_three_ways_to_authenticate() {
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertThat(schemes).containsOnlyKeys("App", "Bearer", "Basic");
        assertThat(schemes.get("App").getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(schemes.get("App").getName()).isEqualTo("Authorization");
        assertThat(schemes.get("App").getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(schemes.get("Bearer").getScheme()).isEqualTo("bearer");
        assertThat(schemes.get("Basic").getScheme()).isEqualTo("basic");
        assertThat(api.getSecurity()).hasSize(3);
        Operation document = api.getPaths().get("/openapi.yaml").getGet();
        assertThat(document.getSecurity()).as("the document needs no credentials").isEmpty();
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** The OpenAPI paths of one JAX-RS path: {@code {version: [12]}} becomes {@code 1} and {@code 2}. */
    private static List<String> expand(String verb, String jaxrsPath) {
        Matcher m = TEMPLATE.matcher(jaxrsPath);
        if (!m.find()) {
            return List.of(verb + " /" + jaxrsPath.replaceFirst("^/", ""));
        }
        String regex = m.group(2).strip();
        assertThat(regex).as("only the version is a regular expression").isEqualTo("[12]");
        String before = jaxrsPath.substring(0, m.start());
        String after = jaxrsPath.substring(m.end());
        return List.of("1", "2").stream().flatMap(v -> expand(verb, before + v + after).stream()).toList();
    }

}
