package io.chainwatch.geyser;

import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one Subscribe stream in tests, over the generated async stub: it queues what
 * the server sends (bounded; overflow fails the test rather than growing), answers every server
 * ping with a ping request of {@code pingId}, and records how the stream ended.
 *
 * <p>Requests may be sent from the test thread and from gRPC's callback thread, so sends are
 * serialized here: gRPC's request observer is not thread-safe.
 */
final class SubscriptionProbe implements StreamObserver<SubscribeUpdate> {
    private final BlockingQueue<SubscribeUpdate> received = new ArrayBlockingQueue<>(1_000);
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final int pingId;
    private final Object sendLock = new Object();
    private StreamObserver<SubscribeRequest> requests;

    private SubscriptionProbe(int pingId) {
        this.pingId = pingId;
    }

    static SubscriptionProbe open(GeyserGrpc.GeyserStub stub, SubscribeRequest subscription, int pingId) {
        SubscriptionProbe probe = new SubscriptionProbe(pingId);
        synchronized (probe.sendLock) {
            probe.requests = stub.subscribe(probe);
            probe.requests.onNext(subscription);
        }
        return probe;
    }

    @Override
    public void onNext(SubscribeUpdate update) {
        if (!received.offer(update)) {
            ended.completeExceptionally(new AssertionError("more than 1000 updates queued"));
        }
        if (update.hasPing()) {
            send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(pingId)).build());
        }
    }

    @Override
    public void onError(Throwable failure) {
        ended.complete(Status.fromThrowable(failure));
    }

    @Override
    public void onCompleted() {
        ended.complete(Status.OK);
    }

    /** Half-closes: the client will send nothing more. */
    void finish() {
        synchronized (sendLock) {
            requests.onCompleted();
        }
    }

    /** The next {@code count} updates, in the order they came; fails after {@code timeout}. */
    List<SubscribeUpdate> take(int count, Duration timeout) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        List<SubscribeUpdate> updates = new ArrayList<>(count);
        while (updates.size() < count) {
            SubscribeUpdate update = received.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (update == null) {
                throw new AssertionError("got " + updates.size() + " of " + count + " updates in " + timeout
                        + (ended.isDone() ? "; stream ended: " + ended.join() : ""));
            }
            updates.add(update);
        }
        return updates;
    }

    /** How the stream ended (OK when the server completed it); fails after {@code timeout}. */
    Status ended(Duration timeout) throws Exception {
        return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int queued() {
        return received.size();
    }

    private void send(SubscribeRequest request) {
        synchronized (sendLock) {
            requests.onNext(request);
        }
    }
}
