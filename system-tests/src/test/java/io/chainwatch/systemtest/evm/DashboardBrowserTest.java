package io.chainwatch.systemtest.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.app.Main;
import io.chainwatch.systemtest.anvil.NodeModules;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's dashboard in a real browser: {@code chainwatch demo} runs, and
 * {@code src/test/js/dashboard.mjs} drives Debian's chromium headless through Playwright (playwright-core,
 * pinned in the root package.json; it downloads no browser). The page loads with its figures, they
 * change while the demo runs, the emergency stop without a token and with a wrong one is refused and
 * the page says so, nothing overflows a 390 px phone, and no request leaves our server. Screenshots of
 * desktop and phone are kept under {@code target/dashboard/}. After the refused clicks trading is still
 * not halted.
 */
@Timeout(240)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void dashboardShowsLiveFiguresRefusesAStopWithoutTheTokenAndFitsAPhone() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (run-tests installs it: apt-get install chromium)").isExecutable();
        Path script = repositoryRoot().resolve("system-tests/src/test/js/dashboard.mjs");
        Path out = Path.of(System.getProperty("chainwatch.test.output", "target"), "dashboard").toAbsolutePath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // PostgreSQL runs as nobody under root
        int port = LoopbackPorts.unused();
        // --duration bounds the demo should the test die; the test ends it sooner by interrupting it.
        Thread demo = Thread.ofPlatform().name("demo").start(() -> Main.execute("demo", "--duration", "600", "--port",
                Integer.toString(port), "--data-dir", dir.resolve("demo").toString()));
        try (ApiClient api = new ApiClient(port)) {
            Awaitility.await("the demo's first decisions").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> !api.get("/api/v1/opportunities?limit=1").json().isEmpty());

            JsonNode result = runScript(script, "http://127.0.0.1:" + port + "/", out);

            assertThat(result.path("failures").isEmpty()).as("the browser run's failures: %s", result.path("failures")).isTrue();
            assertThat(result.path("ok").asBoolean()).isTrue();
            assertThat(result.path("liveChanged").isObject()).as("live figures changed").isTrue();
            for (JsonNode refusal : result.path("refusals")) {
                assertThat(refusal.path("status").asInt()).isEqualTo(401);
                assertThat(refusal.path("shown").asText()).contains("Refused (401");
            }
            assertThat(result.path("refusals")).hasSize(2);
            assertThat(result.path("foreignRequests")).isEmpty();
            assertThat(result.path("phone").path("scrollWidth").asInt()).isLessThanOrEqualTo(390);
            for (String shot : List.of("desktop.png", "desktop-refused.png", "phone.png")) {
                assertThat(out.resolve(shot)).isNotEmptyFile();
            }
            JsonNode risk = api.get("/api/v1/risk").json();
            assertThat(risk.path("state").asText()).as("the refused clicks stopped nothing").isNotEqualTo("HALTED");
            assertThat(risk.path("emergencyStop").asBoolean()).isFalse();
        } finally {
            demo.interrupt();
            demo.join(Duration.ofSeconds(60));
        }
        assertThat(demo.isAlive()).as("the demo stops when interrupted").isFalse();
    }

    /** Runs the Playwright script; its last stdout line is its JSON result, its stderr goes to a file beside the screenshots. */
    private static JsonNode runScript(Path script, String base, Path out) throws Exception {
        Files.createDirectories(out);
        Path stderr = out.resolve("node-stderr.log");
        Process node = new ProcessBuilder("node", script.toString(), base, out.toString(), CHROMIUM.toString())
                .redirectError(stderr.toFile())
                .start();
        node.getOutputStream().close();
        String stdout;
        try {
            if (!node.waitFor(150, TimeUnit.SECONDS)) {
                throw new AssertionError("the browser script did not finish in 150 s; see " + stderr);
            }
            stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            node.destroyForcibly();
        }
        Files.writeString(out.resolve("result.json"), stdout);
        String last = stdout.isEmpty() ? "" : stdout.substring(stdout.lastIndexOf('\n') + 1);
        assertThat(last).as("the script's result (exit %d, stderr in %s)", node.exitValue(), stderr).startsWith("{");
        return ApiClient.JSON.readTree(last);
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty(NodeModules.ROOT_PROPERTY);
        Path start = Path.of(configured != null && !configured.isBlank() ? configured : System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("system-tests/src/test/js/dashboard.mjs"))) {
                return d;
            }
        }
        throw new IllegalStateException("system-tests/src/test/js/dashboard.mjs not found in " + start + " or any parent");
    }
}
