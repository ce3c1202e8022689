package io.github.keycloakpin2fa.login;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import org.keycloak.sessions.AuthenticationSessionModel;

/** A mocked authentication session whose notes behave like Keycloak's: a map. */
final class AuthNotes {

    final Map<String, String> notes = new HashMap<>();
    final AuthenticationSessionModel session = mock(AuthenticationSessionModel.class);

    AuthNotes() {
        when(session.getAuthNote(anyString())).thenAnswer(i -> notes.get(i.<String>getArgument(0)));
        doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1))).when(session).setAuthNote(anyString(), anyString());
        doAnswer(i -> notes.remove(i.<String>getArgument(0))).when(session).removeAuthNote(anyString());
    }
}
