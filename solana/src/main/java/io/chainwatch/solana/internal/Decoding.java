package io.chainwatch.solana.internal;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.borsh.BorshReader;

/** Shared ends of the generated record readers. */
public final class Decoding {
    private Decoding() {
    }

    /** {@code value} when the reader met no truncation or invalid byte, else why not, naming the type. */
    public static <T> DecodeResult<T> finish(T value, BorshReader reader, String program, String type, int length) {
        if (reader.ok()) {
            return DecodeResult.decoded(value);
        }
        return DecodeResult.malformed(program + " " + type + " (" + length + " bytes with discriminator): " + reader.failure());
    }

    /** The range check every decoder makes first, so that no index below can fall outside the array. */
    public static boolean inside(byte[] data, int offset, int length) {
        return data != null && offset >= 0 && length >= 0 && offset <= data.length - length;
    }
}
