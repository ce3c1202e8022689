package io.github.keycloakpin2fa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an operation's CPU goes, read from a Java Flight Recorder file of the server: each
 * execution sample is counted to the first part (in the order given) that has one of its methods
 * on the sample's stack, and a part's share of all samples, times the operation's CPU-ms measured
 * without the recorder, estimates that part's CPU-ms per operation. The recorder slows the server
 * down, so the shares are what carries over, not the recording's own CPU figures. The recorder
 * samples Java threads only: the garbage collector's and the JIT compiler's CPU, in the measured
 * figure too, is spread over the parts in proportion to their samples.
 */
public final class ProfileBreakdown {

    /**
     * One part of an operation.
     *
     * @param name how it is reported
     * @param methods {@code qualified.ClassName.method}; a sample with any of them on its stack
     *     counts to this part, unless an earlier part took it
     */
    public record Part(String name, List<String> methods) {

        public Part(String name, String... methods) {
            this(name, List.of(methods));
        }

        boolean matches(List<String> stack) {
            for (String frame : stack) {
                for (String method : methods) {
                    if (frame.equals(method)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static final String OURS = "io.github.keycloakpin2fa.";
    private static final String LOGIN = OURS + "login.";
    private static final String OTP = "org.keycloak.authentication.authenticators.browser.OTPFormAuthenticator.";

    /** The PIN step's parts; its limits are the first four. */
    public static final List<Part> PIN_STEP = List.of(
            new Part("send: the database's windows and the account's counter", OURS + "storage.jpa.JpaRateLimiter.admit"),
            new Part("send: the session's places (single-use objects)", OURS + "engine.limit.ClaimedPlaces.tryAcquire"),
            new Part("verify: the database's windows", OURS + "storage.jpa.JpaRateLimiter.tryAcquireAllIfReady"),
            new Part("verify: the account's counter", OURS + "service.AccountPinBudget.prepare"),
            new Part("send: the delivery (the webhook call)", OURS + "delivery.DeliveryRouter.deliver"),
            new Part("the PIN page", LOGIN + "PinAuthenticator.page"),
            new Part("the rest of the PIN step's own code", LOGIN + "PinAuthenticator.authenticate",
                    LOGIN + "PinAuthenticator.action"));

    /** How many of {@link #PIN_STEP}'s parts, from the first, are its limits. */
    public static final int PIN_STEP_LIMITS = 4;

    /** Keycloak's OTP step's parts. */
    public static final List<Part> OTP_STEP = List.of(
            new Part("the OTP page", OTP + "createLoginForm"),
            new Part("the OTP check", OTP + "validateOTP"),
            new Part("the rest of the OTP step's own code", OTP + "authenticate", OTP + "action"));

    /** Where the samples no part took are reported. */
    public static final String OTHER = "everything else (Keycloak's login around the step, the first step)";

    /**
     * Each part's share of all samples (0 to 1), in the order given, and the share no part took
     * under {@link #OTHER}.
     *
     * @param stacks each sample's frames as {@code qualified.ClassName.method}, in any order
     */
    public static Map<String, Double> shares(List<List<String>> stacks, List<Part> parts) {
        Map<String, Double> shares = new LinkedHashMap<>();
        parts.forEach(part -> shares.put(part.name(), 0.0));
        shares.put(OTHER, 0.0);
        if (stacks.isEmpty()) {
            return shares;
        }
        double each = 1.0 / stacks.size();
        for (List<String> stack : stacks) {
            String taker = OTHER;
            for (Part part : parts) {
                if (part.matches(stack)) {
                    taker = part.name();
                    break;
                }
            }
            shares.merge(taker, each, Double::sum);
        }
        return shares;
    }

    /** The stacks of the recording's execution samples: Java code running on a CPU. */
    public static List<List<String>> stacks(Path recording) throws IOException {
        List<List<String>> stacks = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                    continue;
                }
                List<String> frames = new ArrayList<>();
                for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                    if (frame.isJavaFrame()) {
                        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                    }
                }
                stacks.add(frames);
            }
        }
        return stacks;
    }

    /**
     * The report's lines: each part's estimated CPU-ms per operation and share, from
     * {@code shares} and the operation's {@code cpuMillis} measured without the recorder.
     */
    public static List<String> lines(Map<String, Double> shares, double cpuMillis) {
        List<String> lines = new ArrayList<>();
        shares.forEach((part, share) -> lines.add(String.format(Locale.ROOT, "  %6.2f CPU-ms  %5.1f%%  %s", share * cpuMillis,
                100 * share, part)));
        return lines;
    }

    /** The CPU-ms per operation of the first {@code count} parts together. */
    public static double firstParts(Map<String, Double> shares, int count, double cpuMillis) {
        return shares.values().stream().limit(count).mapToDouble(Double::doubleValue).sum() * cpuMillis;
    }

    private ProfileBreakdown() {
    }
}
