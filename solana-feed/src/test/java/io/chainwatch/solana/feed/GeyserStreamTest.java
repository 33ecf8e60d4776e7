package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.SimSolanaTransaction;
import io.chainwatch.sim.solana.SolanaPrograms;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.tx.SolanaTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GeyserStream} against the simulator's Yellowstone servers over loopback gRPC: slots in
 * order and exactly the pump transactions of each block at confirmed; a {@code from_slot} resume on
 * the second endpoint after the first went down, with no gap; a {@code from_slot} older than the
 * endpoint keeps, recognised as out of range; an endpoint going down, told once.
 */
@Timeout(60)
class GeyserStreamTest {
    static final List<String> PROGRAMS = List.of(SolanaConfig.PUMP_PROGRAM, SolanaConfig.PUMP_AMM_PROGRAM);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SolanaSimulator sim;
    private final List<GeyserStream> streams = new ArrayList<>();

    @AfterEach
    void close() {
        streams.forEach(GeyserStream::close);
        if (sim != null) {
            sim.close();
        }
    }

    /** What a stream handed on, in order; thread-safe. */
    static final class Recorder implements StreamListener {
        record SlotSeen(long slot, long parent, long root) {
        }

        record TxSeen(long slot, SolanaTransaction tx) {
        }

        final ConcurrentLinkedQueue<SlotSeen> slots = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<TxSeen> transactions = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<EndpointException> closed = new ConcurrentLinkedQueue<>();
        final AtomicInteger concurrentCalls = new AtomicInteger();
        volatile boolean overlapped;

        private void enter() {
            if (concurrentCalls.incrementAndGet() > 1) {
                overlapped = true;
            }
        }

        @Override
        public void onSlot(LiveStream from, long slot, long parent, long root) {
            enter();
            slots.add(new SlotSeen(slot, parent, root));
            concurrentCalls.decrementAndGet();
        }

        @Override
        public void onLogs(LiveStream from, long slot, String signature, boolean failed, LogLines logs) {
            throw new AssertionError("a Geyser stream hands on whole transactions, not logs");
        }

        @Override
        public void onTransaction(LiveStream from, long slot, SolanaTransaction tx) {
            enter();
            transactions.add(new TxSeen(slot, tx));
            concurrentCalls.decrementAndGet();
        }

        @Override
        public void onClosed(LiveStream from, EndpointException cause) {
            enter();
            closed.add(cause);
            concurrentCalls.decrementAndGet();
        }

        List<Long> slotNumbers() {
            return slots.stream().map(SlotSeen::slot).toList();
        }

        List<String> signatures() {
            return transactions.stream().map(t -> t.tx().signature()).toList();
        }
    }

    static Endpoint endpoint(String id, URI grpcUrl, long timeoutMs) {
        return new Endpoint(id, new EndpointConfig(grpcUrl, "local", 1, 1_000, timeoutMs), ScoringPolicy.DEFAULT);
    }

    private Endpoint endpoint(int index) {
        return endpoint("geyser-" + index, sim.endpoint(index).grpcUrl(), 2_000);
    }

    private GeyserStream open(Endpoint e, Commitment level, long fromSlot, Recorder r) throws Exception {
        CompletableFuture<GeyserStream> f = GeyserStream.open(e, null, PROGRAMS, level, fromSlot, r);
        GeyserStream s = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        streams.add(s);
        return s;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The watched transactions of the canonical blocks in [from, to], in block order: signatures. */
    private List<String> watched(long from, long to) {
        List<String> out = new ArrayList<>();
        for (long slot = from; slot <= to; slot++) {
            sim.block(slot).ifPresent(b -> b.transactions().stream().filter(GeyserStreamTest::mentionsWatched)
                    .forEach(t -> out.add(t.signature())));
        }
        return out;
    }

    private static boolean mentionsWatched(SimSolanaTransaction t) {
        return t.accountKeys().contains(SolanaPrograms.PUMP) || t.accountKeys().contains(SolanaPrograms.PUMP_AMM);
    }

    // ---- (a) ----------------------------------------------------------------------------------------

    @Test
    void aConfirmedStreamHandsOnEverySlotInOrderAndExactlyThePumpTransactionsOfEachBlock() throws Exception {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(81));
        sim.produceSlots(3);
        Recorder r = new Recorder();
        Endpoint geyser = endpoint(0);
        GeyserStream s = open(geyser, Commitment.CONFIRMED, -1, r);
        long processedBefore = sim.slot(io.chainwatch.sim.solana.Commitment.PROCESSED);
        long confirmedBefore = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);

        sim.produceSlots(45);
        long processed = sim.slot(io.chainwatch.sim.solana.Commitment.PROCESSED);
        long confirmed = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);
        long finalized = sim.slot(io.chainwatch.sim.solana.Commitment.FINALIZED);
        List<String> expected = watched(confirmedBefore + 1, confirmed);
        await("every watched transaction through the confirmed slot", () -> r.transactions.size() >= expected.size()
                && s.lastSlotDelivered() == processed);
        Thread.sleep(300); // nothing more may come

        List<Long> produced = sim.productionRecord().slots(ProductionRecord.SlotStatus.PRODUCED).stream()
                .filter(x -> x > processedBefore && x <= processed).toList();
        assertThat(r.slotNumbers()).as("each processed slot once, in order").containsExactlyElementsOf(produced);
        for (Recorder.SlotSeen seen : r.slots) {
            assertThat(seen.parent()).as("parent of %d", seen.slot()).isEqualTo(sim.block(seen.slot()).orElseThrow().parentSlot());
        }
        List<Long> roots = r.slots.stream().map(Recorder.SlotSeen::root).toList();
        assertThat(roots).isSorted();
        assertThat(roots.getLast()).as("the root passed with the last slot").isBetween(finalized - 1, finalized);

        assertThat(r.signatures()).as("exactly the watched transactions, in block order").containsExactlyElementsOf(expected);
        for (Recorder.TxSeen t : r.transactions) {
            SimSolanaTransaction truth = sim.transaction(t.tx().signature()).orElseThrow();
            assertThat(t.slot()).isEqualTo(truth.slot());
            assertThat(t.tx().index()).isEqualTo(truth.index());
            assertThat(t.tx().succeeded()).isEqualTo(!truth.failed());
            assertThat(t.tx().logMessages()).isEqualTo(truth.logMessages());
        }
        assertThat(r.transactions).as("failed ones come too: the feed skips them itself").anyMatch(t -> !t.tx().succeeded());
        assertThat(s.lastSlotDelivered()).isEqualTo(processed);
        assertThat(s.resumeFromSlot()).isEqualTo(confirmed);
        assertThat(s.messages()).isGreaterThan(expected.size() + produced.size());
        // Network bytes: each update counted at its protobuf size (transactions with their logs are hundreds of bytes).
        assertThat(geyser.receivedBytes()).isGreaterThan(100L * expected.size());
        assertThat(r.closed).isEmpty();
        assertThat(r.overlapped).as("listener calls one at a time").isFalse();

        s.close();
        assertThat(s.isOpen()).isFalse();
        sim.produceSlots(3);
        Thread.sleep(200);
        assertThat(r.closed).as("close() is quiet").isEmpty();
        assertThat(r.slotNumbers()).last().isEqualTo(processed);
    }

    // ---- (b) ----------------------------------------------------------------------------------------

    @Test
    void aResumeOnTheSecondEndpointFromTheResumeSlotMissesNoTransactionAfterTheFirstWentDown() throws Exception {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(82));
        sim.produceSlots(3);
        Recorder first = new Recorder();
        GeyserStream a = open(endpoint(0), Commitment.CONFIRMED, -1, first);
        long confirmedBefore = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);
        sim.produceSlots(12);
        long confirmedAtDown = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);
        await("the first stream at the confirmed slot", () -> a.resumeFromSlot() == confirmedAtDown);

        sim.endpoint(0).down();
        await("the first stream closed", () -> !first.closed.isEmpty());
        sim.produceSlots(12); // the first stream misses these
        long resumeAt = a.resumeFromSlot();
        assertThat(resumeAt).isEqualTo(confirmedAtDown);
        assertThat(a.lastSlotDelivered()).as("processed slots run ahead of the level; resuming after them would skip slots")
                .isGreaterThan(resumeAt);

        Recorder second = new Recorder();
        GeyserStream b = open(endpoint(1), Commitment.CONFIRMED, resumeAt, second);
        sim.produceSlots(5);
        long confirmed = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);
        List<String> expected = watched(confirmedBefore + 1, confirmed);
        await("the second stream at the confirmed slot", () -> b.resumeFromSlot() == confirmed
                && new HashSet<>(concat(first.signatures(), second.signatures())).size() >= expected.size());
        Thread.sleep(300);

        List<String> both = concat(first.signatures(), second.signatures());
        assertThat(both.stream().distinct().toList()).as("every watched transaction, in block order, none missing")
                .containsExactlyElementsOf(expected);
        Set<String> fromFirst = new HashSet<>(first.signatures());
        List<String> duplicates = second.signatures().stream().filter(fromFirst::contains).toList();
        List<String> ofResumeSlot = watched(resumeAt, resumeAt);
        assertThat(duplicates).as("handed on twice: the transactions of the resume slot, and only those").isEqualTo(ofResumeSlot);
        System.out.printf("resume from slot %d: %d transactions handed on by both streams (of %d), all of slot %d%n", resumeAt,
                duplicates.size(), expected.size(), resumeAt);
        assertThat(first.closed).hasSize(1);
        assertThat(second.closed).isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---- (c) ----------------------------------------------------------------------------------------

    @Test
    void aFromSlotOlderThanTheEndpointKeepsClosesTheStreamAsOutOfRange() throws Exception {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(83).withHistorySlots(160));
        sim.produceSlots(250);
        long tooOld = sim.config().startSlot();
        Recorder r = new Recorder();
        Endpoint e = endpoint(0);
        CompletableFuture<GeyserStream> f = GeyserStream.open(e, null, PROGRAMS, Commitment.CONFIRMED, tooOld, r);
        await("onClosed", () -> !r.closed.isEmpty());
        Thread.sleep(200);

        assertThat(r.closed).hasSize(1);
        EndpointException cause = r.closed.peek();
        assertThat(cause.kind()).isEqualTo(FailureKind.RPC_ERROR);
        assertThat(GeyserStream.isOutOfRange(cause)).isTrue();
        assertThat(cause.getMessage()).contains("broadcast from " + tooOld + " is not available, last available: ");
        assertThat(e.failures(FailureKind.RPC_ERROR)).isEqualTo(1);
        assertThat(f).isDone(); // opened first (the pong) or failed with the same cause: the sim answers the ping before the replay
        assertThat(r.transactions).isEmpty();

        // A slot it keeps replays from there.
        Recorder ok = new Recorder();
        long from = sim.slot(io.chainwatch.sim.solana.Commitment.PROCESSED) - 10;
        open(endpoint(1), Commitment.CONFIRMED, from, ok);
        await("the replayed slots", () -> ok.slots.size() >= 11);
        assertThat(ok.slotNumbers().getFirst()).isEqualTo(from);
        assertThat(ok.closed).isEmpty();
    }

    // ---- (d) ----------------------------------------------------------------------------------------

    @Test
    void itsEndpointGoingDownClosesTheStreamOnceAsClosed() throws Exception {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(84));
        Recorder r = new Recorder();
        Endpoint e = endpoint(0);
        GeyserStream s = open(e, Commitment.PROCESSED, -1, r);
        sim.produceSlots(2);
        await("two slots", () -> r.slots.size() == 2);

        sim.endpoint(0).down();
        await("onClosed", () -> !r.closed.isEmpty());
        sim.produceSlots(2);
        Thread.sleep(300);

        assertThat(r.closed).hasSize(1);
        EndpointException cause = r.closed.peek();
        assertThat(cause.kind()).isEqualTo(FailureKind.CLOSED);
        assertThat(cause.getMessage()).contains("UNAVAILABLE", "endpoint is down");
        assertThat(GeyserStream.isOutOfRange(cause)).isFalse();
        assertThat(s.isOpen()).isFalse();
        assertThat(r.slots).hasSize(2);
        assertThat(e.failures(FailureKind.CLOSED)).isEqualTo(1);
    }

    @Test
    void openingOnADownEndpointFailsAsRefusedAndIsToldOnce() throws Exception {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(85));
        sim.endpoint(0).down();
        Recorder r = new Recorder();
        Endpoint e = endpoint(0);
        CompletableFuture<GeyserStream> f = GeyserStream.open(e, null, PROGRAMS, Commitment.CONFIRMED, -1, r);

        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(EndpointException.class, x -> assertThat(x.kind()).isEqualTo(FailureKind.REFUSED));
        await("onClosed", () -> !r.closed.isEmpty());
        Thread.sleep(200);
        assertThat(r.closed).hasSize(1).first().extracting(EndpointException::kind).isEqualTo(FailureKind.REFUSED);
        assertThat(e.failures(FailureKind.REFUSED)).isEqualTo(1);
    }
}
