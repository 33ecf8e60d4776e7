package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.core.config.AlertChannelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON lines on disk: one object per alert, rotated by size with a bounded number kept, and a torn line from a crash sealed off. */
@Timeout(20)
class FileChannelTest {
    @TempDir
    Path dir;

    private FileChannel channel(Path path, long maxBytes, int keep) {
        return new FileChannel(new AlertChannelConfig.File("log", OptionalInt.empty(), path, maxBytes, keep, true));
    }

    private static List<JsonNode> parsed(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::read).toList();
    }

    @Test
    void writesOneJsonObjectPerAlert() throws IOException {
        Path path = dir.resolve("sub/alerts.jsonl");
        try (FileChannel channel = channel(path, 1 << 20, 3)) {
            assertThat(channel.deliver(Samples.two("log"))).isEqualTo(new Delivery.Delivered("2 lines written"));
        }
        List<JsonNode> lines = parsed(path);
        assertThat(lines).hasSize(2);
        JsonNode firing = lines.getFirst();
        assertThat(firing.path("sentAt").asText()).isEqualTo("2025-03-01T12:06:00Z");
        assertThat(firing.path("channel").asText()).isEqualTo("log");
        assertThat(firing.path("groupKey").asText()).isEqualTo("{}:{chain=\"eth\"}");
        assertThat(firing.path("status").asText()).isEqualTo("firing");
        assertThat(firing.path("severity").asText()).isEqualTo("critical");
        assertThat(firing.path("name").asText()).isEqualTo("EndpointBenched");
        assertThat(firing.path("fingerprint").asText()).isEqualTo("3fa1c0de");
        assertThat(firing.path("labels").path("endpoint").asText()).isEqualTo("rpc-a");
        assertThat(firing.path("annotations").path("summary").asText()).isEqualTo("rpc-a is benched after <5> errors & timeouts");
        assertThat(firing.path("startsAt").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(firing.has("endsAt")).isFalse();
        JsonNode resolved = lines.get(1);
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2025-03-01T12:05:00Z");
        assertThat(resolved.path("resolvedReason").asText()).isEqualTo("orphaned by reorg at block 123");
    }

    @Test
    void rotatesBySizeAndKeepsTheConfiguredNumberOfFiles() throws IOException {
        Path path = dir.resolve("alerts.jsonl");
        try (FileChannel channel = channel(path, 4096, 2)) {
            for (int i = 0; i < 40; i++) {
                assertThat(channel.deliver(Samples.two("log"))).isInstanceOf(Delivery.Delivered.class);
            }
        }
        assertThat(Files.size(path)).isLessThanOrEqualTo(4096);
        assertThat(FileChannel.rotated(path, 1)).exists();
        assertThat(FileChannel.rotated(path, 2)).exists();
        assertThat(FileChannel.rotated(path, 3)).doesNotExist();
        for (Path p : List.of(path, FileChannel.rotated(path, 1), FileChannel.rotated(path, 2))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(4096);
            assertThat(parsed(p)).allSatisfy(line -> assertThat(line.path("fingerprint").isTextual()).isTrue());
            assertThat(Files.readAllLines(p).size() % 2).as("a notification's lines stay in one file").isZero();
        }
    }

    @Test
    void aTornLineLeftByACrashIsSealedSoLaterLinesParse() throws IOException {
        Path path = dir.resolve("alerts.jsonl");
        Files.writeString(path, "{\"sentAt\":\"2025-03-01T12:00:00Z\",\"channel\":\"log\"}\n{\"sentAt\":\"2025-03-01T12:0");
        try (FileChannel channel = channel(path, 1 << 20, 3)) {
            channel.deliver(Samples.two("log"));
        }
        List<String> lines = Files.readAllLines(path);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("{\"sentAt\":\"2025-03-01T12:0");
        assertThat(Json.read(lines.get(2)).path("name").asText()).isEqualTo("EndpointBenched");
        assertThat(Json.read(lines.get(3)).path("name").asText()).isEqualTo("StreamLag");
    }

    @Test
    void appendsToWhatAnEarlierRunWrote() throws IOException {
        Path path = dir.resolve("alerts.jsonl");
        try (FileChannel channel = channel(path, 1 << 20, 3)) {
            channel.deliver(Samples.two("log"));
        }
        try (FileChannel channel = channel(path, 1 << 20, 3)) {
            channel.deliver(Samples.two("log"));
        }
        assertThat(parsed(path)).hasSize(4);
    }
}
