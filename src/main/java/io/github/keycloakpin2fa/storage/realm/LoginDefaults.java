package io.github.keycloakpin2fa.storage.realm;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationDraft;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;
import io.github.keycloakpin2fa.engine.template.EmailTemplate;
import io.github.keycloakpin2fa.engine.template.EmailTemplateDraft;
import io.github.keycloakpin2fa.engine.template.EmailTemplateValidator;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CacheRealmProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The realm's default login application and its two templates, made the first time a PIN step
 * or enrolment runs without settings, then edited like any other (in the admin console or the
 * API). Safe defaults: 6 digits, 5 minutes, 5 attempts, bounded send and verify limits.
 *
 * <p>Their ids are derived from the realm's id, so two nodes (or two requests) racing to create
 * them insert the same primary keys: the database keeps exactly one set and the loser's insert
 * fails. The insert runs in a transaction of its own, so that failure never breaks the login
 * that triggered it; afterwards this session reads the realm's components from the database.
 */
public final class LoginDefaults {

    public static final String APPLICATION_NAME = "Login";
    public static final String SMS_TEMPLATE_NAME = "Login SMS and voice";
    public static final String EMAIL_TEMPLATE_NAME = "Login email";

    static final Application APPLICATION = ApplicationValidator.validate(new ApplicationDraft(APPLICATION_NAME, true,
            new ConfigurationDraft(5, false, "5m", "3/1s", "10000/1d", "5/1h")));
    static final MessageTemplate SMS_TEMPLATE = MessageTemplateValidator.validate(new MessageTemplateDraft("NUMERIC", 6,
            "Your login PIN is {{pin}}", null, "en", null, null, null, null));
    static final EmailTemplate EMAIL_TEMPLATE = EmailTemplateValidator.validate(new EmailTemplateDraft(1L, null, null, 6, "NUMERIC"));

    private static final Logger LOG = Logger.getLogger(LoginDefaults.class);

    /** The default application's and templates' ids in a realm. */
    public record Ids(String applicationId, String smsTemplateId, String emailTemplateId) {
    }

    private LoginDefaults() {
    }

    public static Ids idsOf(RealmModel realm) {
        return new Ids(derive(realm, "application"), derive(realm, "sms-template"), derive(realm, "email-template"));
    }

    /** Makes sure the realm's default application and templates exist; returns their ids. */
    public static Ids ensure(KeycloakSession session, RealmModel realm) {
        Ids ids = idsOf(realm);
        if (complete(realm, ids)) {
            return ids;
        }
        try {
            AtomicBoolean added = new AtomicBoolean();
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realm.getId());
                added.set(create(r, ids));
            });
            if (added.get()) {
                LOG.infof("Realm %s: created the default 2FA login application '%s' and its templates", realm.getName(),
                        APPLICATION_NAME);
            }
        } catch (RuntimeException e) {
            // Another node or request created them first (same primary keys).
            LOG.debugf(e, "Default 2FA login application of realm %s not created here", realm.getName());
        }
        CacheRealmProvider cache = session.getProvider(CacheRealmProvider.class);
        if (cache != null) {
            // This session's cached realm predates the other transaction: read from the database.
            cache.registerRealmInvalidation(realm.getId(), realm.getName());
        }
        if (!complete(realm, ids)) {
            throw new IllegalStateException("the default 2FA login application could not be created");
        }
        return ids;
    }

    private static boolean complete(RealmModel realm, Ids ids) {
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        return config.application(ids.applicationId()).isPresent()
                && config.template(ids.applicationId(), ids.smsTemplateId()).isPresent()
                && config.template(ids.applicationId(), ids.emailTemplateId()).isPresent();
    }

    /** Adds what is missing; true when anything was. */
    private static boolean create(RealmModel realm, Ids ids) {
        long now = System.currentTimeMillis();
        boolean added = add(realm, ids.applicationId(), ApplicationComponentFactory.ID, APPLICATION_NAME, now,
                m -> ComponentCodec.write(m, APPLICATION));
        added |= add(realm, ids.smsTemplateId(), MessageTemplateComponentFactory.ID, SMS_TEMPLATE_NAME, now + 1, m -> {
            m.put(ComponentCodec.APPLICATION_ID, ids.applicationId());
            ComponentCodec.write(m, SMS_TEMPLATE);
        });
        added |= add(realm, ids.emailTemplateId(), EmailTemplateComponentFactory.ID, EMAIL_TEMPLATE_NAME, now + 2, m -> {
            m.put(ComponentCodec.APPLICATION_ID, ids.applicationId());
            ComponentCodec.write(m, EMAIL_TEMPLATE);
        });
        return added;
    }

    private static boolean add(RealmModel realm, String id, String providerId, String name, long createdAt,
            Consumer<ComponentModel> write) {
        if (realm.getComponent(id) != null) {
            return false;
        }
        ComponentModel m = new ComponentModel();
        m.setId(id);
        m.setParentId(realm.getId());
        m.setProviderType(PinComponentTypes.forNewComponents());
        m.setProviderId(providerId);
        m.setName(name);
        m.put(ComponentCodec.NAME, name);
        m.put(ComponentCodec.CREATED_AT, Long.toString(createdAt));
        write.accept(m);
        realm.addComponentModel(m);
        return true;
    }

    /** 32 upper-case hex digits, like every other id of ours, fixed for the realm and role. */
    static String derive(RealmModel realm, String role) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("pin2fa-login-default:" + realm.getId() + ":" + role).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
