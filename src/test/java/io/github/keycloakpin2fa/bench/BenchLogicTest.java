package io.github.keycloakpin2fa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and parsing, which must be right for its figures to mean anything. */
class BenchLogicTest {

    @Test
    void totp_codes_are_rfc_6238s() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.code(secret, 59_000, 8)).isEqualTo("94287082");
        assertThat(Totp.code(secret, 1_111_111_109_000L, 8)).isEqualTo("07081804");
        assertThat(Totp.code(secret, 59_000, 6)).isEqualTo("287082");
    }

    @Test
    void cpu_time_is_user_plus_system_ticks_even_with_odd_process_names() {
        String stat = "4242 (java (kc) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 60 0 100 0 0";
        assertThat(ProcessCpu.parseMillis(stat)).isEqualTo((1234 + 567) * 10L);
    }

    @Test
    void a_threads_time_on_a_cpu_is_the_first_field_of_its_schedstat_in_nanoseconds() {
        assertThat(ProcessCpu.parseRunNanos("656447986 145591307 481\n")).isEqualTo(656_447_986L);
        assertThat(ProcessCpu.parseRunNanos("31415926535 0 12")).isEqualTo(31_415_926_535L);
    }

    @Test
    void jit_compiler_threads_are_told_from_the_others() {
        assertThat(ProcessCpu.isCompilerThread("4242 (C2 CompilerThre) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isCompilerThread("4243 (C1 CompilerThre) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isCompilerThread("4244 (executor-thread) S 1 2 3")).isFalse();
        assertThat(ProcessCpu.isCompilerThread("4245 (GC Thread#0) S 1 2 3")).isFalse();
    }

    @Test
    void threads_are_grouped_by_name_without_their_numbers_and_readings_add_up_by_group() {
        assertThat(ProcessCpu.threadGroup("4242 (executor-thread-17) S 1 2 3")).isEqualTo("executor-thread-#");
        assertThat(ProcessCpu.threadGroup("4243 (GC Thread#3) S 1 2 3")).isEqualTo("GC Thread##");
        assertThat(Report.sum(java.util.Map.of("a", 10L, "b", 1L), java.util.Map.of("a", 5L, "c", 2L)))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 15L, "b", 1L, "c", 2L));
        String shares = Report.threadShares(java.util.Map.of("x", 100L, "y", 500L), 1000, java.util.Map.of("x", 400L, "y", 500L), 1000);
        assertThat(shares).isEqualTo("x 100 -> 400; y 500 -> 500");
    }

    @Test
    void the_purge_is_measured_on_keycloaks_timer_and_h2s_writer_threads() {
        assertThat(ProcessCpu.isPurgeThread("4242 (Timer-0) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isPurgeThread("4243 (MVStore backgro) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isPurgeThread("4244 (executor-thread) S 1 2 3")).isFalse();
        assertThat(ProcessCpu.isPurgeThread("4245 (GC Thread#0) S 1 2 3")).isFalse();
        assertThat(ProcessCpu.isH2Writer("4243 (MVStore backgro) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isH2Writer("4242 (Timer-0) S 1 2 3")).isFalse();
    }

    @Test
    void medians_and_targets() {
        Report report = new Report();
        report.add("op", new Sample(100, 300, 1000));
        report.add("op", new Sample(100, 500, 2000));
        report.add("op", new Sample(100, 200, 500));
        assertThat(report.cpu("op")).isEqualTo(3.0);
        assertThat(report.rate("op")).isEqualTo(100.0);
        assertThat(Report.median(new double[] {4, 1, Double.NaN, 2, 3})).isEqualTo(2.5);

        assertThat(report.target("at most", 1.5, "x", "<=", 1.5).met()).isTrue();
        assertThat(report.target("below", 10, "%", "<", 10).met()).isFalse();
        assertThat(report.target("unmeasured", Double.NaN, "x", "<=", 1).met()).isFalse();
        assertThat(report.render()).contains("[met] at most").contains("[NOT MET] below").contains("1 of 3 targets met");
    }

    @Test
    void ratios_are_taken_within_each_repetition_then_their_median() {
        Report report = new Report();
        // A slow machine in the second repetition doubles both figures; the ratio stays 0.5.
        report.add("a", new Sample(100, 100, 1000));
        report.add("b", new Sample(100, 200, 1000));
        report.add("a", new Sample(100, 200, 1000));
        report.add("b", new Sample(100, 400, 1000));
        report.add("a", new Sample(100, 150, 1000));
        report.add("b", new Sample(100, 150, 1000));
        assertThat(report.repetitions()).isEqualTo(3);
        assertThat(report.cpu("a", 1)).isEqualTo(2.0);
        assertThat(report.cpu("a", 3)).isNaN();
        double paired = report.perRepetition("a / b", i -> report.cpu("a", i) / report.cpu("b", i));
        assertThat(paired).isEqualTo(0.5);
        // The ratio of the medians would have said 0.75.
        assertThat(report.cpu("a") / report.cpu("b")).isEqualTo(0.75);
        report.target("a / b", paired, "x", "<=", 0.6);
        assertThat(report.render()).contains("[met] a / b").contains("median of 0.50 0.50 1.00");
    }

    @Test
    void the_ratio_of_means_sums_each_side_and_brackets_itself_with_a_bootstrap_interval() {
        // The PIN and OTP steps of the run at 1d9f441: its median of ratios read 1.79x.
        double[] pin = {2.25, 2.62, 3.42, 4.17, 4.49, 5.76, 1.28};
        double[] otp = {1.23, 1.46, 4.31, 1.41, 2.08, 3.65, 2.19};
        Report.MeanRatio m = Report.ratioOfMeans(pin, otp).orElseThrow();
        assertThat(m.ratio()).isCloseTo(23.99 / 16.33, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.numeratorMean()).isCloseTo(23.99 / 7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.divisorMean()).isCloseTo(16.33 / 7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.interval().low()).isLessThan(m.ratio());
        assertThat(m.interval().high()).isGreaterThan(m.ratio());
        assertThat(m.interval().confidence()).isEqualTo(0.90);
        // A repetition that did not measure one side is left out of both sums.
        Report.MeanRatio gap = Report.ratioOfMeans(new double[] {2, 2, 2, 2, 9}, new double[] {1, 1, 1, 1, Double.NaN}).orElseThrow();
        assertThat(gap.ratio()).isEqualTo(2.0);
        assertThat(gap.interval().low()).isEqualTo(2.0);
        assertThat(gap.interval().high()).isEqualTo(2.0);
        assertThat(Report.ratioOfMeans(new double[] {1, 2, 3}, new double[] {1, 1, 1})).isEmpty();
        // Over a report's repetitions: a's CPU-ms 1, 2, 3, 6 against b's 1, 1, 1, 1 is 12 / 4.
        Report report = new Report();
        for (long a : new long[] {100, 200, 300, 600}) {
            report.add("a", new Sample(100, a, 1000));
            report.add("b", new Sample(100, 100, 1000));
        }
        assertThat(report.ratioOfMeans(i -> report.cpu("a", i), i -> report.cpu("b", i)).orElseThrow().ratio()).isEqualTo(3.0);
    }

    @Test
    void the_median_lies_between_order_statistics_chosen_for_at_least_80_percent() {
        // Seven values: the 2nd and 6th smallest, 1 - 2 * 8/128 = 87.5%.
        Report.Interval seven = Report.medianInterval(new double[] {1.33, 2.21, 1.40, 1.91, 0.94, 1.89, 1.58}).orElseThrow();
        assertThat(seven.low()).isEqualTo(1.33);
        assertThat(seven.high()).isEqualTo(1.91);
        assertThat(seven.confidence()).isEqualTo(0.875);
        // Five: nothing narrower than the extremes reaches 80% (the 2nd and 4th give 62.5%).
        Report.Interval five = Report.medianInterval(new double[] {5, 1, Double.NaN, 4, 2, 3}).orElseThrow();
        assertThat(five.low()).isEqualTo(1);
        assertThat(five.high()).isEqualTo(5);
        assertThat(five.confidence()).isEqualTo(0.9375);
        // Three values can give 75% at most.
        assertThat(Report.medianInterval(new double[] {1, 2, 3})).isEmpty();
        assertThat(seven.holds(1.5)).isTrue();
        assertThat(seven.holds(1.0)).isFalse();
        assertThat(seven.holds(2.0)).isFalse();
    }

    @Test
    void a_target_whose_interval_holds_its_limit_says_this_run_cannot_tell() {
        Report report = new Report();
        double[] step = {1.33, 2.21, 1.40, 1.91, 0.94, 1.89, 1.58};
        double[] verify = {0.19, 0.18, 0.21, 0.21, 0.19, 0.19, 0.27};
        for (int rep = 0; rep < 7; rep++) {
            report.add("step", new Sample(1000, (long) Math.round(step[rep] * 1000), 1000));
            report.add("verify", new Sample(1000, (long) Math.round(verify[rep] * 1000), 1000));
        }
        report.target("step", report.perRepetition("step", i -> report.cpu("step", i)), "x", "<=", 1.5);
        report.target("verify", report.perRepetition("verify", i -> report.cpu("verify", i)), "x", "<=", 0.25);
        assertThat(report.render())
                .contains("[NOT MET] step")
                .contains("the median between 1.33 and 1.91 at 87.5% confidence, which holds the target: this run cannot tell; median of 1.33")
                .contains("the median between 0.19 and 0.21 at 87.5% confidence; median of 0.19");
    }

    @Test
    void a_figure_measured_in_fewer_rounds_than_the_logins_takes_its_median_over_its_own_rounds() {
        Report report = new Report();
        for (int rep = 0; rep < 5; rep++) {
            report.add("login", new Sample(100, 300, 1000));
        }
        // Three rounds of each purge; the second round's larger purge was not measured (NaN).
        report.add("few", new Sample(1000, 60, 1000));
        report.add("many", new Sample(4000, 480, 1000));
        report.add("few", new Sample(1000, 50, 1000));
        report.add("many", new Sample(0, 0, 0));
        report.add("few", new Sample(1000, 100, 1000));
        report.add("many", new Sample(4000, 200, 1000));
        double flat = report.perRepetitionOf("many", "many / few", i -> report.cpu("many", i) / report.cpu("few", i));
        // Rounds 2.00, NaN and 0.50: the median of the measured pairs, never of the logins' five.
        assertThat(flat).isEqualTo(1.25);
        report.target("many / few", flat, "x", "<=", 1.25);
        assertThat(report.render()).contains("[met] many / few").contains("median of 2.00 NaN 0.50\n".translateEscapes());
    }

    @Test
    void a_marking_cycle_is_spread_over_the_repetitions_of_the_operation_it_landed_in() {
        Report report = new Report();
        // 100 operations of 2 CPU-ms each, and one marking cycle of 90 ms in the second run.
        report.add("op", new Sample(100, 200, 1000, 0));
        report.add("op", new Sample(100, 290, 1000, 90));
        report.add("op", new Sample(100, 200, 1000, 0));
        report.add("other", new Sample(100, 100, 1000, 0));

        assertThat(report.cpu("op", 1)).isEqualTo(2.9);
        assertThat(report.cpuWithEvenGc("op", 0)).isCloseTo(2.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.cpuWithEvenGc("op", 1)).isCloseTo(2.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.cpuWithEvenGc("other", 0)).isEqualTo(1.0);
        assertThat(report.cpuWithEvenGc("op", 3)).isNaN();

        report.readingsTitle("readings:");
        assertThat(report.reading("op / other", i -> report.cpuWithEvenGc("op", i) / report.cpuWithEvenGc("other", i)))
                .isCloseTo(2.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.render()).contains("of which G1's concurrent marking: op").contains(" 0.00 0.90 0.00")
                .doesNotContain("of which G1's concurrent marking: other").contains("readings:").contains("op / other");
    }

    @Test
    void an_operations_cpu_by_thread_adds_up_over_its_runs_per_operation() {
        // Thread 3 (a pool's idle thread) ends during the second run: its CPU so far must not count against its group.
        java.util.Map<String, Long> first = java.util.Map.of("1|executor-thread-#", 60L, "3|executor-thread-#", 40L, "2|GC Thread##", 10L);
        java.util.Map<String, Long> second = java.util.Map.of("1|executor-thread-#", 260L, "3|executor-thread-#", 40L,
                "2|GC Thread##", 30L, "4|G# Conc##", 5L);
        java.util.Map<String, Long> third = java.util.Map.of("1|executor-thread-#", 460L, "2|GC Thread##", 30L, "4|G# Conc##", 90L);
        assertThat(ProcessCpu.groupDelta(second, third)).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("executor-thread-#", 200L, "GC Thread##", 0L, "G# Conc##", 85L));
        Report report = new Report();
        report.addThreads("op", ProcessCpu.groupDelta(first, second), 100);
        report.addThreads("op", ProcessCpu.groupDelta(second, third), 100);

        assertThat(report.byThread("op")).isEqualTo("executor-thread-# 2.00; G# Conc## 0.45; GC Thread## 0.10");
        assertThat(report.byThread("other")).isEmpty();
        assertThat(report.render()).contains("by thread, CPU-ms per operation: op");
    }

    @Test
    void g1s_concurrent_threads_are_told_from_the_others() {
        assertThat(ProcessCpu.isConcurrentGcThread("4242 (G1 Conc#0) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isConcurrentGcThread("4243 (G1 Main Marker) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isConcurrentGcThread("4244 (G1 Refine#0) S 1 2 3")).isTrue();
        assertThat(ProcessCpu.isConcurrentGcThread("4245 (GC Thread#0) S 1 2 3")).isFalse();
        assertThat(ProcessCpu.isConcurrentGcThread("4246 (executor-thread-1) S 1 2 3")).isFalse();
    }

    @Test
    void the_slices_of_a_repetition_add_up_to_one_sample() {
        Sample whole = new Sample(100, 300, 1000, 10).plus(new Sample(50, 250, 500, 5));
        assertThat(whole).isEqualTo(new Sample(150, 550, 1500, 15));
        assertThat(whole.cpuMillisPerOperation()).isCloseTo(3.667, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void the_stub_finds_the_pin_at_the_end_of_the_text() {
        assertThat(WebhookStub.pinIn("Your PIN is 042137")).isEqualTo("042137");
        assertThat(WebhookStub.pinIn("Code 12 for you: 987654.")).isEqualTo("987654");
        assertThat(WebhookStub.pinIn("no digits")).isNull();
    }

    @Test
    void secure_cookies_are_kept_and_expired_ones_dropped() {
        FormLogin.Cookies cookies = new FormLogin.Cookies();
        cookies.remember("AUTH_SESSION_ID=abc.node; Version=1; Path=/realms/r/; SameSite=None; Secure; HttpOnly");
        cookies.remember("KC_RESTART=xyz; Path=/realms/r/; HttpOnly");
        cookies.remember("KC_RESTART=; Max-Age=0; Path=/realms/r/");
        assertThat(cookies.values()).containsExactly(java.util.Map.entry("AUTH_SESSION_ID", "abc.node"));
    }

    @Test
    void realm_ids_are_32_hex_digits_with_the_template_next() {
        assertThat(BenchRealms.LOGIN_APP).hasSize(32).matches("[0-9A-F]{32}");
        assertThat(BenchRealms.templateOf(BenchRealms.API_APP)).isEqualTo("BE000000000000000000000000000012");
        assertThat(BenchRealms.phoneOf(3, true)).isEqualTo("+41780001003").startsWith("+" + WebhookStub.SLOW_PREFIX);
    }

    @Test
    void a_profile_sample_counts_to_the_first_part_on_its_stack_and_the_rest_to_everything_else() {
        List<ProfileBreakdown.Part> parts = List.of(new ProfileBreakdown.Part("limits", "a.Limiter.admit"),
                new ProfileBreakdown.Part("step", "a.Step.authenticate", "a.Step.action"));
        List<List<String>> stacks = List.of(
                List.of("h2.Store.write", "a.Limiter.admit", "a.Step.authenticate"), // both parts: the first takes it
                List.of("a.Step.action", "k.Flow.run"),
                List.of("k.Flow.run"),
                List.of("a.Limiter.admitted", "k.Flow.run")); // another method of the same class is not the part's
        Map<String, Double> shares = ProfileBreakdown.shares(stacks, parts);
        assertThat(shares).containsExactly(Map.entry("limits", 0.25), Map.entry("step", 0.25),
                Map.entry(ProfileBreakdown.OTHER, 0.5));
        assertThat(ProfileBreakdown.firstParts(shares, 1, 8.0)).isEqualTo(2.0);
        assertThat(ProfileBreakdown.firstParts(shares, 2, 8.0)).isEqualTo(4.0);
        assertThat(ProfileBreakdown.lines(shares, 8.0)).containsExactly("    2.00 CPU-ms   25.0%  limits",
                "    2.00 CPU-ms   25.0%  step", "    4.00 CPU-ms   50.0%  " + ProfileBreakdown.OTHER);
    }

    @Test
    void every_method_a_profile_part_names_exists_so_a_rename_cannot_empty_a_part_unnoticed() throws Exception {
        List<ProfileBreakdown.Part> all = new java.util.ArrayList<>(ProfileBreakdown.PIN_STEP);
        all.addAll(ProfileBreakdown.OTP_STEP);
        for (ProfileBreakdown.Part part : all) {
            for (String method : part.methods()) {
                int dot = method.lastIndexOf('.');
                Class<?> type = Class.forName(method.substring(0, dot));
                String name = method.substring(dot + 1);
                assertThat(java.util.Arrays.stream(type.getDeclaredMethods()).map(java.lang.reflect.Method::getName))
                        .as(method).contains(name);
            }
        }
        // "the PIN step's limits together" adds up the first parts: exactly the limits' code, not the delivery.
        assertThat(ProfileBreakdown.PIN_STEP.subList(0, ProfileBreakdown.PIN_STEP_LIMITS).stream()
                .flatMap(part -> part.methods().stream()).map(m -> m.substring(m.lastIndexOf('.', m.lastIndexOf('.') - 1) + 1)))
                .containsExactly("JpaRateLimiter.admit", "ClaimedPlaces.tryAcquire", "JpaRateLimiter.tryAcquireAllIfReady",
                        "AccountPinBudget.prepare");
    }
}
