package io.github.keycloakpin2fa.engine.guard;

import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.LimitFormat;
import io.github.keycloakpin2fa.engine.time.TimeFormat;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A realm's send limits for its end users, the ones Infobip's application has no field for. They
 * are realm attributes ({@code pin2fa.limits.*}), which a realm admin sets through the admin REST
 * API and which realm export and import carry. A missing value means the default; a value that
 * does not parse (or a window over one day) also means the default, and is reported in
 * {@link #problems()} so the server can warn.
 *
 * @param perUser sends for one user (login and enrolment)
 * @param perSession sends for one authentication session (login and enrolment)
 * @param perClientIp sends for one client address (login and enrolment)
 * @param enrolmentCooldown the wait between two enrolment sends of one user
 * @param enrolmentNumbersPerDay distinct unconfirmed numbers one user may enrol in any day
 * @param enrolmentPerNumber enrolment sends to one number, whoever asks
 * @param enrolmentPerCountry enrolment sends to one destination country in the realm
 * @param enrolmentPerRealm enrolment sends in the realm
 */
public record SendLimits(Limit perUser, Limit perSession, Limit perClientIp, TimeLength enrolmentCooldown,
        int enrolmentNumbersPerDay, Limit enrolmentPerNumber, Limit enrolmentPerCountry, Limit enrolmentPerRealm,
        List<String> problems) {

    public static final String PREFIX = "pin2fa.limits.";
    public static final String PER_USER = PREFIX + "sendsPerUser";
    public static final String PER_SESSION = PREFIX + "sendsPerSession";
    public static final String PER_CLIENT_IP = PREFIX + "sendsPerClientIp";
    public static final String ENROLMENT_COOLDOWN = PREFIX + "enrolmentCooldown";
    public static final String ENROLMENT_NUMBERS_PER_DAY = PREFIX + "enrolmentNumbersPerUserPerDay";
    public static final String ENROLMENT_PER_NUMBER = PREFIX + "enrolmentSendsPerNumber";
    public static final String ENROLMENT_PER_COUNTRY = PREFIX + "enrolmentSendsPerCountry";
    public static final String ENROLMENT_PER_REALM = PREFIX + "enrolmentSendsPerRealm";

    /** The defaults, as documented in the README's "Send limits" table. */
    public static final SendLimits DEFAULTS = new SendLimits(Limit.parse("10/1h"), Limit.parse("6/1h"), Limit.parse("30/1h"),
            TimeLength.parse("30s"), 3, Limit.parse("3/1d"), Limit.parse("100/1h"), Limit.parse("1000/1d"), List.of());

    private static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final int MAX_NUMBERS_PER_DAY = 100;

    /** Copies the problems. */
    public SendLimits {
        problems = List.copyOf(problems);
    }

    /** The limits from a realm's attributes (null or missing: defaults). */
    public static SendLimits fromAttributes(Map<String, String> attributes) {
        Map<String, String> a = attributes == null ? Map.of() : attributes;
        SendLimits d = DEFAULTS;
        List<String> problems = new ArrayList<>();
        return new SendLimits(
                limit(a, PER_USER, d.perUser(), problems),
                limit(a, PER_SESSION, d.perSession(), problems),
                limit(a, PER_CLIENT_IP, d.perClientIp(), problems),
                cooldown(a, d.enrolmentCooldown(), problems),
                count(a, d.enrolmentNumbersPerDay(), problems),
                limit(a, ENROLMENT_PER_NUMBER, d.enrolmentPerNumber(), problems),
                limit(a, ENROLMENT_PER_COUNTRY, d.enrolmentPerCountry(), problems),
                limit(a, ENROLMENT_PER_REALM, d.enrolmentPerRealm(), problems),
                problems);
    }

    /** The enrolment cooldown as a limit: one send per cooldown. */
    public Limit enrolmentCooldownLimit() {
        return new Limit(1, enrolmentCooldown);
    }

    /** The distinct-numbers cap as a limit over one day. */
    public Limit enrolmentNumbersLimit() {
        return new Limit(enrolmentNumbersPerDay, TimeLength.parse("1d"));
    }

    private static Limit limit(Map<String, String> a, String name, Limit fallback, List<String> problems) {
        String text = a.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Optional<Limit> limit = LimitFormat.tryParse(text.strip());
        if (limit.isEmpty() || !limit.get().window().isAtMost(MAX_WINDOW)) {
            problems.add(name + ": not a limit such as 10/1h with a window of at most 1d; using " + fallback);
            return fallback;
        }
        return limit.get();
    }

    private static TimeLength cooldown(Map<String, String> a, TimeLength fallback, List<String> problems) {
        String text = a.get(ENROLMENT_COOLDOWN);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Optional<TimeLength> time = TimeFormat.tryParse(text.strip());
        if (time.isEmpty() || time.get().length() < 1 || !time.get().isAtMost(MAX_WINDOW)) {
            problems.add(ENROLMENT_COOLDOWN + ": not a time such as 30s between 1s and 1d; using " + fallback);
            return fallback;
        }
        return time.get();
    }

    private static int count(Map<String, String> a, int fallback, List<String> problems) {
        String text = a.get(ENROLMENT_NUMBERS_PER_DAY);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= MAX_NUMBERS_PER_DAY) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(ENROLMENT_NUMBERS_PER_DAY + ": not a number from 1 to " + MAX_NUMBERS_PER_DAY + "; using " + fallback);
        return fallback;
    }
}
