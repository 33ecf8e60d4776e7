package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.core.config.AlertChannelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ConsoleChannelTest {
    @Test
    void printsOneReadableLinePerAlert() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleChannel channel = new ConsoleChannel("out", new PrintStream(bytes, true, StandardCharsets.UTF_8), AlertChannelConfig.Format.TEXT);
        assertThat(channel.deliver(Samples.two("out"))).isEqualTo(new Delivery.Delivered("2 lines printed"));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "2025-03-01T12:00:00Z FIRING CRITICAL EndpointBenched: rpc-a is benched after <5> errors & timeouts "
                        + "{chain=eth, endpoint=rpc-a} fp=3fa1c0de",
                "2025-03-01T12:05:00Z RESOLVED WARNING StreamLag: ingest lag above 10 s {chain=eth, stage=ingest} "
                        + "resolved: orphaned by reorg at block 123 fp=77ab12ef");
    }

    @Test
    void inJsonEachAlertIsTheObjectTheFileChannelWrites() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleChannel channel = new ConsoleChannel("out", new PrintStream(bytes, true, StandardCharsets.UTF_8), AlertChannelConfig.Format.JSON);
        assertThat(channel.deliver(Samples.two("out"))).isEqualTo(new Delivery.Delivered("2 lines printed"));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("channel").asText()).isEqualTo("out");
        assertThat(first.path("status").asText()).isEqualTo("firing");
        assertThat(first.path("severity").asText()).isEqualTo("critical");
        assertThat(first.path("name").asText()).isEqualTo("EndpointBenched");
        assertThat(first.path("fingerprint").asText()).isEqualTo("3fa1c0de");
        assertThat(first.path("labels").path("endpoint").asText()).isEqualTo("rpc-a");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("status").asText()).isEqualTo("resolved");
        assertThat(second.path("resolvedReason").asText()).isEqualTo("orphaned by reorg at block 123");
        assertThat(second.path("endsAt").asText()).isEqualTo("2025-03-01T12:05:00Z");
    }

    @Test
    void aBrokenStreamIsAFailedDelivery() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("closed");
            }
        }, true, StandardCharsets.UTF_8);
        Delivery d = new ConsoleChannel("out", broken, AlertChannelConfig.Format.TEXT).deliver(Samples.two("out"));
        assertThat(d).isInstanceOf(Delivery.Failed.class);
    }
}
