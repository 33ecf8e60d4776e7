package io.chainwatch.solana;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction's log messages as UTF-8 byte ranges: line {@code i} is
 * {@code array(i)[offset(i), offset(i) + length(i))}. A reader of a notification's bytes adds
 * views into them, one array for most lines, so that no line becomes a String; {@link #of} makes
 * one from Strings for the callers that have those. A missing (null) line is an empty one: no
 * parser reads anything from either.
 *
 * <p>Mutable, owned by the one thread that fills and reads it; its views are only as good as the
 * arrays they point into, which a reader of a socket's buffer may reuse after its call.
 */
public final class LogLines {
    private static final byte[] EMPTY = {};

    private byte[][] arrays;
    private int[] offsets;
    private int[] lengths;
    private int size;

    /** An empty list with room for {@code capacity} lines before it grows. */
    public LogLines(int capacity) {
        arrays = new byte[Math.max(capacity, 1)][];
        offsets = new int[arrays.length];
        lengths = new int[arrays.length];
    }

    /** The lines' UTF-8 bytes, one array each. */
    public static LogLines of(List<String> lines) {
        LogLines out = new LogLines(lines.size());
        for (String line : lines) {
            if (line == null) {
                out.add(EMPTY, 0, 0);
            } else {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.add(bytes, 0, bytes.length);
            }
        }
        return out;
    }

    /** Appends the line {@code array[offset, offset + length)}; the array is referred to, not copied. */
    public void add(byte[] array, int offset, int length) {
        if (size == arrays.length) {
            arrays = Arrays.copyOf(arrays, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        arrays[size] = array;
        offsets[size] = offset;
        lengths[size] = length;
        size++;
    }

    /** Forgets every line, keeping the room. */
    public void clear() {
        Arrays.fill(arrays, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] array(int i) {
        return arrays[check(i)];
    }

    public int offset(int i) {
        return offsets[check(i)];
    }

    public int length(int i) {
        return lengths[check(i)];
    }

    /** Line {@code i} as a String. */
    public String line(int i) {
        return new String(arrays[check(i)], offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** Every line as a String, for callers that keep the lines past the arrays' life. */
    public List<String> toStrings() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(line(i));
        }
        return out;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("log line " + i + " of " + size);
        }
        return i;
    }

    @Override
    public String toString() {
        return toStrings().toString();
    }
}
