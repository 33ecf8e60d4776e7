package io.chainwatch.systemtest.evm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's launcher, as a user runs it: {@code ./chainwatch ...} from the repository root. */
@Timeout(600)
class LauncherScriptTest {
    private static final Path ROOT = Path.of(System.getProperty("chainwatch.repo.root"));

    private record Result(int code, String out) {
    }

    private static Result run(String... args) throws Exception {
        return runWith(java.util.Map.of(), args);
    }

    private static Result runWith(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("chainwatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(540, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void versionAndHelpWorkThroughTheScript() throws Exception {
        Result version = run("--version");
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).contains("chainwatch ").contains("Java 25");
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("demo", "run");
    }

    /** The README's example, and an option the JVM refuses: the options reach the JVM, not chainwatch's arguments. */
    @Test
    void javaOptionsFromTheEnvironmentReachTheJvm() throws Exception {
        Result fixedHeap = runWith(java.util.Map.of("CHAINWATCH_JAVA_OPTS", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch"), "--version");
        assertThat(fixedHeap.code()).as(fixedHeap.out()).isZero();
        assertThat(fixedHeap.out()).contains("chainwatch ");
        Result refused = runWith(java.util.Map.of("CHAINWATCH_JAVA_OPTS", "-XX:+NoSuchOptionAnywhere"), "--version");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out()).contains("NoSuchOptionAnywhere");
    }

    @Test
    void badConfigurationExitsWithTwoAndNamesTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, Files.readString(ROOT.resolve("examples/chainwatch.yaml")).replace("priority: 1", "priority: high"));
        Result r = run("run", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("evm.chains[0].endpoints[0].priority: got 'high'");
    }
}
