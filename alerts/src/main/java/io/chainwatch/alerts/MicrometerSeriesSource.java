package io.chainwatch.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.InstantSource;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of a Micrometer registry as series, named as Prometheus shows them without suffixes:
 * dots become underscores; a gauge or counter is one series of its name; a timer or distribution
 * summary gives {@code name_count}, {@code name_sum} (seconds for a timer) and {@code name_max}. A
 * gauge that reads NaN (its object gone) is left out. Every sample is stamped with the clock's time.
 *
 * <p>Owned by the evaluation thread (it keeps one {@link SeriesKey} per meter); not thread-safe.
 */
public final class MicrometerSeriesSource implements SeriesSource {
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final Map<Meter, SeriesKey[]> keys = new IdentityHashMap<>();

    public MicrometerSeriesSource(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void collect(SeriesSnapshot into) {
        long now = clock.millis();
        List<Meter> meters = registry.getMeters();
        if (keys.size() > 2 * meters.size() + 64) {
            keys.clear(); // meters were removed: forget their keys
        }
        for (Meter m : meters) {
            switch (m) {
                case TimeGauge g -> add(into, m, 0, "", g.value(TimeUnit.SECONDS), now);
                case Gauge g -> add(into, m, 0, "", g.value(), now);
                case Counter c -> add(into, m, 0, "", c.count(), now);
                case FunctionCounter c -> add(into, m, 0, "", c.count(), now);
                case Timer t -> {
                    add(into, m, 0, "_count", t.count(), now);
                    add(into, m, 1, "_sum", t.totalTime(TimeUnit.SECONDS), now);
                    add(into, m, 2, "_max", t.max(TimeUnit.SECONDS), now);
                }
                case DistributionSummary s -> {
                    add(into, m, 0, "_count", s.count(), now);
                    add(into, m, 1, "_sum", s.totalAmount(), now);
                    add(into, m, 2, "_max", s.max(), now);
                }
                default -> {
                    int i = 0;
                    for (Measurement measurement : m.measure()) {
                        add(into, m, i++, "_" + measurement.getStatistic().getTagValueRepresentation(), measurement.getValue(), now);
                    }
                }
            }
        }
    }

    private void add(SeriesSnapshot into, Meter meter, int index, String suffix, double value, long now) {
        if (Double.isNaN(value)) {
            return;
        }
        SeriesKey[] forMeter = keys.get(meter);
        if (forMeter == null || forMeter.length <= index) {
            SeriesKey[] grown = new SeriesKey[Math.max(index + 1, 3)];
            if (forMeter != null) {
                System.arraycopy(forMeter, 0, grown, 0, forMeter.length);
            }
            forMeter = grown;
            keys.put(meter, forMeter);
        }
        SeriesKey key = forMeter[index];
        if (key == null) {
            key = new SeriesKey(meter.getId().getName().replace('.', '_') + suffix, tags(meter.getId().getTagsAsIterable()));
            forMeter[index] = key;
        }
        into.add(key, value, now);
    }

    private static Map<String, String> tags(Iterable<Tag> tags) {
        Map<String, String> out = new TreeMap<>();
        for (Tag t : tags) {
            out.put(t.getKey().replace('.', '_'), t.getValue());
        }
        return out;
    }
}
