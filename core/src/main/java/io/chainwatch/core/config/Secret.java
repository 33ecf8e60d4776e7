package io.chainwatch.core.config;

import java.util.Objects;

/**
 * A credential read from the environment: a token, a password, a webhook URL (which holds its token in
 * the path). It prints as {@code ***} wherever it goes ({@code toString}, records that hold it), so only
 * the code that sends it to its provider, through {@link #reveal()}, ever sees the value.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException when {@code value} is blank; the message never holds it */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The value itself, for the one place that hands it to the provider; never log it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "***";
    }
}
