package io.chainwatch.alerts;

/** Where metric rules read their series from, once per evaluation; see {@link MicrometerSeriesSource}. */
@FunctionalInterface
public interface SeriesSource {
    /** Adds the current value of every series to {@code into} (already cleared). Called on the evaluation thread. */
    void collect(SeriesSnapshot into);
}
