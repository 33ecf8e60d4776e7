package io.chainwatch.alerts;

import java.util.Arrays;

/**
 * The values of many series at one moment, filled by a {@link SeriesSource} and read by the rules.
 * Reused from one evaluation to the next so that steady evaluation allocates nothing; grows when a
 * source adds more series than it holds.
 *
 * <p>Owned by the evaluation thread; not thread-safe.
 */
public final class SeriesSnapshot {
    private SeriesKey[] keys;
    private double[] values;
    private long[] timesMillis;
    private int size;

    public SeriesSnapshot(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        keys = new SeriesKey[c];
        values = new double[c];
        timesMillis = new long[c];
    }

    /** Adds one sample: {@code key} had {@code value} at {@code timeMillis} (epoch milliseconds). */
    public void add(SeriesKey key, double value, long timeMillis) {
        if (size == keys.length) {
            int c = size * 2;
            keys = Arrays.copyOf(keys, c);
            values = Arrays.copyOf(values, c);
            timesMillis = Arrays.copyOf(timesMillis, c);
        }
        keys[size] = key;
        values[size] = value;
        timesMillis[size] = timeMillis;
        size++;
    }

    public void clear() {
        Arrays.fill(keys, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    public SeriesKey key(int i) {
        return keys[i];
    }

    public double value(int i) {
        return values[i];
    }

    public long timeMillis(int i) {
        return timesMillis[i];
    }
}
