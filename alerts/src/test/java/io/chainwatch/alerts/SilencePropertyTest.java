package io.chainwatch.alerts;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever fires and resolves, in whatever order, a silenced alert is never notified as firing while the silence holds. */
@Timeout(60)
class SilencePropertyTest {
    @Property(tries = 40)
    void noFiringNotificationCarriesASilencedAlert(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 7) Integer> steps,
                                                   @ForAll @IntRange(min = 0, max = 3) int silencedChain) {
        try (Harness h = new Harness("""
                alerts:
                  group: { by: [alertname], wait: 0s, interval: 5s, repeat: 20s }
                  rules: [ { name: Gap, kind: threshold, metric: gap, condition: "> 0" } ]
                """, "slack")) {
            h.manager.createSilence(new Silence.Request(List.of("chain=c" + silencedChain), null, Harness.T0.plus(Duration.ofHours(1)), "prop", ""));
            for (int step : steps) {
                int chain = step % 4;
                h.set("gap", Map.of("chain", "c" + chain), step < 4 ? 1 : 0); // 0-3 fire a chain, 4-7 clear one
                h.at(3);
            }
            for (Notification n : h.delivered("slack")) {
                assertThat(n.alerts()).filteredOn(a -> a.status() == AlertStatus.FIRING)
                        .noneMatch(a -> a.labels().get("chain").equals("c" + silencedChain));
            }
        }
    }
}
