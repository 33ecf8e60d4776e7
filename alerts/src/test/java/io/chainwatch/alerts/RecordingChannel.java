package io.chainwatch.alerts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A fake channel standing in for the outside party (Slack, a webhook...): records every notification
 * it is asked to deliver and answers from a script, delivered when the script is empty.
 */
final class RecordingChannel implements AlertChannel {
    private final String name;
    private final List<Notification> received = new ArrayList<>();
    private final Deque<Delivery> script = new ArrayDeque<>();
    private Delivery otherwise = new Delivery.Delivered("HTTP 200");

    RecordingChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Delivery deliver(Notification notification) {
        received.add(notification);
        Delivery next = script.poll();
        return next == null ? otherwise : next;
    }

    synchronized void answer(Delivery... next) {
        script.addAll(List.of(next));
    }

    /** Answers with {@code d} once the script is used up. */
    synchronized void always(Delivery d) {
        otherwise = d;
    }

    synchronized List<Notification> received() {
        return List.copyOf(received);
    }

    static Delivery.Failed failed(String reason, boolean retryable) {
        return new Delivery.Failed(reason, retryable, Optional.empty());
    }
}
