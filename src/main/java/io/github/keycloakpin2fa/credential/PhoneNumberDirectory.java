package io.github.keycloakpin2fa.credential;

import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Answers "is this number already someone else's phone in this realm?" by searching the stored
 * phone credentials in Keycloak's database. Only local users' credentials are searched (users of
 * a federation provider keep theirs elsewhere).
 */
public final class PhoneNumberDirectory {

    private final KeycloakSession session;

    public PhoneNumberDirectory(KeycloakSession session) {
        this.session = session;
    }

    public boolean belongsToAnotherUser(RealmModel realm, UserModel user, PhoneNumber number) {
        String e164 = number.e164();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // The credential data is a large text column, which some databases cannot compare with
        // '='; LIKE works on all of them. E.164 has no LIKE wildcards, and the data is written
        // by PhoneCredentialModel in one fixed form.
        String pattern = "%" + PhoneCredentialModel.credentialData(e164).replace("{", "").replace("}", "") + "%";
        Long others = em.createQuery(
                        "select count(c) from CredentialEntity c where c.type = :type and c.user.realmId = :realmId"
                                + " and c.user.id <> :userId and c.credentialData like :pattern", Long.class)
                .setParameter("type", PhoneCredentialModel.TYPE)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("pattern", pattern)
                .getSingleResult();
        return others > 0;
    }
}
