package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilter;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccountsFilterMemcmp;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateAccount;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionFormatException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Yellowstone gRPC (Geyser) Subscribe stream that follows Solana: every slot as the endpoint
 * processes it, with its parent and the endpoint's root, and every whole transaction (meta, logs,
 * inner instructions) that mentions a watched program, at the stream's commitment level. Updates go
 * to the {@link StreamListener} in the order the endpoint sent them.
 *
 * <p><b>The request.</b> One {@code SubscribeRequest}: a {@code slots} filter without
 * {@code filter_by_commitment} (every status of every slot: processed ones give the tip, finalized
 * ones the root), a {@code transactions} filter with {@code account_include} = the programs and
 * {@code vote = false} ({@code failed} is left unset: Yellowstone reads {@code failed = true} as
 * "failed ones only"; the feed skips failed transactions itself), the commitment, and
 * {@code from_slot} when asked. It is followed by a ping request: the first answer of any kind
 * completes {@link #open}'s future.
 *
 * <p><b>Keep-alive.</b> The server's ping updates are answered with a ping request, as Yellowstone's
 * own client does, so that load balancers see the stream in use both ways; the stream also sends a
 * ping request every {@link #PING_EVERY}. A stream that hears nothing, pongs included, for three of
 * its ping intervals is taken as dead (TIMEOUT); so is one whose endpoint does not answer the
 * subscribe within the endpoint's {@code timeoutMs}.
 *
 * <p><b>Failures.</b> The first failure after {@link #open} returned (the server ending the stream
 * with a status or without, an update that does not read, the timeouts above) is recorded on the
 * endpoint and told once through {@link StreamListener#onClosed}, also when it happens before the
 * server answered, in which case {@link #open}'s future fails with the same exception. gRPC status to
 * {@link FailureKind} ({@link GeyserStatus}): UNAVAILABLE is REFUSED when no connection could be made,
 * else CLOSED; DEADLINE_EXCEEDED is TIMEOUT; RESOURCE_EXHAUSTED is THROTTLED (OVERSIZED for an update
 * over our size limit); CANCELLED is CLOSED; UNAUTHENTICATED, PERMISSION_DENIED and UNIMPLEMENTED are
 * HTTP_ERROR (gRPC's 401, 403, 404); a refused {@code from_slot} is RPC_ERROR that
 * {@link #isOutOfRange} recognises; the rest are RPC_ERROR. An unreadable update is MALFORMED. The
 * server's message is kept, with the token taken out. {@link #close} ends the stream quietly.
 *
 * <p><b>Transport.</b> Each stream owns its channel (one HTTP/2 connection), made from the
 * endpoint's URL: {@code http://} is plaintext, {@code https://} TLS. A stream lives until its
 * endpoint fails or the feed moves, and failover opens a new connection anyway, so a shared channel
 * would save one handshake every few seconds at most. The token goes in the {@code x-token} header
 * of the call; it is in no log line, exception message or {@link #toString}.
 *
 * <p><b>Threads.</b> gRPC calls the response handlers one at a time, on its executor; they own the
 * slot bookkeeping and make every listener call. A virtual thread of the stream sends the periodic
 * pings and checks the timeouts; it fails the stream by cancelling the call, so that the failure too
 * reaches the listener from gRPC's handler thread. Requests are sent under a lock (a call's request
 * side is not thread-safe). The counters are volatile, written by the handler thread only.
 *
 * <p>One piece, over 400 lines, because the request side, the handlers and the keep-alive share one
 * call and its end; the channel, the status mapping and the transaction reading are apart
 * ({@link GeyserChannels}, {@link GeyserStatus}, {@link GeyserTransactions}).
 */
public final class GeyserStream implements LiveStream {
    /** How often the stream pings the server on its own. */
    public static final Duration PING_EVERY = Duration.ofSeconds(10);
    /** Pings unanswered (nothing received at all) for this many intervals: the stream is dead. */
    private static final int SILENT_PINGS = 3;
    /** Largest update read: a transaction with its meta is tens of KB; a bigger one is an error. */
    private static final int MAX_UPDATE_BYTES = 16 << 20;
    /** Processed slots remembered to hand each on once. */
    private static final int RECENT_SLOTS = 1_024;

    private final Endpoint endpoint;
    private final String token;
    private final Commitment level;
    private final long fromSlot;
    private final StreamListener listener;
    private final ManagedChannel channel;
    private final Duration pingEvery;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<GeyserStream> opened = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** A failure the keep-alive thread found; it cancels the call, and the handler thread reports this. */
    private final AtomicReference<Abort> abort = new AtomicReference<>();
    private final Object sendLock = new Object();
    private final Thread keepAlive;
    /** Set once, by gRPC, before {@link #start} sends anything. */
    private volatile ClientCallStreamObserver<SubscribeRequest> requests;
    /** Guarded by sendLock. */
    private int nextPingId = 1;
    private volatile long lastReceivedNanos = startNanos;
    private volatile long messages;
    private volatile long lastSlotDelivered = -1;
    private volatile long levelSlot = -1;

    // ---- owned by gRPC's handler thread ---------------------------------------------------------
    private long root = -1;
    private final SequencedSet<Long> recentProcessed = new LinkedHashSet<>();

    private GeyserStream(Endpoint endpoint, String token, Commitment level, long fromSlot, StreamListener listener, Duration pingEvery) {
        this.endpoint = endpoint;
        this.token = token == null || token.isEmpty() ? null : token;
        this.level = level;
        this.fromSlot = fromSlot;
        this.listener = listener;
        this.pingEvery = pingEvery;
        this.channel = GeyserChannels.open(endpoint.config().url(), this.token, MAX_UPDATE_BYTES);
        this.keepAlive = Thread.ofVirtual().name("geyser-keepalive-" + endpoint.id()).unstarted(this::keepAlive);
    }

    private record Abort(FailureKind kind, String message) {
    }

    /**
     * Opens a stream on {@code endpoint} and subscribes.
     *
     * @param token    Yellowstone's {@code x-token}, or null (or empty) when the endpoint needs none
     * @param programs base58 program ids; transactions that mention any of them are handed on
     * @param fromSlot replay from this slot ({@code from_slot}), or -1 to start at the live tip
     * @return completes with the stream when the endpoint first answers; fails as described above
     * @throws IllegalArgumentException for no programs, a program that is not a key, a URL that is not
     *                                  http or https, or a {@code fromSlot} below -1
     */
    public static CompletableFuture<GeyserStream> open(Endpoint endpoint, String token, List<String> programs, Commitment level,
                                                       long fromSlot, StreamListener listener) {
        return open(endpoint, token, programs, null, level, fromSlot, listener, PING_EVERY);
    }

    /**
     * Accounts to follow besides the transactions: those owned by {@code owner} whose data starts
     * with {@code prefix}, and the single {@code accounts}.
     */
    public record AccountWatch(PublicKey owner, byte[] prefix, List<PublicKey> accounts) {
        public AccountWatch {
            Objects.requireNonNull(owner, "owner");
            accounts = List.copyOf(accounts);
        }
    }

    /**
     * As {@link #open(Endpoint, String, List, Commitment, long, StreamListener)}, also following the
     * accounts of {@code watch} (null for none): their updates go to {@link StreamListener#onAccount}.
     */
    public static CompletableFuture<GeyserStream> open(Endpoint endpoint, String token, List<String> programs, AccountWatch watch,
                                                       Commitment level, long fromSlot, StreamListener listener) {
        return open(endpoint, token, programs, watch, level, fromSlot, listener, PING_EVERY);
    }

    /** As {@link #open(Endpoint, String, List, Commitment, long, StreamListener)}, with the stream's own ping interval. */
    static CompletableFuture<GeyserStream> open(Endpoint endpoint, String token, List<String> programs, Commitment level, long fromSlot,
                                                StreamListener listener, Duration pingEvery) {
        return open(endpoint, token, programs, null, level, fromSlot, listener, pingEvery);
    }

    private static CompletableFuture<GeyserStream> open(Endpoint endpoint, String token, List<String> programs, AccountWatch watch,
                                                        Commitment level, long fromSlot, StreamListener listener, Duration pingEvery) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(listener, "listener");
        SubscribeRequest subscribe = subscribeRequest(programs, watch, level, fromSlot);
        if (pingEvery.toMillis() < 10) {
            throw new IllegalArgumentException("ping interval: need at least 10 ms, got " + pingEvery);
        }
        GeyserStream stream = new GeyserStream(endpoint, token, level, fromSlot, listener, pingEvery);
        stream.start(subscribe);
        return stream.opened;
    }

    /**
     * True when {@code cause} (given to {@link StreamListener#onClosed}, or failing {@link #open}'s
     * future) says the endpoint cannot replay from the {@code from_slot} asked: OUT_OF_RANGE, DATA_LOSS,
     * or the words servers use for it ("broadcast from N is not available, last available: M", "from_slot
     * is not supported", "failed to get replay position"). The feed then opens a stream without
     * {@code from_slot} and reads the missed slots as blocks.
     */
    public static boolean isOutOfRange(EndpointException cause) {
        return GeyserStatus.isFromSlotRefused(cause);
    }

    /** The request this stream sends: see the class comment. */
    static SubscribeRequest subscribeRequest(List<String> programs, AccountWatch watch, Commitment level, long fromSlot) {
        if (programs == null || programs.isEmpty()) {
            // An empty account_include matches every transaction of the chain.
            throw new IllegalArgumentException("programs: need at least one program id, got none");
        }
        for (int i = 0; i < programs.size(); i++) {
            try {
                PublicKey.fromBase58(programs.get(i));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("programs[" + i + "]: need a base58 program id, got '" + programs.get(i) + "'", e);
            }
        }
        if (fromSlot < -1) {
            throw new IllegalArgumentException("fromSlot: need a slot, or -1 for the live tip, got " + fromSlot);
        }
        SubscribeRequest.Builder r = SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(false).build())
                .putTransactions("programs", SubscribeRequestFilterTransactions.newBuilder().setVote(false).addAllAccountInclude(programs)
                        .build())
                .putBlocksMeta("blocks", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
                .setCommitment(switch (level) {
                    case PROCESSED -> CommitmentLevel.PROCESSED;
                    case CONFIRMED -> CommitmentLevel.CONFIRMED;
                    case FINALIZED -> CommitmentLevel.FINALIZED;
                });
        if (fromSlot >= 0) {
            r.setFromSlot(fromSlot);
        }
        if (watch != null) {
            SubscribeRequestFilterAccounts.Builder owned = SubscribeRequestFilterAccounts.newBuilder().addOwner(watch.owner().toBase58());
            if (watch.prefix() != null && watch.prefix().length > 0) {
                owned.addFilters(SubscribeRequestFilterAccountsFilter.newBuilder().setMemcmp(SubscribeRequestFilterAccountsFilterMemcmp
                        .newBuilder().setOffset(0).setBytes(com.google.protobuf.ByteString.copyFrom(watch.prefix()))));
            }
            r.putAccounts("owned", owned.build());
            if (!watch.accounts().isEmpty()) {
                r.putAccounts("single", SubscribeRequestFilterAccounts.newBuilder()
                        .addAllAccount(watch.accounts().stream().map(PublicKey::toBase58).toList()).build());
            }
        }
        return r.build();
    }

    private void start(SubscribeRequest subscribe) {
        GeyserGrpc.newStub(channel).subscribe(new Responses()); // sets `requests` before it returns
        send(subscribe);
        sendPing();
        keepAlive.start(); // if the call failed already, it sees the stream ended and stops
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Commitment level() {
        return level;
    }

    @Override
    public boolean isOpen() {
        return !ended.get();
    }

    /** Updates received so far, pings and pongs included. */
    @Override
    public long messages() {
        return messages;
    }

    /** The highest slot handed on, by a transaction or a processed slot update; -1 before any. */
    public long lastSlotDelivered() {
        return lastSlotDelivered;
    }

    /**
     * The {@code from_slot} a stream on another endpoint should ask for so that it misses no
     * transaction this one would have handed on: the newest slot whose status at this stream's level
     * arrived (its transactions come with that status, so they may be handed on twice), or, before
     * any, the {@code from_slot} this stream was opened with (-1 when none).
     *
     * <p>Not {@link #lastSlotDelivered()} + 1: below the processed tip, slots wait for the stream's
     * level, and their transactions are not sent yet.
     */
    public long resumeFromSlot() {
        long s = levelSlot;
        return s >= 0 ? s : fromSlot;
    }

    @Override
    public void close() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        opened.completeExceptionally(new EndpointException(endpoint.id(), FailureKind.CLOSED, "closed before the endpoint answered"));
        release("closed by chainwatch");
    }

    @Override
    public String toString() {
        return "GeyserStream[" + endpoint.id() + ", " + level.rpcName() + (fromSlot >= 0 ? ", from_slot " + fromSlot : "")
                + (ended.get() ? ", ended" : ", open") + "]";
    }

    // ---- requests -------------------------------------------------------------------------------

    private void send(SubscribeRequest r) {
        synchronized (sendLock) {
            if (ended.get()) {
                return;
            }
            try {
                requests.onNext(r);
            } catch (IllegalStateException e) {
                // The call ended between the check and the send; its handler reports why.
            }
        }
    }

    private void sendPing() {
        int id;
        synchronized (sendLock) {
            id = nextPingId++;
        }
        send(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build());
    }

    /** Cancels the call and lets the transport go; the keep-alive thread stops. */
    private void release(String why) {
        synchronized (sendLock) {
            try {
                requests.cancel(why, null);
            } catch (IllegalStateException e) {
                // already ended
            }
        }
        if (Thread.currentThread() != keepAlive) {
            keepAlive.interrupt();
        }
        channel.shutdownNow();
    }

    // ---- keep-alive thread ----------------------------------------------------------------------

    private void keepAlive() {
        long pingNanos = pingEvery.toNanos();
        long silentNanos = SILENT_PINGS * pingNanos;
        long answerNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, endpoint.config().timeoutMs()));
        long nextPing = startNanos + pingNanos;
        try {
            while (!ended.get()) {
                long now = System.nanoTime();
                if (!opened.isDone() && now - startNanos >= answerNanos) {
                    abort(FailureKind.TIMEOUT, "no answer to the subscribe in " + endpoint.config().timeoutMs() + " ms");
                    return;
                }
                if (opened.isDone() && now - lastReceivedNanos >= silentNanos) {
                    abort(FailureKind.TIMEOUT, "nothing received for " + TimeUnit.NANOSECONDS.toMillis(now - lastReceivedNanos)
                            + " ms, pings unanswered");
                    return;
                }
                if (now - nextPing >= 0) {
                    sendPing();
                    nextPing = now + pingNanos;
                }
                long due = Math.min(nextPing, opened.isDone() ? lastReceivedNanos + silentNanos : startNanos + answerNanos);
                TimeUnit.NANOSECONDS.sleep(Math.max(TimeUnit.MILLISECONDS.toNanos(1), due - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            // close() or the end of the call: nothing more to keep alive.
        }
    }

    private void abort(FailureKind kind, String message) {
        if (abort.compareAndSet(null, new Abort(kind, message))) {
            synchronized (sendLock) {
                try {
                    requests.cancel(message, null); // gRPC's handler thread gets onError and reports the abort
                } catch (IllegalStateException e) {
                    // already ended
                }
            }
        }
    }

    // ---- gRPC's handler thread ------------------------------------------------------------------

    private final class Responses implements ClientResponseObserver<SubscribeRequest, SubscribeUpdate> {
        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            requests = requestStream;
        }

        @Override
        public void onNext(SubscribeUpdate u) {
            if (ended.get()) {
                return;
            }
            long now = System.nanoTime();
            messages++;
            endpoint.recordReceived(u.getSerializedSize()); // protobuf keeps the size it computes: one pass per message
            lastReceivedNanos = now;
            if (!opened.isDone()) {
                endpoint.recordSuccess(now - startNanos);
                opened.complete(GeyserStream.this);
            }
            // Only reading is caught: a listener that throws is a bug of ours, and gRPC ends the call for it.
            try {
                switch (u.getUpdateOneofCase()) {
                    case SLOT -> onSlot(u.getSlot());
                    case TRANSACTION -> onTransaction(u.getTransaction());
                    case ACCOUNT -> onAccount(u.getAccount());
                    case BLOCK_META -> onBlockMeta(u.getBlockMeta());
                    case PING -> sendPing();
                    default -> {
                        // Pongs, and kinds this request does not ask for (or newer than our proto).
                    }
                }
            } catch (TransactionFormatException e) {
                fail(FailureKind.MALFORMED, "unreadable " + u.getUpdateOneofCase().name().toLowerCase(Locale.ROOT) + " update: "
                        + e.getMessage());
            }
        }

        @Override
        public void onError(Throwable t) {
            Abort aborted = abort.get();
            if (aborted != null) {
                fail(aborted.kind(), aborted.message());
                return;
            }
            GeyserStatus.Failure f = GeyserStatus.of(Status.fromThrowable(t), t, fromSlot);
            fail(f.kind(), f.message());
        }

        @Override
        public void onCompleted() {
            fail(FailureKind.CLOSED, "the server ended the stream");
        }
    }

    private void onSlot(SubscribeUpdateSlot s) throws TransactionFormatException {
        long slot = checkedSlot(s.getSlot(), "slot.slot");
        SlotStatus status = s.getStatus();
        if (status == levelStatus() && slot > levelSlot) {
            levelSlot = slot;
        }
        if (status == SlotStatus.SLOT_FINALIZED) {
            root = Math.max(root, slot);
        } else if (status == SlotStatus.SLOT_PROCESSED && firstTime(slot)) {
            lastSlotDelivered = Math.max(lastSlotDelivered, slot);
            listener.onSlot(this, slot, s.hasParent() ? s.getParent() : -1, root);
        }
        // Dead slots and the inter-slot steps: the block path finds out what became of a slot.
    }

    private boolean firstTime(long slot) {
        if (!recentProcessed.add(slot)) {
            return false;
        }
        if (recentProcessed.size() > RECENT_SLOTS) {
            recentProcessed.removeFirst();
        }
        return true;
    }

    private SlotStatus levelStatus() {
        return switch (level) {
            case PROCESSED -> SlotStatus.SLOT_PROCESSED;
            case CONFIRMED -> SlotStatus.SLOT_CONFIRMED;
            case FINALIZED -> SlotStatus.SLOT_FINALIZED;
        };
    }

    private void onTransaction(SubscribeUpdateTransaction t) throws TransactionFormatException {
        long slot = checkedSlot(t.getSlot(), "transaction.slot");
        if (!t.hasTransaction()) {
            throw new TransactionFormatException("transaction.transaction", "missing");
        }
        SolanaTransaction tx;
        try {
            tx = GeyserTransactions.read(t.getTransaction());
        } catch (TransactionFormatException e) {
            throw new TransactionFormatException("transaction.transaction." + e.path(), e.problem() + " (slot " + slot + ")");
        }
        lastSlotDelivered = Math.max(lastSlotDelivered, slot);
        listener.onTransaction(this, slot, tx);
    }

    private void onAccount(SubscribeUpdateAccount a) throws TransactionFormatException {
        long slot = checkedSlot(a.getSlot(), "account.slot");
        if (!a.hasAccount() || a.getAccount().getPubkey().size() != PublicKey.BYTES) {
            throw new TransactionFormatException("account.account.pubkey", "missing or not 32 bytes");
        }
        listener.onAccount(this, PublicKey.of(a.getAccount().getPubkey().toByteArray()), slot, a.getAccount().getData().toByteArray());
    }

    private void onBlockMeta(SubscribeUpdateBlockMeta m) throws TransactionFormatException {
        long slot = checkedSlot(m.getSlot(), "block_meta.slot");
        listener.onBlockMeta(this, slot, m.hasBlockTime() ? m.getBlockTime().getTimestamp() : -1);
    }

    /** A u64 slot that fits a long (any real one does). */
    private static long checkedSlot(long slot, String path) throws TransactionFormatException {
        if (slot < 0) {
            throw new TransactionFormatException(path, Long.toUnsignedString(slot) + " is beyond any chain");
        }
        return slot;
    }

    // ---- failures -------------------------------------------------------------------------------

    private void fail(FailureKind kind, String message) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String safe = token == null ? message : message.replace(token, "***");
        boolean answered = opened.isDone();
        endpoint.recordFailure(kind, answered ? 0 : System.nanoTime() - startNanos, safe);
        EndpointException cause = new EndpointException(endpoint.id(), kind, safe);
        opened.completeExceptionally(cause);
        release(safe);
        listener.onClosed(this, cause);
    }
}
