package io.chainwatch.monitor.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Reads figures out of a meter registry by name and tag, and turns cumulative counts into what
 * changed since the last read. Owned by the sampler thread; not thread-safe.
 */
public final class RegistryReader {
    private final MeterRegistry registry;
    private final Map<String, Double> last = new HashMap<>();

    public RegistryReader(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The values of {@code tag} among the meters named {@code name}, sorted. */
    public Set<String> tagValues(String name, String tag) {
        Set<String> out = new TreeSet<>();
        for (Meter m : registry.find(name).meters()) {
            String v = m.getId().getTag(tag);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The sum over the meters named {@code name} whose {@code tag} is {@code value} (every meter of that
     * name when tag is null) of their value: a counter's count, a gauge's value, a timer's count. NaN when there is none.
     */
    public double sum(String name, String tag, String value) {
        double sum = 0;
        boolean any = false;
        for (Meter m : registry.find(name).meters()) {
            if (tag != null && !value.equals(m.getId().getTag(tag))) {
                continue;
            }
            double v = value(m);
            if (!Double.isNaN(v)) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** The meters named {@code name}, for the caller to read tag by tag. */
    public Iterable<Meter> meters(String name) {
        return registry.find(name).meters();
    }

    /**
     * How much {@code cumulative} grew since the last call with the same key; NaN on the first call, or
     * when either is NaN. A cumulative figure that fell (a meter replaced) counts from 0 again.
     */
    public double delta(String key, double cumulative) {
        Double before = last.put(key, cumulative);
        if (before == null || before.isNaN() || Double.isNaN(cumulative)) {
            return Double.NaN;
        }
        return cumulative >= before ? cumulative - before : cumulative;
    }

    /** A meter's one figure: a counter's count, a gauge's value, a timer's count; NaN for other kinds. */
    public static double value(Meter m) {
        return switch (m) {
            case Counter c -> c.count();
            case FunctionCounter c -> c.count();
            case Gauge g -> g.value();
            case Timer t -> t.count();
            default -> Double.NaN;
        };
    }

    /** A timer's total time in milliseconds. */
    public static double totalMs(Timer t) {
        return t.totalTime(TimeUnit.NANOSECONDS) / 1e6;
    }
}
