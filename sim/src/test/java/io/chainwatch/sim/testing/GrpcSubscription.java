package io.chainwatch.sim.testing;

import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The client side of one Geyser Subscribe stream in tests, over the generated async stub and a
 * real HTTP/2 connection: it queues what the server sends (bounded; overflow fails the test),
 * counts the server's keep-alive pings instead of queueing them, and records how the stream ended.
 * {@link #sync} sends a ping request and waits for its pong: once it is back, every request sent
 * before it has been handled by the server.
 *
 * <p>Requests may be sent from the test thread only; updates arrive on gRPC's thread. The backlog
 * of updates read past during a sync is the test thread's.
 */
public final class GrpcSubscription implements ClientResponseObserver<SubscribeRequest, SubscribeUpdate>, AutoCloseable {
    private static final int MAX_QUEUED = 100_000;

    private final BlockingQueue<SubscribeUpdate> received = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final AtomicInteger serverPings = new AtomicInteger();
    private final Deque<SubscribeUpdate> backlog = new ArrayDeque<>();
    private final int initialRequests;
    private ClientCallStreamObserver<SubscribeRequest> requests;
    private int nextPingId = 1_000;

    private GrpcSubscription(int initialRequests) {
        this.initialRequests = initialRequests;
    }

    /** A plaintext channel to {@code http://127.0.0.1:port}. */
    public static ManagedChannel channel(URI grpcUrl) {
        return NettyChannelBuilder.forAddress(grpcUrl.getHost(), grpcUrl.getPort()).usePlaintext().build();
    }

    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a stream that reads everything, and sends {@code first}. */
    public static GrpcSubscription open(ManagedChannel channel, SubscribeRequest first) {
        return open(channel, first, -1);
    }

    /** Opens a stream that reads only what {@link #request} asks for, and sends {@code first}. */
    public static GrpcSubscription openWithoutReading(ManagedChannel channel, SubscribeRequest first) {
        return open(channel, first, 0);
    }

    private static GrpcSubscription open(ManagedChannel channel, SubscribeRequest first, int initialRequests) {
        GrpcSubscription s = new GrpcSubscription(initialRequests);
        GeyserGrpc.newStub(channel).subscribe(s);
        s.send(first);
        return s;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        requests = requestStream;
        if (initialRequests >= 0) {
            requestStream.disableAutoRequestWithInitial(initialRequests);
        }
    }

    @Override
    public void onNext(SubscribeUpdate update) {
        if (update.hasPing()) {
            serverPings.incrementAndGet();
            return;
        }
        if (!received.offer(update)) {
            ended.completeExceptionally(new AssertionError("more than " + MAX_QUEUED + " updates queued"));
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

    public void send(SubscribeRequest request) {
        requests.onNext(request);
    }

    /** Asks gRPC for {@code n} more updates (streams opened without reading). */
    public void request(int n) {
        requests.request(n);
    }

    /** Sends a ping request and waits for its pong; updates that came before it stay queued, in order. */
    public void sync(Duration timeout) throws InterruptedException {
        int id = nextPingId++;
        send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
        List<SubscribeUpdate> before = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SubscribeUpdate u = pollQueue(deadline - System.nanoTime());
            if (u == null) {
                throw new AssertionError("no pong " + id + " in " + timeout + ended());
            }
            if (u.hasPong() && u.getPong().getId() == id) {
                break;
            }
            before.add(u);
        }
        backlog.addAll(before); // everything in the backlog came before anything still queued
    }

    /** The next update, or null after {@code timeout}. */
    public SubscribeUpdate poll(Duration timeout) throws InterruptedException {
        SubscribeUpdate b = backlog.pollFirst();
        return b != null ? b : pollQueue(timeout.toNanos());
    }

    /** The next {@code count} updates, in order; fails after {@code timeout}. */
    public List<SubscribeUpdate> take(int count, Duration timeout) throws InterruptedException {
        return takeUntil(new Predicate<>() {
            private int seen;

            @Override
            public boolean test(SubscribeUpdate u) {
                return ++seen == count;
            }
        }, timeout);
    }

    /** Updates up to and including the first that {@code last} accepts; fails after {@code timeout}. */
    public List<SubscribeUpdate> takeUntil(Predicate<SubscribeUpdate> last, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SubscribeUpdate> out = new ArrayList<>();
        while (true) {
            SubscribeUpdate u = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (u == null) {
                throw new AssertionError("the awaited update did not come in " + timeout + " after " + out.size() + " updates" + ended());
            }
            out.add(u);
            if (last.test(u)) {
                return out;
            }
        }
    }

    /** Every update until none comes for {@code quiet}. */
    public List<SubscribeUpdate> drainUntilQuiet(Duration quiet) throws InterruptedException {
        List<SubscribeUpdate> out = new ArrayList<>();
        SubscribeUpdate u;
        while ((u = poll(quiet)) != null) {
            out.add(u);
        }
        return out;
    }

    /** How the stream ended; fails after {@code timeout}. */
    public Status awaitEnd(Duration timeout) throws Exception {
        return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isEnded() {
        return ended.isDone();
    }

    public int serverPings() {
        return serverPings.get();
    }

    /** Cancels the call, as a client that goes away. */
    @Override
    public void close() {
        if (requests != null && !ended.isDone()) {
            requests.cancel("test done", null);
        }
    }

    private SubscribeUpdate pollQueue(long nanos) throws InterruptedException {
        return received.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private String ended() {
        return ended.isDone() && !ended.isCompletedExceptionally() ? "; stream ended: " + ended.join() : "";
    }
}
