package io.github.keycloakpin2fa.admin.console;

import io.github.keycloakpin2fa.storage.realm.ApplicationComponentFactory;
import java.util.List;

/** "2FA applications": PIN attempts, time to live, limits, geo permissions, pumping protection; switch one off with "Enabled". */
public final class ApplicationsPage extends ConsolePageFactory {

    public ApplicationsPage() {
        super(ApplicationComponentFactory.ID,
                "Applications of the realm's 2FA API and PIN login: attempts, time to live, send and verify limits, "
                        + "the countries and number types PINs may go to, and SMS pumping protection.",
                List.of("name", "enabled", "pinTimeToLive", "pinAttempts"));
    }
}
