package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One readable line per alert on a {@link PrintStream}:
 * {@code 2025-01-01T00:00:00Z FIRING CRITICAL EndpointBenched: rpc-a is benched {chain=eth, endpoint=rpc-a} fp=3fa1}.
 * The lines of one notification are printed together, under the stream's lock, so two notifications never interleave.
 */
public final class ConsoleChannel implements AlertChannel {
    private final String name;
    private final PrintStream out;

    public ConsoleChannel(String name, PrintStream out) {
        this.name = Objects.requireNonNull(name, "name");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(Notification notification) {
        StringBuilder text = new StringBuilder();
        for (Alert a : notification.alerts()) {
            text.append(Json.time(a.endsAt().orElse(a.startsAt()))).append(' ').append(AlertText.line(a))
                    .append(" fp=").append(a.fingerprint()).append(System.lineSeparator());
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
