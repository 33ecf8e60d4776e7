package io.chainwatch.systemtest.evm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * chainwatch as users run it: {@code java -jar app/target/chainwatch.jar run --config FILE} in its
 * own JVM (the same java as the test's), output to a file under {@code target/chainwatch}. Killing
 * it is a real {@code kill -9}: no shutdown hook, no close, whatever was in flight is lost.
 */
public final class ChildChainwatch implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildChainwatch(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        String root = System.getProperty("chainwatch.repo.root", "..");
        Path jar = Path.of(root, "app", "target", "chainwatch.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -pl app -am package` (system-tests runs after app in the reactor)");
        }
        return jar;
    }

    public static ChildChainwatch start(Path config, String name) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
        Path logDir = Path.of(System.getProperty("chainwatch.test.output", "target"), "chainwatch").toAbsolutePath();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + ProcessHandle.current().pid() + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-jar", jar().toString(), "run", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // Only the file configures it: none of the overrides a developer's shell may carry.
        env.keySet().removeIf(k -> k.startsWith("CHAINWATCH_") || List.of("DATABASE_URL", "API_PORT", "RPC_URL_PRIMARY", "RPC_URL_SECONDARY").contains(k));
        return new ChildChainwatch(pb.start(), log);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** kill -9, and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("chainwatch pid " + process.pid() + " survived kill -9 for 30 s");
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public Path log() {
        return log;
    }

    /** Stops it politely (SIGTERM: the shutdown hook closes chainwatch), then hard. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
