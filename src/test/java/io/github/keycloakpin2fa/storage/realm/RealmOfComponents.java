package io.github.keycloakpin2fa.storage.realm;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/** A mocked realm {@code R} whose components are a list the test may still add to. */
public final class RealmOfComponents {

    private RealmOfComponents() {
    }

    public static RealmModel realm(List<ComponentModel> components) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("R");
        when(realm.getName()).thenReturn("test");
        when(realm.getComponentsStream(anyString())).thenAnswer(call -> components.stream()
                .filter(m -> call.getArgument(0).equals(m.getParentId())));
        when(realm.getComponent(anyString())).thenAnswer(call -> components.stream()
                .filter(m -> call.getArgument(0).equals(m.getId())).findFirst().orElse(null));
        return realm;
    }

    /** One of our components under the realm, as the console stores it (templates name their application). */
    public static ComponentModel component(String id, String providerId, String name, String applicationId, long createdAt,
            Map<String, String> config) {
        ComponentModel m = new ComponentModel();
        m.setId(id);
        m.setParentId("R");
        m.setProviderId(providerId);
        m.setProviderType(PinComponentTypes.OWN);
        m.setName(name);
        m.put("name", name);
        m.put("createdAt", Long.toString(createdAt));
        config.forEach(m::put);
        if (applicationId != null) {
            m.put("applicationId", applicationId);
        }
        return m;
    }
}
