package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.storage.realm.ApplicationComponentFactory;
import java.util.List;

/** "2FA applications": PIN attempts, time to live, limits; switch one off with "Enabled". */
public final class ApplicationsPage extends ConsolePageFactory {

    public ApplicationsPage() {
        super(ApplicationComponentFactory.ID,
                "Applications of the realm's 2FA API and PIN login: attempts, time to live and send and verify limits.",
                List.of("name", "enabled", "pinTimeToLive", "pinAttempts"));
    }
}
