package io.github.keycloakpin2fa.storage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.keycloak.common.util.Time;

/** The engine's clock on a server: Keycloak's own time, so Keycloak's time offset applies too. */
public final class ServerClock extends Clock {

    public static final ServerClock INSTANCE = new ServerClock();

    private ServerClock() {
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return Time.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
