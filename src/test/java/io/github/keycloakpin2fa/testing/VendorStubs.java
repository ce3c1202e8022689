package io.github.keycloakpin2fa.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vendors the real Keycloak of the ITs talks to: stubs on fixed loopback ports, started by the
 * ITs that need them, and the server options and vault entries that point the providers there.
 * The options carry only vault expressions: the keys themselves are files of the file vault, for
 * the realm {@link #REALM} alone.
 */
public final class VendorStubs {

    /** Where the stubs' ports start; {@code -Dpin2fa.it.stub-port-base} lets a second IT run use others. */
    private static final int PORT_BASE = Integer.getInteger("pin2fa.it.stub-port-base", 18600);
    public static final int INFOBIP_PORT = PORT_BASE + 1;
    public static final int TWILIO_PORT = PORT_BASE + 2;
    public static final int WEBHOOK_PORT = PORT_BASE + 3;
    public static final int SMTP_PORT = PORT_BASE + 25;
    /** The realm whose vault holds the vendors' secrets. */
    public static final String REALM = "delivery";
    public static final String TWILIO_ACCOUNT = "ACdeadbeefdeadbeefdeadbeefdeadbeef";
    public static final Map<String, String> VAULT = Map.of(
            "infobip-api-key", "infobip-key-from-the-vault",
            "twilio-auth-token", "twilio-token-from-the-vault",
            "hook-token", "hook-token-from-the-vault");
    /** Infobip SMS waits this long for an answer in the ITs, so a "slow vendor" test stays short. */
    public static final int INFOBIP_SMS_READ_TIMEOUT_MILLIS = 1500;

    private VendorStubs() {
    }

    /** A WireMock server on {@code port} of 127.0.0.1, started. */
    public static WireMockServer start(int port) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
        server.start();
        return server;
    }

    /** Writes the file vault ({@code <realm>_<key>} files) and returns the server options. */
    static List<String> serverOptions(Path vaultDir) {
        try {
            Files.createDirectories(vaultDir);
            for (Map.Entry<String, String> secret : VAULT.entrySet()) {
                Files.writeString(vaultDir.resolve(REALM + "_" + secret.getKey()), secret.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Keycloak's configuration expands ${...} itself; '\$' keeps the vault expression for the provider.
        String infobip = "http://127.0.0.1:" + INFOBIP_PORT;
        String twilio = "http://127.0.0.1:" + TWILIO_PORT;
        List<String> options = new ArrayList<>(List.of(
                "--vault=file", "--vault-dir=" + vaultDir,
                "--metrics-enabled=true",
                "--spi-pin-delivery--infobip-sms--base-url=" + infobip,
                "--spi-pin-delivery--infobip-sms--api-key=\\${vault.infobip-api-key}",
                "--spi-pin-delivery--infobip-sms--read-timeout-millis=" + INFOBIP_SMS_READ_TIMEOUT_MILLIS,
                "--spi-pin-delivery--infobip-voice--base-url=" + infobip,
                "--spi-pin-delivery--infobip-voice--api-key=\\${vault.infobip-api-key}",
                "--spi-pin-delivery--infobip-voice--from=41793012321",
                "--spi-pin-number-lookup--infobip--base-url=" + infobip,
                "--spi-pin-number-lookup--infobip--api-key=\\${vault.infobip-api-key}",
                "--spi-pin-delivery--twilio-sms--base-url=" + twilio,
                "--spi-pin-delivery--twilio-sms--account-sid=" + TWILIO_ACCOUNT,
                "--spi-pin-delivery--twilio-sms--auth-token=\\${vault.twilio-auth-token}",
                "--spi-pin-delivery--twilio-sms--from=+15005550006",
                "--spi-pin-delivery--twilio-voice--base-url=" + twilio,
                "--spi-pin-delivery--twilio-voice--account-sid=" + TWILIO_ACCOUNT,
                "--spi-pin-delivery--twilio-voice--auth-token=\\${vault.twilio-auth-token}",
                "--spi-pin-delivery--twilio-voice--from=+15005550006",
                "--spi-pin-delivery--twilio-voice--voice=Polly.Joanna",
                "--spi-pin-delivery--webhook--url=http://127.0.0.1:" + WEBHOOK_PORT + "/pin",
                "--spi-pin-delivery--webhook--headers=Authorization: Bearer \\${vault.hook-token}"));
        return options;
    }
}
