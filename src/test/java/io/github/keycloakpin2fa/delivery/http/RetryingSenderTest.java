package io.github.keycloakpin2fa.delivery.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.delivery.LogCapture;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry rules alone, over a scripted transport. */
class RetryingSenderTest {

    static final HttpCall CALL = HttpCall.of("POST", URI.create("http://127.0.0.1:1/x"), Map.of(), "text/plain", "PIN 4821");

    final RecordingSleeper sleeper = new RecordingSleeper();
    final Deque<Object> script = new ArrayDeque<>();
    final List<Duration> readTimeouts = new ArrayList<>();
    final HttpTransport transport = (call, connect, read) -> {
        readTimeouts.add(read);
        Object next = script.removeFirst();
        if (next instanceof TransportException e) {
            throw e;
        }
        return (HttpAnswer) next;
    };

    DeliveryResult send(HttpSettings settings) {
        return new RetryingSender(transport, settings, "test", sleeper::nanoTime, sleeper)
                .send(CALL, a -> a.isSuccess() ? DeliveryResult.accepted("id") : DeliveryResult.rejected("vendor said no"));
    }

    @Test
    void a_503_is_retried_after_the_back_off_when_it_names_no_retry_after() {
        script.add(new HttpAnswer(503, Map.of(), ""));
        script.add(new HttpAnswer(200, Map.of(), ""));

        assertThat(send(HttpSettings.DEFAULTS)).isEqualTo(DeliveryResult.accepted("id"));
        assertThat(sleeper.waits()).containsExactly(RetryingSender.FIRST_BACKOFF);
    }

    @Test
    void a_failed_attempt_is_logged_at_info_and_an_answered_one_only_at_debug() {
        script.add(new HttpAnswer(503, Map.of(), ""));
        script.add(new HttpAnswer(200, Map.of(), ""));
        List<LogCapture.Line> lines = LogCapture.of(RetryingSender.class, () -> send(HttpSettings.DEFAULTS));

        assertThat(lines).extracting(LogCapture.Line::atInfoOrAbove).containsExactly(true, false);
        assertThat(lines.get(0).text()).contains("attempt 1 of", "HTTP 503");
        assertThat(lines.get(1).text()).contains("attempt 2 of", "HTTP 200");
    }

    @Test
    void retry_after_may_be_an_http_date() {
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        Duration wait = RetryingSender.retryAfter(new HttpAnswer(429, Map.of("Retry-After", inThreeSeconds), "")).orElseThrow();

        assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @Test
    void attempts_stop_at_max_attempts_and_the_last_refusal_says_why() {
        for (int i = 0; i < 3; i++) {
            script.add(new TransportException("not sent: HttpHostConnectException", false, null));
        }

        DeliveryResult result = send(new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 3));

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).isEqualTo("not sent: HttpHostConnectException");
        assertThat(script).isEmpty();
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void the_budget_bounds_back_off_and_clips_the_read_timeout_of_a_late_attempt() {
        script.add(new TransportException("not sent: ConnectTimeoutException", false, null));
        script.add(new TransportException("not sent: ConnectTimeoutException", false, null));

        DeliveryResult result = send(new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(600), 5));

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250));
        assertThat(readTimeouts.get(1)).isLessThanOrEqualTo(Duration.ofMillis(350));
    }

    @Test
    void no_answer_after_writing_is_unknown_and_ends_the_attempts() {
        script.add(new TransportException("no answer: NoHttpResponseException", true, null));

        DeliveryResult result = send(HttpSettings.DEFAULTS);

        assertThat(result.status()).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void a_call_never_shows_its_body_or_headers() {
        HttpCall call = HttpCall.of("POST", URI.create("https://api.example.org/sms?x=1"), Map.of("Authorization", "App k"),
                "application/json", "{\"text\": \"4821\"}");

        assertThat(call.toString()).isEqualTo("POST https://api.example.org/sms");
    }
}
