package io.github.keycloakpin2fa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.bench.Report;
import io.github.keycloakpin2fa.bench.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The A/B comparison's arithmetic ({@code -Dbench.compare=}): B over A within each repetition, then the median. */
class CompareReportTest {

    private static final String USERNAME = PerformanceBenchmark.USERNAME_LOGIN;
    private static final String OTP = PerformanceBenchmark.OTP_LOGIN;
    private static final String PIN = PerformanceBenchmark.PIN_LOGIN;

    @Test
    void a_change_is_b_over_a_in_each_repetition_and_their_median_not_a_ratio_of_medians() {
        Report a = new Report();
        Report b = new Report();
        // The VM slows down in the second repetition; B is 10% cheaper in each one.
        add(a, "API send + verify", 100, 200, 100);
        add(b, "API send + verify", 90, 180, 90);

        String out = PerformanceBenchmark.compareReport(a, b, List.of("API send + verify"), Path.of("old.jar"), "0.00, 0.00, 0.00");

        assertThat(out).contains("A: this build; B: old.jar");
        // Medians 10 and 9 CPU-ms; B / A is 0.90 in every repetition, though A alone moved 2x.
        assertThat(line(out, "API send + verify")).endsWith("10.00     9.00     0.90   0.90 0.90 0.90");
    }

    @Test
    void the_steps_alone_are_compared_as_their_logins_less_the_username_only_login() {
        Report a = new Report();
        Report b = new Report();
        add(a, USERNAME, 300, 300);
        add(b, USERNAME, 300, 300);
        add(a, OTP, 500, 500);
        add(b, OTP, 500, 500);
        add(a, PIN, 700, 800);
        add(b, PIN, 600, 600); // the PIN step alone: 4 and 5 ms on A, 3 and 3 on B

        String out = PerformanceBenchmark.compareReport(a, b, List.of(USERNAME, OTP, PIN), Path.of("old.jar"), "n/a");

        assertThat(line(out, "PIN step alone")).contains("0.75 0.60");
        assertThat(line(out, "OTP step alone")).contains("1.00 1.00");
    }

    @Test
    void each_repetition_starts_one_operation_further_so_none_always_follows_the_same_one() {
        List<String> ops = List.of("username", "otp", "pin", "grant");

        assertThat(PerformanceBenchmark.rotated(ops, 0)).containsExactly("username", "otp", "pin", "grant");
        assertThat(PerformanceBenchmark.rotated(ops, 1)).containsExactly("otp", "pin", "grant", "username");
        assertThat(PerformanceBenchmark.rotated(ops, 6)).containsExactly("pin", "grant", "username", "otp");
        assertThat(PerformanceBenchmark.rotated(List.of(), 3)).isEmpty();
    }

    /** One sample per repetition: 10 operations taking {@code cpuMillis} each time, so cpuMillis/10 per operation. */
    private static void add(Report report, String operation, long... cpuMillis) {
        for (long cpu : cpuMillis) {
            report.add(operation, new Sample(10, cpu, 1000));
        }
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
    }
}
