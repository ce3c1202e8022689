package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryRouter;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * "2FA delivery", a tab of Realm settings: the providers of each channel, in the order they are
 * tried, and the number lookup. Saving writes the realm attributes the delivery reads
 * ({@code pin2fa.delivery.sms}, ...; {@code pin2fa.number-lookup}), so realm export and import
 * carry them as before; the tab's own component (Keycloak's store for a tab) keeps what the form
 * shows. The choices are the providers this server has, for the channel they carry.
 */
public final class DeliveryTab implements UiTabProviderFactory<UiTabProvider> {

    public static final String ID = "2fa-delivery";
    static final String NUMBER_LOOKUP = "numberLookup";
    static final String NUMBER_LOOKUP_ATTRIBUTE = "pin2fa.number-lookup";

    private volatile List<ProviderConfigProperty> properties = List.of();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Which providers send PINs, per channel and in order.";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (Channel channel : Channel.values()) {
            List<String> ids = factory.getProviderFactoriesStream(PinDeliveryProvider.class)
                    .filter(f -> !(f instanceof PinDeliveryProviderFactory p) || p.channels().contains(channel))
                    .map(f -> f.getId()).sorted().toList();
            builder.property().name(key(channel)).label(label(channel)).type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                    .options(ids)
                    .helpText("Tried in the order chosen; the next only when the previous surely did not send. "
                            + "Empty: the dev sender in development mode, none otherwise.")
                    .add();
        }
        List<String> lookups = new ArrayList<>(factory.getProviderFactoriesStream(NumberLookupProvider.class)
                .map(f -> f.getId()).sorted().toList());
        lookups.add("none");
        builder.property().name(NUMBER_LOOKUP).label("Number lookup").type(ProviderConfigProperty.LIST_TYPE)
                .options(lookups).defaultValue("libphonenumber")
                .helpText("How numbers are checked before an SMS (Infobip's ncNeeded); none: no check.").add();
        properties = builder.build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        for (ProviderConfigProperty property : properties) {
            List<String> chosen = model.getConfig().getOrDefault(property.getName(), List.of());
            for (String id : chosen) {
                if (!property.getOptions().contains(id)) {
                    throw new ComponentValidationException(property.getLabel() + ": no provider '" + id + "' on this server");
                }
            }
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        writeAttributes(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        writeAttributes(realm, newModel);
    }

    static void writeAttributes(RealmModel realm, ComponentModel model) {
        for (Channel channel : Channel.values()) {
            List<String> chain = model.getConfig().getOrDefault(key(channel), List.of());
            set(realm, DeliveryRouter.REALM_ATTRIBUTE_PREFIX + key(channel), String.join(",", chain));
        }
        set(realm, NUMBER_LOOKUP_ATTRIBUTE, Stream.ofNullable(model.get(NUMBER_LOOKUP)).findFirst().orElse(""));
    }

    private static void set(RealmModel realm, String attribute, String value) {
        if (value.isBlank()) {
            realm.removeAttribute(attribute);
        } else {
            realm.setAttribute(attribute, value);
        }
    }

    static String key(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    private static String label(Channel channel) {
        return switch (channel) {
            case SMS -> "SMS providers";
            case VOICE -> "Voice providers";
            case EMAIL -> "Email providers";
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }
}
