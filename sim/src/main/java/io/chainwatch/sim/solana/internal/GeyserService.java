package io.chainwatch.sim.solana.internal;

import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GetBlockHeightRequest;
import io.chainwatch.geyser.proto.GetBlockHeightResponse;
import io.chainwatch.geyser.proto.GetLatestBlockhashRequest;
import io.chainwatch.geyser.proto.GetLatestBlockhashResponse;
import io.chainwatch.geyser.proto.GetSlotRequest;
import io.chainwatch.geyser.proto.GetSlotResponse;
import io.chainwatch.geyser.proto.GetVersionRequest;
import io.chainwatch.geyser.proto.GetVersionResponse;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.IsBlockhashValidRequest;
import io.chainwatch.geyser.proto.IsBlockhashValidResponse;
import io.chainwatch.geyser.proto.PingRequest;
import io.chainwatch.geyser.proto.PongResponse;
import io.chainwatch.geyser.proto.SubscribeReplayInfoRequest;
import io.chainwatch.geyser.proto.SubscribeReplayInfoResponse;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.SolanaFaults;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.Function;

/**
 * The Yellowstone {@code geyser.Geyser} service of one endpoint: Subscribe streams (each a
 * {@link GeyserStream}) and the unary calls, answered from the ledger snapshot taken when the call
 * arrives as the endpoint shows it (lag included). Unary calls get the endpoint's answer faults:
 * latency before the answer, and INTERNAL "Internal error" at the error rate (counted as injected).
 * Commitment defaults to processed, as on Yellowstone.
 *
 * <p>Thread-safe: gRPC calls it on many threads; it keeps no state of its own but the set of open
 * streams, which is concurrent and shared with the {@link GeyserServer}.
 */
final class GeyserService extends GeyserGrpc.GeyserImplBase {
    /** Blocks a blockhash stays valid for, as on mainnet (getLatestBlockhash's lastValidBlockHeight). */
    static final int BLOCKHASH_VALID_BLOCKS = 150;

    /**
     * The endpoint a Geyser service and its streams belong to.
     *
     * @param endpoint   the endpoint's index, for thread names and GetVersion
     * @param wake       asks the simulator thread to run its listeners soon, where the hub takes replay requests; never blocks
     * @param queueLimit bound of each stream's outbound queue, in updates
     */
    record Context(int endpoint, Ledger ledger, GeyserHub hub, SolanaFaultState faults, EndpointCounters counters, Runnable wake,
            int queueLimit, InstantSource clock) {
    }

    private final Context c;
    private final Set<GeyserStream> open;

    GeyserService(Context c, Set<GeyserStream> open) {
        this.c = c;
        this.open = open;
    }

    @Override
    public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> responses) {
        ServerCallStreamObserver<SubscribeUpdate> out = (ServerCallStreamObserver<SubscribeUpdate>) responses;
        GeyserStream s = new GeyserStream(out, c, this::forget);
        open.add(s);
        s.start();
        if (c.faults().snapshot().down()) {
            s.end(Status.UNAVAILABLE.withDescription("endpoint is down")); // going down while this call arrived
        }
        return s;
    }

    private void forget(GeyserStream s) {
        open.remove(s);
        c.hub().forget(s);
    }

    @Override
    public void subscribeReplayInfo(SubscribeReplayInfoRequest request, StreamObserver<SubscribeReplayInfoResponse> response) {
        answer(response, ask -> SubscribeReplayInfoResponse.newBuilder().setFirstAvailable(c.hub().firstAvailable()).build());
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PongResponse> response) {
        answer(response, ask -> PongResponse.newBuilder().setCount(request.getCount()).build());
    }

    @Override
    public void getSlot(GetSlotRequest request, StreamObserver<GetSlotResponse> response) {
        answer(response, ask -> GetSlotResponse.newBuilder()
                .setSlot(ask.slot(request.hasCommitment(), request.getCommitment())).build());
    }

    @Override
    public void getBlockHeight(GetBlockHeightRequest request, StreamObserver<GetBlockHeightResponse> response) {
        answer(response, ask -> GetBlockHeightResponse.newBuilder()
                .setBlockHeight(ask.block(request.hasCommitment(), request.getCommitment()).blockHeight()).build());
    }

    @Override
    public void getLatestBlockhash(GetLatestBlockhashRequest request, StreamObserver<GetLatestBlockhashResponse> response) {
        answer(response, ask -> {
            SolBlock b = ask.block(request.hasCommitment(), request.getCommitment());
            return GetLatestBlockhashResponse.newBuilder().setSlot(b.slot()).setBlockhash(b.blockhash().base58())
                    .setLastValidBlockHeight(b.blockHeight() + BLOCKHASH_VALID_BLOCKS).build();
        });
    }

    @Override
    public void isBlockhashValid(IsBlockhashValidRequest request, StreamObserver<IsBlockhashValidResponse> response) {
        answer(response, ask -> {
            long slot = ask.slot(request.hasCommitment(), request.getCommitment());
            SolBlock tip = ask.view().atOrBelow(slot);
            boolean valid = false;
            for (SolBlock b = tip; b != null && !valid && tip.blockHeight() - b.blockHeight() < BLOCKHASH_VALID_BLOCKS;
                    b = ask.view().block(b.parentSlot())) {
                valid = b.blockhash().base58().equals(request.getBlockhash());
            }
            return IsBlockhashValidResponse.newBuilder().setSlot(slot).setValid(valid).build();
        });
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> response) {
        answer(response, ask -> GetVersionResponse.newBuilder().setVersion("{\"version\":{\"package\":\"chainwatch-sim\",\"proto\":\"geyser\","
                + "\"solana\":\"" + SolanaRpc.SOLANA_CORE + "\",\"feature_set\":" + SolanaRpc.FEATURE_SET + "},\"extra\":{\"endpoint\":"
                + c.endpoint() + "}}").build());
    }

    /** One unary call's view of the endpoint: the ledger as it shows it now. */
    private record Ask(LedgerView view, LedgerView.Shown shown) {
        long slot(boolean present, CommitmentLevel level) {
            Commitment commitment = GeyserFilters.commitment(present, level);
            if (commitment == null) {
                throw Status.INVALID_ARGUMENT.withDescription("commitment: need PROCESSED, CONFIRMED or FINALIZED, got " + level)
                        .asRuntimeException();
            }
            return shown.slot(commitment);
        }

        SolBlock block(boolean present, CommitmentLevel level) {
            return view.atOrBelow(slot(present, level));
        }
    }

    private <T> void answer(StreamObserver<T> response, Function<Ask, T> body) {
        SolanaFaults f = c.faults().snapshot();
        if (f.down()) {
            response.onError(Status.UNAVAILABLE.withDescription("endpoint is down").asRuntimeException());
            return;
        }
        pause(f.latencyMs());
        if (c.faults().roll(f.errorRate())) {
            c.counters().injectedError();
            response.onError(Status.INTERNAL.withDescription("Internal error").asRuntimeException());
            return;
        }
        LedgerView view = c.ledger().view();
        T answer;
        try {
            answer = body.apply(new Ask(view, view.shown(f.lagSlots())));
        } catch (StatusRuntimeException bad) {
            response.onError(bad);
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
