package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One HTTP attempt for a channel: sends, reads at most {@link #MAX_ANSWER_BYTES} of the answer, and turns
 * what happened into a {@link Delivery}, with every text passed through the channel's {@link Scrubber}.
 * Owns its {@link HttpClient}; safe for concurrent use.
 */
final class HttpSender implements AutoCloseable {
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_REASON_CHARS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(HttpSender.class);

    /** What the provider answered. */
    record Answer(int status, HttpHeaders headers, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The provider-specific reading of an answer. */
    @FunctionalInterface
    interface AnswerReader {
        Delivery read(Answer answer);
    }

    private final String channel;
    private final Duration timeout;
    private final InstantSource clock;
    private final Scrubber scrubber;
    private final HttpClient client;

    HttpSender(String channel, long timeoutMs, InstantSource clock, Scrubber scrubber) {
        this.channel = channel;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.clock = clock;
        this.scrubber = scrubber;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A request to {@code uri} with the timeout and the headers every channel sends. */
    HttpRequest.Builder request(URI uri, String contentType) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                .header("User-Agent", "chainwatch-alerts");
    }

    Delivery send(HttpRequest request, AnswerReader reader) {
        Delivery d;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            }
            d = reader.read(new Answer(response.statusCode(), response.headers(), body));
        } catch (HttpTimeoutException e) {
            d = new Delivery.Failed("no answer within " + timeout.toMillis() + " ms", true, Optional.empty());
        } catch (IOException e) {
            d = new Delivery.Failed("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d = new Delivery.Failed("interrupted before the answer came", true, Optional.empty());
        }
        d = clean(d);
        if (d instanceof Delivery.Failed f) {
            LOG.debug("alert channel {}: delivery failed: {}", channel, f.reason());
        }
        return d;
    }

    /**
     * The common reading: 2xx delivered; 429, 408 and 5xx worth another try (after {@code retryAfter}, or
     * the Retry-After header); any other status is a request the provider will keep refusing.
     */
    Delivery byStatus(Answer a, String providerMessage, Optional<Duration> retryAfter) {
        if (a.ok()) {
            return new Delivery.Delivered("HTTP " + a.status());
        }
        boolean retryable = a.status() == 429 || a.status() == 408 || a.status() / 100 == 5;
        Optional<Duration> after = retryAfter.isPresent() ? retryAfter : retryAfterHeader(a.headers());
        String message = providerMessage == null || providerMessage.isBlank() ? "" : ": " + AlertText.oneLine(providerMessage);
        return new Delivery.Failed("HTTP " + a.status() + message, retryable, retryable ? after : Optional.empty());
    }

    /** Retry-After as seconds or as an HTTP date. */
    Optional<Duration> retryAfterHeader(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After").map(String::trim);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Seconds as a provider writes them in JSON (Discord: 0.5, Telegram: 5) as a duration. */
    static Optional<Duration> seconds(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || !n.isNumber() || n.asDouble() < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(n.asDouble() * 1000)));
    }

    private Delivery clean(Delivery d) {
        return switch (d) {
            case Delivery.Delivered ok -> new Delivery.Delivered(AlertText.cut(scrubber.clean(ok.detail()), MAX_REASON_CHARS));
            case Delivery.Failed f -> new Delivery.Failed(AlertText.cut(scrubber.clean(f.reason()), MAX_REASON_CHARS), f.retryable(),
                    f.retryAfter());
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
