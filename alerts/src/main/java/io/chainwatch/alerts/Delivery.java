package io.chainwatch.alerts;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How one delivery attempt ended: expected failures are values, not exceptions. */
public sealed interface Delivery {
    /** The provider took it; {@code detail} says how (for example {@code HTTP 204}), never a secret. */
    record Delivered(String detail) implements Delivery {
        public Delivered {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The provider did not take it.
     *
     * @param reason     what went wrong, never a secret (no token, no webhook URL)
     * @param retryable  whether trying again can help (timeouts, 5xx, 429) or not (400, 401, 404)
     * @param retryAfter how long the provider asked us to wait, when it said
     */
    record Failed(String reason, boolean retryable, Optional<Duration> retryAfter) implements Delivery {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
