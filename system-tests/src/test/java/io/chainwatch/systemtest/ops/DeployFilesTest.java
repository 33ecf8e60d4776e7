package io.chainwatch.systemtest.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped Prometheus rules load and behave as their unit tests say; the Grafana dashboard is whole. */
@Timeout(120)
class DeployFilesTest {
    private final Path prometheus = Promtool.deploy().resolve("prometheus");

    @Test
    void theAlertRulesPassPromtoolCheckRules() throws Exception {
        Promtool.Result r = Promtool.run(prometheus, null, "check", "rules", "chainwatch-rules.yml");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void theAlertRulesFireAsTheirUnitTestsExpect() throws Exception {
        Promtool.Result r = Promtool.run(prometheus, null, "test", "rules", "chainwatch-rules.test.yml");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeverityAndASummary() throws Exception {
        String rules = Files.readString(prometheus.resolve("chainwatch-rules.yml"));
        int alerts = rules.split("- alert: ", -1).length - 1;
        assertThat(alerts).isGreaterThanOrEqualTo(8);
        assertThat(rules.split("severity: ", -1).length - 1).isEqualTo(alerts);
        assertThat(rules.split("summary: ", -1).length - 1).isEqualTo(alerts);
    }

    @Test
    void everyDashboardPanelHasAQueryOnThePrometheusDatasource() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Promtool.deploy().resolve("grafana/chainwatch.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("chainwatch");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.path("title").asText());
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
        assertThat(titles).contains("EVM block lag", "Solana slot lag", "Solana slot coverage", "Open gaps", "Endpoint scores",
                "Ingest throughput", "Store writer queue", "Risk state", "Daily loss and its limit", "Opportunities and trades", "JVM memory",
                "GC pauses", "CPU");
    }
}
