package io.chainwatch.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token the API's mutating endpoints ask for. Only its SHA-256 digest is kept, so the
 * token itself cannot reach a log line, a {@code toString}, an error or an answer from here; a
 * presented token is digested too and the digests compared in constant time, so neither the
 * comparison's time nor the lengths say how much of a guess was right.
 */
public final class ApiToken {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 1024;

    private final byte[] digest;

    private ApiToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @throws IllegalArgumentException when {@code token} is shorter than {@link #MIN_LENGTH}, longer than
     *                                  {@link #MAX_LENGTH}, or holds anything but visible ASCII; the message never holds the token
     */
    public static ApiToken of(String token) {
        if (token == null || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("need a token of " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, got "
                    + (token == null ? "none" : token.length() + " characters") + " (the token is not printed)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the token may hold only visible ASCII characters (no spaces), found another at position "
                        + i + " (the token is not printed)");
            }
        }
        return new ApiToken(sha256(token));
    }

    /** True when {@code presented} is this token; false for null. Takes the same time whatever was presented. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
