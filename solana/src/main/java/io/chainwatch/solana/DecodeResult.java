package io.chainwatch.solana;

/**
 * What a decoder makes of some bytes: a value, bytes that are not one of its types, or bytes that say
 * they are one of its types but do not fit the layout. Decoders return these for every input and
 * throw nothing.
 */
public sealed interface DecodeResult<T> {
    record Decoded<T>(T value) implements DecodeResult<T> {
    }

    /** Not one of ours: another discriminator, another program, or no event tag. */
    record Unknown<T>() implements DecodeResult<T> {
        private static final Unknown<?> INSTANCE = new Unknown<>();
    }

    /** The discriminator says it is ours but the bytes do not fit the layout; {@code reason} says how. */
    record Malformed<T>(String reason) implements DecodeResult<T> {
    }

    /** The one {@link Unknown}: returning it allocates nothing, as most log lines are not ours. */
    @SuppressWarnings("unchecked") // Unknown holds no T
    static <T> DecodeResult<T> unknown() {
        return (DecodeResult<T>) Unknown.INSTANCE;
    }

    static <T> DecodeResult<T> malformed(String reason) {
        return new Malformed<>(reason);
    }

    static <T> DecodeResult<T> decoded(T value) {
        return new Decoded<>(value);
    }

    default boolean isDecoded() {
        return this instanceof Decoded;
    }

    /** The decoded value, or null for {@link Unknown} and {@link Malformed}. */
    default T valueOrNull() {
        return this instanceof Decoded<T>(T value) ? value : null;
    }
}
