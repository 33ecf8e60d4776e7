package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ConsoleChannelTest {
    @Test
    void printsOneReadableLinePerAlert() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleChannel channel = new ConsoleChannel("out", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(channel.deliver(Samples.two("out"))).isEqualTo(new Delivery.Delivered("2 lines printed"));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "2025-03-01T12:00:00Z FIRING CRITICAL EndpointBenched: rpc-a is benched after <5> errors & timeouts "
                        + "{chain=eth, endpoint=rpc-a} fp=3fa1c0de",
                "2025-03-01T12:05:00Z RESOLVED WARNING StreamLag: ingest lag above 10 s {chain=eth, stage=ingest} "
                        + "resolved: orphaned by reorg at block 123 fp=77ab12ef");
    }

    @Test
    void aBrokenStreamIsAFailedDelivery() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("closed");
            }
        }, true, StandardCharsets.UTF_8);
        Delivery d = new ConsoleChannel("out", broken).deliver(Samples.two("out"));
        assertThat(d).isInstanceOf(Delivery.Failed.class);
    }
}
