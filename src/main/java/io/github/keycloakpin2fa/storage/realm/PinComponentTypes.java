package io.github.keycloakpin2fa.storage.realm;

import java.util.Comparator;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The two provider types our components may have. The admin console lists and edits only
 * components of its page type ({@code UiPageProvider}), whose SPI Keycloak 26.7 enables only
 * with the experimental {@code declarative-ui} feature; a component of a type whose SPI is off
 * cannot be created or imported. So new components take the page type when that feature is on
 * (the console shows them) and our own type otherwise (the API and the login step work without
 * the feature); both are read everywhere, and each type's factories validate alike. When the
 * server starts, {@link #alignAll} gives every stored component the type of the moment, so
 * switching the feature on shows the existing applications in the console.
 */
public final class PinComponentTypes {

    private static final Logger LOG = Logger.getLogger(PinComponentTypes.class);

    /** Our own type: always available. */
    public static final String OWN = PinConfigComponent.class.getName();
    /** The admin console's page type ({@code org.keycloak.services.ui.extend.UiPageProvider}). */
    public static final String CONSOLE_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";

    private static final Set<String> PROVIDER_IDS = Set.of(ApplicationComponentFactory.ID,
            MessageTemplateComponentFactory.ID, EmailTemplateComponentFactory.ID, ApiKeyComponentFactory.ID);

    private PinComponentTypes() {
    }

    /** The type for components created now. */
    public static String forNewComponents() {
        return consolePagesEnabled() ? CONSOLE_PAGE : OWN;
    }

    /** Whether the admin console's extension pages exist on this server. */
    public static boolean consolePagesEnabled() {
        Profile profile = Profile.getInstance();
        return profile != null && Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /** Whether the component is one of our applications, templates or API keys. */
    public static boolean isOurs(ComponentModel m) {
        return (OWN.equals(m.getProviderType()) || CONSOLE_PAGE.equals(m.getProviderType()))
                && PROVIDER_IDS.contains(m.getProviderId());
    }

    /**
     * Gives every realm's components the type {@link #forNewComponents()} (after imports, at
     * startup), and rewrites API keys stored before the key was shown only once: their page gets
     * its note, and a key an earlier version kept readable until its first use is kept no longer.
     */
    public static void alignAll(KeycloakSessionFactory sessions) {
        String target = forNewComponents();
        KeycloakModelUtils.runJobInTransaction(sessions, session -> session.realms().getRealmsStream()
                .forEach(realm -> align(realm, target)));
    }

    static void align(RealmModel realm, String target) {
        realm.getComponentsStream()
                .filter(PinComponentTypes::isOurs)
                .filter(m -> !target.equals(m.getProviderType()) || !realm.getId().equals(m.getParentId())
                        || ApiKeyComponentFactory.ID.equals(m.getProviderId())
                                && !ComponentCodec.KEY_SHOWN_ONCE.equals(m.get(ComponentCodec.SHOWN_KEY)))
                // applications first, so a template finds its application of either type
                .sorted(Comparator.comparing(m -> !ApplicationComponentFactory.ID.equals(m.getProviderId())))
                .map(ComponentModel::new) // not the realm cache's shared instances
                .toList()
                .forEach(m -> {
                    if (!realm.getId().equals(m.getParentId())) {
                        m.put(ComponentCodec.APPLICATION_ID, ComponentCodec.applicationIdOf(m));
                        m.setParentId(realm.getId());
                    }
                    m.setProviderType(target);
                    realm.updateComponent(m);
                    LOG.debugf("2FA component %s of realm %s now of type %s", m.getId(), realm.getName(), target);
                });
    }
}
