package io.chainwatch.market.pump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3: one million tracked curves fit in 1 GB of heap. Shown in a child JVM capped at exactly that. */
@Timeout(120)
class CurveBookMemoryTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aMillionCurvesWithTradesFitInAOneGigabyteHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-Xms1g", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                CurveBookMemoryProbe.class.getName(), "1000000")
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(100, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        System.out.println("memory probe: " + output.strip());

        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("curves=(\\d+) usedHeapBytes=(\\d+) maxHeapBytes=(\\d+) tableBytes=(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        long used = Long.parseLong(m.group(2));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(1_000_000);
        assertThat(Long.parseLong(m.group(3))).isLessThanOrEqualTo(1024 * MIB);
        // The table is 304 bytes a curve plus its index; everything else (classes, JIT, JUnit-free runtime) is small.
        assertThat(used).as("heap in use after GC with 1M curves: %d MiB", used / MIB).isLessThan(512 * MIB);
        assertThat(List.of(output.split("\\R"))).hasSizeLessThan(5);
    }
}
