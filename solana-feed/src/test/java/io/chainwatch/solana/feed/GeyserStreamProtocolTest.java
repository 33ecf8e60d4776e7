package io.chainwatch.solana.feed;

import com.google.protobuf.ByteString;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdatePing;
import io.chainwatch.geyser.proto.SubscribeUpdatePong;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.chainwatch.solana.feed.GeyserStreamTest.PROGRAMS;
import static io.chainwatch.solana.feed.GeyserStreamTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GeyserStream}'s side of the protocol, against a scripted Geyser server on loopback: the
 * request and the {@code x-token} header it sends, pings both ways, the slot bookkeeping, how each
 * way of ending maps to a failure kind, the timeouts, and the token kept out of every message.
 */
@Timeout(30)
class GeyserStreamProtocolTest {
    private static final String TOKEN = "s3cr3t-Token_0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Metadata.Key<String> X_TOKEN = Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

    private FakeGeyser server;
    /** Streams that opened, to close after each test (one that failed has closed itself). */
    private final List<GeyserStream> streams = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeGeyser();
    }

    @AfterEach
    void close() throws InterruptedException {
        streams.forEach(GeyserStream::close);
        server.close();
    }

    /** One Subscribe call the fake server took: the requests it read, and a way to answer. */
    static final class Call implements StreamObserver<SubscribeRequest> {
        final ServerCallStreamObserver<SubscribeUpdate> out;
        final LinkedBlockingQueue<SubscribeRequest> requests = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();
        private final AtomicInteger pongsLeft;

        Call(ServerCallStreamObserver<SubscribeUpdate> out, int pongs) {
            this.out = out;
            this.pongsLeft = new AtomicInteger(pongs);
            out.setOnCancelHandler(() -> cancelled.complete(null));
        }

        @Override
        public void onNext(SubscribeRequest r) {
            requests.add(r);
            if (r.hasPing() && pongsLeft.getAndDecrement() > 0) {
                send(SubscribeUpdate.newBuilder().setPong(SubscribeUpdatePong.newBuilder().setId(r.getPing().getId())).build());
            }
        }

        @Override
        public void onError(Throwable t) {
            cancelled.complete(null);
        }

        @Override
        public void onCompleted() {
        }

        synchronized void send(SubscribeUpdate u) {
            out.onNext(u);
        }

        synchronized void fail(Status s) {
            out.onError(s.asRuntimeException());
        }

        synchronized void complete() {
            out.onCompleted();
        }

        SubscribeRequest nextRequest() throws InterruptedException {
            SubscribeRequest r = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("a request from the client").isNotNull();
            return r;
        }
    }

    /** A Geyser server whose Subscribe calls the test answers; it records each call's x-token. */
    static final class FakeGeyser {
        final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
        final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        volatile int pongs = Integer.MAX_VALUE;
        private final Server server;

        FakeGeyser() throws IOException {
            ServerInterceptor captureToken = new ServerInterceptor() {
                @Override
                public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                    String t = headers.get(X_TOKEN);
                    tokens.add(t == null ? "<none>" : t);
                    return next.startCall(call, headers);
                }
            };
            GeyserGrpc.GeyserImplBase service = new GeyserGrpc.GeyserImplBase() {
                @Override
                public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> responses) {
                    Call c = new Call((ServerCallStreamObserver<SubscribeUpdate>) responses, pongs);
                    calls.add(c);
                    return c;
                }
            };
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(service, captureToken)).build().start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getPort());
        }

        Call nextCall() throws InterruptedException {
            Call c = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(c).as("a Subscribe call").isNotNull();
            return c;
        }

        void close() throws InterruptedException {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Endpoint endpoint(long timeoutMs) {
        return GeyserStreamTest.endpoint("fake", server.url(), timeoutMs);
    }

    private CompletableFuture<GeyserStream> open(Endpoint e, String token, Commitment level, long fromSlot, GeyserStreamTest.Recorder r,
                                                 Duration pingEvery) {
        CompletableFuture<GeyserStream> f = GeyserStream.open(e, token, PROGRAMS, level, fromSlot, r, pingEvery);
        f.whenComplete((s, err) -> {
            if (s != null) {
                streams.add(s);
            }
        });
        return f;
    }

    /** Opens a stream at confirmed, answers its handshake, and returns the server's side of the call. */
    private Call opened(Endpoint e, long fromSlot, GeyserStreamTest.Recorder r) throws Exception {
        CompletableFuture<GeyserStream> f = open(e, null, Commitment.CONFIRMED, fromSlot, r, GeyserStream.PING_EVERY);
        Call c = server.nextCall();
        GeyserStream s = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!streams.contains(s)) {
            streams.add(s); // the future's own callback may not have run yet
        }
        c.nextRequest();
        c.nextRequest();
        return c;
    }

    private static SubscribeUpdate slot(long slot, Long parent, SlotStatus status) {
        SubscribeUpdateSlot.Builder s = SubscribeUpdateSlot.newBuilder().setSlot(slot).setStatus(status);
        if (parent != null) {
            s.setParent(parent);
        }
        return SubscribeUpdate.newBuilder().addFilters("slots").setSlot(s).build();
    }

    // ---- the request, the token ---------------------------------------------------------------------

    @Test
    void theTokenTravelsAsXTokenAndTheRequestAsksWhatTheFeedNeeds() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        CompletableFuture<GeyserStream> f = open(endpoint(2_000), TOKEN, Commitment.CONFIRMED, 123, r, GeyserStream.PING_EVERY);
        Call c = server.nextCall();
        SubscribeRequest subscribe = c.nextRequest();
        SubscribeRequest handshake = c.nextRequest();
        GeyserStream s = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(server.tokens).containsExactly(TOKEN);
        assertThat(subscribe.getSlotsMap()).hasSize(1);
        assertThat(subscribe.getSlotsMap().values().iterator().next().hasFilterByCommitment()).isTrue();
        assertThat(subscribe.getSlotsMap().values().iterator().next().getFilterByCommitment()).isFalse();
        assertThat(subscribe.getTransactionsMap()).hasSize(1);
        SubscribeRequestFilterTransactions tx = subscribe.getTransactionsMap().values().iterator().next();
        assertThat(tx.getAccountIncludeList()).containsExactlyElementsOf(PROGRAMS);
        assertThat(tx.hasVote()).isTrue();
        assertThat(tx.getVote()).isFalse();
        assertThat(tx.hasFailed()).as("unset: failed = true would mean failed ones only").isFalse();
        assertThat(subscribe.getCommitment()).isEqualTo(CommitmentLevel.CONFIRMED);
        assertThat(subscribe.getFromSlot()).isEqualTo(123);
        assertThat(subscribe.getAccountsMap()).isEmpty();
        assertThat(subscribe.getBlocksMetaMap()).as("block metas: a slot's transactions are all sent").hasSize(1);
        assertThat(subscribe.hasPing()).isFalse();
        assertThat(handshake.hasPing()).isTrue();
        assertThat(s.resumeFromSlot()).as("before any status: the from_slot asked").isEqualTo(123);
        assertThat(s.toString()).doesNotContain(TOKEN);

        GeyserStreamTest.Recorder live = new GeyserStreamTest.Recorder();
        Call noToken = opened(endpoint(2_000), -1, live);
        assertThat(server.tokens).containsExactly(TOKEN, "<none>");
        assertThat(noToken.requests).isEmpty();
    }

    @Test
    void theTokenIsInNoExceptionMessageEvenWhenTheServerEchoesIt() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Endpoint e = endpoint(2_000);
        CompletableFuture<GeyserStream> f = open(e, TOKEN, Commitment.CONFIRMED, -1, r, GeyserStream.PING_EVERY);
        Call c = server.nextCall();
        GeyserStream s = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        c.fail(Status.UNAUTHENTICATED.withDescription("x-token " + TOKEN + " is not valid"));
        await("onClosed", () -> !r.closed.isEmpty());

        EndpointException cause = r.closed.peek();
        assertThat(cause.getMessage()).doesNotContain(TOKEN).contains("UNAUTHENTICATED", "x-token *** is not valid");
        assertThat(cause.kind()).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(s.toString()).doesNotContain(TOKEN);
        assertThat(e.health().toString()).doesNotContain(TOKEN);
    }

    // ---- pings ------------------------------------------------------------------------------------------

    @Test
    void anAccountWatchAsksForTheOwnersAccountsByTheirFirstBytesAndForSingleAccounts() {
        io.chainwatch.solana.PublicKey owner = io.chainwatch.solana.PublicKey.fromBase58(PROGRAMS.getFirst());
        io.chainwatch.solana.PublicKey single = io.chainwatch.solana.PublicKey.fromBase58("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf");
        byte[] prefix = {0x17, (byte) 0xb7, (byte) 0xf8, 0x37, 0x60, (byte) 0xd8, (byte) 0xac, 0x60};
        SubscribeRequest r = GeyserStream.subscribeRequest(PROGRAMS, new GeyserStream.AccountWatch(owner, prefix, List.of(single)),
                Commitment.CONFIRMED, -1);
        var owned = r.getAccountsMap().get("owned");
        assertThat(owned.getOwnerList()).containsExactly(PROGRAMS.getFirst());
        assertThat(owned.getAccountList()).isEmpty();
        assertThat(owned.getFiltersList()).hasSize(1);
        assertThat(owned.getFilters(0).getMemcmp().getOffset()).isZero();
        assertThat(owned.getFilters(0).getMemcmp().getBytes().toByteArray()).isEqualTo(prefix);
        assertThat(r.getAccountsMap().get("single").getAccountList()).containsExactly(single.toBase58());
    }

    @Test
    void serverPingsAreAnsweredWithAPingRequestAndTheStreamPingsOnItsOwn() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        CompletableFuture<GeyserStream> f = open(endpoint(2_000), null, Commitment.CONFIRMED, -1, r, Duration.ofMillis(50));
        Call c = server.nextCall();
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        c.nextRequest();
        c.nextRequest();

        List<Integer> ids = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
            SubscribeRequest p = c.requests.poll(10, TimeUnit.MILLISECONDS);
            if (p != null) {
                assertThat(p.hasPing()).as("after the subscribe, only pings").isTrue();
                ids.add(p.getPing().getId());
            }
        }
        assertThat(ids).as("a ping every 50 ms for 300 ms").hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();

        GeyserStreamTest.Recorder quiet = new GeyserStreamTest.Recorder();
        Call d = opened(endpoint(2_000), -1, quiet);
        d.send(SubscribeUpdate.newBuilder().setPing(SubscribeUpdatePing.getDefaultInstance()).build());
        SubscribeRequest answer = d.nextRequest();
        assertThat(answer.hasPing()).as("the answer to the server's ping").isTrue();
        assertThat(answer.getSlotsMap()).as("a ping request leaves the filters alone").isEmpty();
        assertThat(quiet.closed).isEmpty();
    }

    // ---- slots --------------------------------------------------------------------------------------

    @Test
    void eachProcessedSlotIsHandedOnOnceWithItsParentAndTheHighestFinalizedSlotAsRoot() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Call c = opened(endpoint(2_000), -1, r);
        GeyserStream s = streams.getFirst();
        c.send(slot(10, 9L, SlotStatus.SLOT_PROCESSED));
        c.send(slot(10, 9L, SlotStatus.SLOT_PROCESSED)); // a repeat
        c.send(slot(8, 7L, SlotStatus.SLOT_CONFIRMED));
        c.send(slot(5, 4L, SlotStatus.SLOT_FINALIZED));
        c.send(slot(3, 2L, SlotStatus.SLOT_FINALIZED)); // late: the root does not go back
        c.send(slot(11, null, SlotStatus.SLOT_PROCESSED));
        c.send(slot(11, 10L, SlotStatus.SLOT_DEAD));
        c.send(slot(13, 12L, SlotStatus.SLOT_FIRST_SHRED_RECEIVED));
        c.send(slot(12, 10L, SlotStatus.SLOT_PROCESSED));
        c.send(slot(9, 8L, SlotStatus.SLOT_CONFIRMED));
        await("three slots", () -> r.slots.size() == 3 && s.resumeFromSlot() == 9);

        assertThat(r.slots).containsExactly(new GeyserStreamTest.Recorder.SlotSeen(10, 9, -1),
                new GeyserStreamTest.Recorder.SlotSeen(11, -1, 5), new GeyserStreamTest.Recorder.SlotSeen(12, 10, 5));
        assertThat(s.lastSlotDelivered()).isEqualTo(12);
        assertThat(s.resumeFromSlot()).as("the newest slot at the stream's level (confirmed)").isEqualTo(9);
        assertThat(s.messages()).isEqualTo(1 + 10); // the pong, then the ten slot updates
        assertThat(r.closed).isEmpty();
    }

    // ---- failures -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} \"{1}\" from_slot {2} is {3}, out of range {4}")
    @CsvSource(delimiter = '|', textBlock = """
            UNAVAILABLE        | endpoint is down                                      | -1 | CLOSED     | false
            DEADLINE_EXCEEDED  | too slow                                              | -1 | TIMEOUT    | false
            RESOURCE_EXHAUSTED | subscriber too slow                                   | -1 | THROTTLED  | false
            CANCELLED          | proxy restarted                                       | -1 | CLOSED     | false
            PERMISSION_DENIED  | not on the plan                                       | -1 | HTTP_ERROR | false
            OUT_OF_RANGE       | broadcast from 5 is not available, last available: 9  |  5 | RPC_ERROR  | true
            INTERNAL           | broadcast from 5 is not available, last available: 9  |  5 | RPC_ERROR  | true
            INTERNAL           | from_slot is not supported                            |  5 | RPC_ERROR  | true
            INVALID_ARGUMENT   | failed to get replay position for slot 5              |  5 | RPC_ERROR  | true
            DATA_LOSS          | gone                                                  |  5 | RPC_ERROR  | true
            INTERNAL           | lagged to send an update                              |  5 | RPC_ERROR  | false
            INTERNAL           | broadcast from 5 is not available, last available: 9  | -1 | RPC_ERROR  | false
            """)
    void eachWayTheServerEndsTheStreamIsToldOnceAsItsKind(Status.Code code, String description, long fromSlot, FailureKind kind,
                                                         boolean outOfRange) throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Endpoint e = endpoint(2_000);
        Call c = opened(e, fromSlot, r);
        c.fail(Status.fromCode(code).withDescription(description));
        await("onClosed", () -> !r.closed.isEmpty());
        Thread.sleep(100);

        assertThat(r.closed).hasSize(1);
        EndpointException cause = r.closed.peek();
        assertThat(cause.kind()).isEqualTo(kind);
        assertThat(GeyserStream.isOutOfRange(cause)).isEqualTo(outOfRange);
        assertThat(cause.getMessage()).contains(code.name(), description);
        assertThat(e.failures(kind)).isEqualTo(1);
        assertThat(streams.getFirst().isOpen()).isFalse();
    }

    @Test
    void theServerEndingTheStreamWithoutAnErrorIsClosed() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Call c = opened(endpoint(2_000), -1, r);
        c.complete();
        await("onClosed", () -> !r.closed.isEmpty());
        assertThat(r.closed).hasSize(1).first().extracting(EndpointException::kind).isEqualTo(FailureKind.CLOSED);
    }

    @Test
    void anUnreadableTransactionUpdateClosesTheStreamAsMalformedNamingTheFieldAndCancelsTheCall() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Call c = opened(endpoint(2_000), -1, r);
        c.send(SubscribeUpdate.newBuilder().setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(77)
                .setTransaction(SubscribeUpdateTransactionInfo.newBuilder().setSignature(ByteString.copyFrom(new byte[10])))).build());
        await("onClosed", () -> !r.closed.isEmpty());
        c.cancelled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        EndpointException cause = r.closed.peek();
        assertThat(cause.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(cause.getMessage()).contains("transaction.transaction.transaction", "missing", "slot 77");
        assertThat(r.transactions).isEmpty();
    }

    @Test
    void noAnswerToTheSubscribeWithinTheEndpointTimeoutFailsTheOpenAsTimeout() throws Exception {
        server.pongs = 0;
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Endpoint e = endpoint(300);
        CompletableFuture<GeyserStream> f = open(e, null, Commitment.CONFIRMED, -1, r, GeyserStream.PING_EVERY);
        Call c = server.nextCall();

        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(EndpointException.class, x -> {
                    assertThat(x.kind()).isEqualTo(FailureKind.TIMEOUT);
                    assertThat(x.getMessage()).contains("no answer to the subscribe in 300 ms");
                });
        await("onClosed", () -> !r.closed.isEmpty());
        c.cancelled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r.closed).hasSize(1);
        assertThat(e.failures(FailureKind.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aStreamThatHearsNothingForThreePingIntervalsIsTimedOut() throws Exception {
        server.pongs = 1; // the handshake only
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        CompletableFuture<GeyserStream> f = open(endpoint(2_000), null, Commitment.CONFIRMED, -1, r, Duration.ofMillis(50));
        Call c = server.nextCall();
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        await("onClosed", () -> !r.closed.isEmpty());
        c.cancelled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        EndpointException cause = r.closed.peek();
        assertThat(cause.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(cause.getMessage()).contains("pings unanswered");
    }

    @Test
    void closeEndsTheCallQuietly() throws Exception {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Call c = opened(endpoint(2_000), -1, r);
        GeyserStream s = streams.getFirst();
        s.close();
        c.cancelled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(100);
        assertThat(s.isOpen()).isFalse();
        assertThat(r.closed).isEmpty();
    }

    // ---- input checks -------------------------------------------------------------------------------

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        GeyserStreamTest.Recorder r = new GeyserStreamTest.Recorder();
        Endpoint e = endpoint(2_000);
        assertThatThrownBy(() -> GeyserStream.open(e, null, List.of(), Commitment.CONFIRMED, -1, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("programs: need at least one");
        assertThatThrownBy(() -> GeyserStream.open(e, null, List.of(PROGRAMS.getFirst(), "not-a-key"), Commitment.CONFIRMED, -1, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("programs[1]", "not-a-key");
        assertThatThrownBy(() -> GeyserStream.open(e, null, PROGRAMS, Commitment.CONFIRMED, -2, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromSlot", "-2");
        Endpoint ws = GeyserStreamTest.endpoint("ws", URI.create("ws://127.0.0.1:1/?api-key=" + TOKEN), 2_000);
        assertThatThrownBy(() -> GeyserStream.open(ws, null, PROGRAMS, Commitment.CONFIRMED, -1, r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://host").hasMessageNotContaining(TOKEN);
        assertThat(server.calls).isEmpty();
    }
}
