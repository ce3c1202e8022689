package io.github.keycloakpin2fa.delivery.http;

import io.github.keycloakpin2fa.delivery.DeliveryMetrics;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Sends one vendor request with the retries that cannot deliver a message twice, within a time
 * budget:
 * <ul>
 * <li>no connection (refused, connect timeout, unknown host): retried after a back-off;</li>
 * <li>HTTP 429 and 503 (the vendor did not take the request): retried after {@code Retry-After}
 * or the back-off, when that wait still fits in the budget;</li>
 * <li>no answer after the request was written (read timeout, reset): {@code UNKNOWN} at once,
 * never retried, since the vendor may be sending the message;</li>
 * <li>any other answer: what the vendor-specific reader makes of it.</li>
 * </ul>
 * Each attempt is logged (method, host and path; never headers or body) and counted.
 */
public final class RetryingSender {

    /** The first back-off; it doubles with each retry. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(RetryingSender.class);

    /** Waits between attempts; tests pass one that only moves their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpTransport transport;
    private final HttpSettings settings;
    private final String providerId;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    public RetryingSender(HttpTransport transport, HttpSettings settings, String providerId) {
        this(transport, settings, providerId, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    public RetryingSender(HttpTransport transport, HttpSettings settings, String providerId, LongSupplier nanoTime,
            Sleeper sleeper) {
        this.transport = transport;
        this.settings = settings;
        this.providerId = providerId;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * Sends {@code call}; {@code reader} turns a final answer (anything but 429 and 503) into the
     * result. It is also asked to describe a 429 or 503, whose result is then a rejection.
     */
    public DeliveryResult send(HttpCall call, Function<HttpAnswer, DeliveryResult> reader) {
        long deadline = nanoTime.getAsLong() + settings.totalTimeout().toNanos();
        DeliveryResult last = DeliveryResult.rejected("no attempt fitted in " + settings.totalTimeout().toMillis() + " ms");
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            long started = nanoTime.getAsLong();
            Duration remaining = Duration.ofNanos(deadline - started);
            if (remaining.isNegative() || remaining.isZero()) {
                return last;
            }
            Duration wait;
            try {
                HttpAnswer answer = transport.send(call, min(settings.connectTimeout(), remaining), min(settings.readTimeout(), remaining));
                log(answer.status() / 100 == 2 ? Logger.Level.DEBUG : Logger.Level.INFO, call, attempt, "HTTP " + answer.status(), started);
                DeliveryMetrics.httpRequest(providerId, String.valueOf(answer.status()));
                if (answer.status() != 429 && answer.status() != 503) {
                    return reader.apply(answer);
                }
                DeliveryResult described = reader.apply(answer);
                last = DeliveryResult.rejected("HTTP " + answer.status()
                        + (described.detail() == null ? "" : ": " + described.detail()));
                wait = retryAfter(answer).orElse(backoff(attempt));
            } catch (TransportException e) {
                log(Logger.Level.INFO, call, attempt, e.getMessage(), started);
                if (e.maybeSent()) {
                    DeliveryMetrics.httpRequest(providerId, "no-answer");
                    return DeliveryResult.unknown(e.getMessage() + " after the request was written; it may have been sent");
                }
                DeliveryMetrics.httpRequest(providerId, "not-sent");
                last = DeliveryResult.rejected(e.getMessage());
                wait = backoff(attempt);
            }
            if (attempt == settings.maxAttempts()) {
                break;
            }
            if (nanoTime.getAsLong() + wait.toNanos() >= deadline) {
                LOG.infof("%s: no retry, waiting %d ms would pass the %d ms budget", providerId, wait.toMillis(),
                        settings.totalTimeout().toMillis());
                break;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return last;
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpAnswer answer) {
        return answer.header("Retry-After").map(String::trim).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static Duration backoff(int attempt) {
        return FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    /**
     * One line per HTTP attempt: at INFO when it failed (what an operator looks for), at DEBUG when
     * the vendor answered 2xx, as Keycloak keeps its own successes out of the INFO log. The line is
     * built only when its level is on: on a busy server it cost 2% of a send.
     */
    private void log(Logger.Level level, HttpCall call, int attempt, String outcome, long started) {
        if (!LOG.isEnabled(level)) {
            return;
        }
        LOG.logf(level, "%s: attempt %d of %d, %s: %s after %d ms", providerId, attempt, settings.maxAttempts(), call,
                outcome,
                Duration.ofNanos(nanoTime.getAsLong() - started).toMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
