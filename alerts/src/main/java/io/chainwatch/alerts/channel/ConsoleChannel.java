package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One line per alert on a {@link PrintStream}, readable
 * ({@code 2025-01-01T00:00:00Z FIRING CRITICAL EndpointBenched: rpc-a is benched {chain=eth, endpoint=rpc-a} fp=3fa1})
 * or the JSON object the file channel writes, for log shippers that read JSON lines. The lines of one notification are
 * printed together, under the stream's lock, so two notifications never interleave.
 */
public final class ConsoleChannel implements AlertChannel {
    private final String name;
    private final PrintStream out;
    private final AlertChannelConfig.Format format;

    public ConsoleChannel(String name, PrintStream out, AlertChannelConfig.Format format) {
        this.name = Objects.requireNonNull(name, "name");
        this.out = Objects.requireNonNull(out, "out");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(Notification notification) {
        StringBuilder text = new StringBuilder();
        for (Alert a : notification.alerts()) {
            switch (format) {
                case TEXT -> text.append(Json.time(a.endsAt().orElse(a.startsAt()))).append(' ').append(AlertText.line(a))
                        .append(" fp=").append(a.fingerprint());
                case JSON -> text.append(AlertText.jsonLine(notification, a, name));
            }
            text.append(System.lineSeparator());
        }
        out.print(text);
        out.flush();
        if (out.checkError()) {
            return new Delivery.Failed("the stream reported a write error", true, Optional.empty());
        }
        return new Delivery.Delivered(notification.alerts().size() + " lines printed");
    }

    @Override
    public String toString() {
        return "ConsoleChannel[" + name + "]";
    }
}
