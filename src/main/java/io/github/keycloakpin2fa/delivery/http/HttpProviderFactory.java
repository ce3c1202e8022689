package io.github.keycloakpin2fa.delivery.http;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * What every factory of a vendor's HTTP provider shares: its server settings are read once from
 * {@code --spi-pin-delivery--<id>--<option>}, and each session's provider sends through Keycloak's
 * HTTP client with the settings' timeouts and retry rules, reading secrets from the realm's vault.
 *
 * @param <S> the vendor's settings
 */
public abstract class HttpProviderFactory<S extends HttpProviderFactory.VendorSettings>
        implements PinDeliveryProviderFactory, ServerInfoAwareProviderFactory {

    /** A vendor's server settings, with their HTTP part. */
    public interface VendorSettings {
        HttpSettings http();
    }

    private final String id;
    private final Set<Channel> channels;
    private final Function<Config.Scope, S> parser;
    private S settings;

    protected HttpProviderFactory(String id, Set<Channel> channels, Function<Config.Scope, S> parser) {
        this.id = id;
        this.channels = Set.copyOf(channels);
        this.parser = parser;
    }

    /** The provider for one session. */
    protected abstract PinDeliveryProvider create(S settings, SecretResolver secrets, RetryingSender sender);

    /** The settings read at start-up. */
    protected final S settings() {
        return settings;
    }

    @Override
    public final PinDeliveryProvider create(KeycloakSession session) {
        return create(settings, SecretResolver.vault(session),
                new RetryingSender(ApacheHttpTransport.of(session), settings.http(), id));
    }

    @Override
    public final Set<Channel> channels() {
        return channels;
    }

    @Override
    public final void init(Config.Scope config) {
        settings = parser.apply(config);
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final void close() {
    }

    @Override
    public final String getId() {
        return id;
    }
}
