package io.github.keycloakpin2fa.delivery.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.Configurable;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

/**
 * {@link HttpTransport} over an Apache HttpClient 4. In Keycloak the client is the one of
 * {@code HttpClientProvider}, so Keycloak's truststore, proxy mappings and pool apply; this class
 * only sets the timeouts of each request (keeping the client's other request settings).
 */
public final class ApacheHttpTransport implements HttpTransport {

    private final CloseableHttpClient client;

    public ApacheHttpTransport(CloseableHttpClient client) {
        this.client = client;
    }

    /** Over Keycloak's HTTP client: its truststore, proxy mappings and connection pool. */
    public static ApacheHttpTransport of(KeycloakSession session) {
        return new ApacheHttpTransport(session.getProvider(HttpClientProvider.class).getHttpClient());
    }

    @Override
    public HttpAnswer send(HttpCall call, Duration connectTimeout, Duration readTimeout) throws TransportException {
        RequestConfig base = client instanceof Configurable configurable && configurable.getConfig() != null
                ? configurable.getConfig() : RequestConfig.DEFAULT;
        RequestBuilder builder = RequestBuilder.create(call.method()).setUri(call.uri())
                .setConfig(RequestConfig.copy(base)
                        .setConnectTimeout(millis(connectTimeout))
                        .setConnectionRequestTimeout(millis(connectTimeout))
                        .setSocketTimeout(millis(readTimeout))
                        .build());
        call.headers().forEach(builder::addHeader);
        if (call.body() != null) {
            builder.setEntity(new ByteArrayEntity(call.body()));
        }
        HttpUriRequest request = builder.build();
        try (CloseableHttpResponse response = client.execute(request)) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : response.getAllHeaders()) {
                headers.putIfAbsent(h.getName(), h.getValue());
            }
            return new HttpAnswer(response.getStatusLine().getStatusCode(), headers, read(response.getEntity()));
        } catch (HttpHostConnectException | ConnectTimeoutException | UnknownHostException | NoRouteToHostException
                | SSLHandshakeException e) {
            // No connection, or no TLS session: the request never left this machine.
            throw new TransportException("not sent: " + e.getClass().getSimpleName(), false, e);
        } catch (IOException e) {
            // Read timeouts, resets and empty answers come after the request was written.
            throw new TransportException("no answer: " + e.getClass().getSimpleName(), true, e);
        }
    }

    private static String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        Charset charset = StandardCharsets.UTF_8;
        ContentType type = ContentType.get(entity);
        if (type != null && type.getCharset() != null) {
            charset = type.getCharset();
        }
        try (InputStream in = entity.getContent()) {
            return in == null ? "" : new String(in.readNBytes(MAX_BODY_BYTES), charset);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
