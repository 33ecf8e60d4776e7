package io.chainwatch.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The performance: section: the issue's targets when absent, every key checked when given. */
@Timeout(10)
class PerformanceConfigTest {
    private static ChainwatchConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "test");
    }

    @Test
    void anAbsentSectionGivesTheIssuesTargetsAndRetention() {
        PerformanceConfig p = parse("").performance();
        assertThat(p).isEqualTo(PerformanceConfig.DEFAULTS);
        assertThat(p.sampleIntervalMs()).isEqualTo(10_000);
        assertThat(p.targets().minEventsPerSecond()).isEqualTo(100);
        assertThat(p.targets().maxP99LatencyMs()).isEqualTo(100);
        assertThat(p.targets().maxErrorRate()).isEqualTo(0.01);
        assertThat(p.targets().minSlotCoverage()).isEqualTo(0.999);
        assertThat(p.targets().maxMemoryBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(p.targets().maxCpuShare()).isEqualTo(0.5);
        assertThat(p.retention().rawMs()).isEqualTo(86_400_000L);
    }

    @Test
    void theReadmesPerformanceExampleParsesToTheDefaults() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int start = readme.indexOf("  ```yaml\n  performance:");
        String block = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("  ```\n", start + 10));
        assertThat(parse(block.replaceAll("(?m)^  ", "")).performance()).isEqualTo(PerformanceConfig.DEFAULTS);
    }

    @Test
    void givenValuesAreRead() {
        PerformanceConfig p = parse("""
                performance:
                  sampleInterval: 2s
                  stallAfter: 20s
                  targets: { minEventsPerSecond: 500, maxP99LatencyMs: 50, maxMemoryMb: 512, maxCpuShare: 0.25 }
                  retention: { raw: 2h, minute: 2d, hour: 30d }
                """).performance();
        assertThat(p.sampleIntervalMs()).isEqualTo(2_000);
        assertThat(p.stallAfterMs()).isEqualTo(20_000);
        assertThat(p.targets().minEventsPerSecond()).isEqualTo(500);
        assertThat(p.targets().maxMemoryBytes()).isEqualTo(512L << 20);
        assertThat(p.targets().maxErrorRate()).isEqualTo(0.01);
        assertThat(p.retention()).isEqualTo(new PerformanceConfig.Retention(7_200_000L, 2 * 86_400_000L, 30 * 86_400_000L));
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> parse("performance: { sampleInterval: 10 }"))
                .hasMessageContaining("performance.sampleInterval").hasMessageContaining("10 ms");
        assertThatThrownBy(() -> parse("performance: { sampleInterval: soon }"))
                .hasMessageContaining("performance.sampleInterval").hasMessageContaining("soon");
        assertThatThrownBy(() -> parse("performance: { targets: { maxErrorRate: 1.5 } }"))
                .hasMessageContaining("performance.targets.maxErrorRate").hasMessageContaining("1.5");
        assertThatThrownBy(() -> parse("performance: { stallAfter: 5s }"))
                .hasMessageContaining("performance.stallAfter");
        assertThatThrownBy(() -> parse("performance: { targets: { p99: 3 } }"))
                .hasMessageContaining("performance.targets.p99").hasMessageContaining("unknown key");
    }
}
