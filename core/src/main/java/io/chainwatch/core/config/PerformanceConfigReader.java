package io.chainwatch.core.config;

/** Reads and checks the {@code performance:} section; the defaults of {@link PerformanceConfig#DEFAULTS} where a key is absent. */
final class PerformanceConfigReader {
    private static final String DURATION = "a duration such as 10000, 10000ms or 10s";
    private static final long DAY_MS = 86_400_000L;

    private PerformanceConfigReader() {
    }

    static PerformanceConfig read(ConfigNode n) {
        PerformanceConfig d = PerformanceConfig.DEFAULTS;
        long sample = duration(n, "sampleInterval", d.sampleIntervalMs(), 1_000, 3_600_000);
        long stall = duration(n, "stallAfter", d.stallAfterMs(), 1_000, 3_600_000);
        if (stall < sample) {
            throw new ConfigException(n.keyPath("stallAfter"), "got " + stall + " ms, allowed at least the sampleInterval (" + sample
                    + " ms): a stall is seen between two samples");
        }
        PerformanceConfig.Targets targets = targets(n.object("targets"));
        PerformanceConfig.Retention retention = retention(n.object("retention"), sample);
        n.rejectUnknownKeys();
        return new PerformanceConfig(sample, stall, targets, retention);
    }

    private static PerformanceConfig.Targets targets(ConfigNode t) {
        PerformanceConfig.Targets d = PerformanceConfig.Targets.DEFAULTS;
        PerformanceConfig.Targets out = new PerformanceConfig.Targets(
                t.doubleValue("minEventsPerSecond", d.minEventsPerSecond(), 0, 1e9),
                t.doubleValue("maxP99LatencyMs", d.maxP99LatencyMs(), 0.001, 3_600_000),
                t.doubleValue("maxErrorRate", d.maxErrorRate(), 0, 1),
                t.doubleValue("minSlotCoverage", d.minSlotCoverage(), 0, 1),
                t.longValue("maxMemoryMb", d.maxMemoryBytes() >> 20, 1, 1L << 24) << 20,
                t.doubleValue("maxCpuShare", d.maxCpuShare(), 0.001, 1),
                t.doubleValue("warnMargin", d.warnMargin(), 0, 0.9));
        t.rejectUnknownKeys();
        return out;
    }

    private static PerformanceConfig.Retention retention(ConfigNode r, long sampleMs) {
        PerformanceConfig.Retention d = PerformanceConfig.Retention.DEFAULTS;
        long raw = duration(r, "raw", d.rawMs(), Math.max(60_000, sampleMs), 365 * DAY_MS);
        long minute = duration(r, "minute", d.minuteMs(), 3_600_000, 5 * 365 * DAY_MS);
        long hour = duration(r, "hour", d.hourMs(), DAY_MS, 20 * 365 * DAY_MS);
        r.rejectUnknownKeys();
        return new PerformanceConfig.Retention(raw, minute, hour);
    }

    /** A duration in ms ({@code 10s}, {@code 5000ms}, {@code 5000}, and {@code 24h} or {@code 7d}), {@code min} to {@code max}. */
    private static long duration(ConfigNode n, String key, long fallback, long min, long max) {
        Long ms = n.parsed(key, null, PerformanceConfigReader::ms, DURATION + ", 24h or 7d");
        long v = ms == null ? fallback : ms;
        if (v < min || v > max) {
            throw new ConfigException(n.keyPath(key), "got " + v + " ms, allowed " + min + " to " + max + " ms");
        }
        return v;
    }

    private static long ms(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("d")) {
            return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1).trim()), DAY_MS);
        }
        if (t.endsWith("h")) {
            return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1).trim()), 3_600_000L);
        }
        return ConfigLoader.durationMs(t);
    }
}
