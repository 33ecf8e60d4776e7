package io.chainwatch.geyser;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GetSlotRequest;
import io.chainwatch.geyser.proto.GetSlotResponse;
import io.chainwatch.geyser.proto.GetVersionRequest;
import io.chainwatch.geyser.proto.GetVersionResponse;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.PingRequest;
import io.chainwatch.geyser.proto.PongResponse;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeReplayInfoRequest;
import io.chainwatch.geyser.proto.SubscribeReplayInfoResponse;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdatePing;
import io.chainwatch.geyser.proto.SubscribeUpdatePong;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.storage.BlockHeight;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.Transaction;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.geyser.proto.storage.UnixTimestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Geyser server for tests over real gRPC transports: it holds slots {@code firstAvailableSlot}
 * to {@code headSlot}, each with a pump.fun transaction and a vote transaction, and answers a
 * subscription by replaying from {@code from_slot} (or from the head when unset) in slot order:
 * per slot its slot update at the requested commitment, the transactions the filters select, its
 * block meta; then one keep-alive ping. A {@code from_slot} older than it holds fails the stream
 * with OUT_OF_RANGE (the code issue 3 names; rpcpool's own server sends INTERNAL) and the text
 * rpcpool's server uses. A request carrying a ping is
 * answered with a pong of the same id. It sends one slot status per slot (the commitment's), not
 * every status a real server would.
 *
 * <p>Immutable apart from the list of requests seen, which is thread-safe.
 */
final class ReplayingGeyserService extends GeyserGrpc.GeyserImplBase {
    static final String PUMP_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
    static final String VOTE_PROGRAM = "Vote111111111111111111111111111111111111111";
    static final String PAYER = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";
    static final String VERSION_JSON = "{\"version\":\"chainwatch-test\",\"proto\":\"geyser\"}";

    private final long firstAvailableSlot;
    private final long headSlot;
    private final InstantSource clock;
    private final List<SubscribeRequest> requestsSeen = new CopyOnWriteArrayList<>();

    ReplayingGeyserService(long firstAvailableSlot, long headSlot, InstantSource clock) {
        if (firstAvailableSlot > headSlot) {
            throw new IllegalArgumentException("firstAvailableSlot " + firstAvailableSlot + " is after headSlot " + headSlot);
        }
        this.firstAvailableSlot = firstAvailableSlot;
        this.headSlot = headSlot;
        this.clock = clock;
    }

    List<SubscribeRequest> requestsSeen() {
        return List.copyOf(requestsSeen);
    }

    /** A transaction signature of this ledger: 64 bytes naming the slot and its position. */
    static byte[] signature(long slot, int index) {
        byte[] signature = new byte[64];
        Arrays.fill(signature, (byte) index);
        for (int i = 0; i < 8; i++) {
            signature[i] = (byte) (slot >>> (8 * i));
        }
        return signature;
    }

    @Override
    public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeUpdate> updates) {
        return new Subscription(updates);
    }

    @Override
    public void subscribeReplayInfo(SubscribeReplayInfoRequest request, StreamObserver<SubscribeReplayInfoResponse> response) {
        response.onNext(SubscribeReplayInfoResponse.newBuilder().setFirstAvailable(firstAvailableSlot).build());
        response.onCompleted();
    }

    @Override
    public void getSlot(GetSlotRequest request, StreamObserver<GetSlotResponse> response) {
        // The ledger is settled: every level has reached the head.
        response.onNext(GetSlotResponse.newBuilder().setSlot(headSlot).build());
        response.onCompleted();
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> response) {
        response.onNext(GetVersionResponse.newBuilder().setVersion(VERSION_JSON).build());
        response.onCompleted();
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PongResponse> response) {
        response.onNext(PongResponse.newBuilder().setCount(request.getCount()).build());
        response.onCompleted();
    }

    /** One Subscribe stream. gRPC calls it from one thread at a time; not thread-safe otherwise. */
    private final class Subscription implements StreamObserver<SubscribeRequest> {
        private final StreamObserver<SubscribeUpdate> updates;
        private boolean replayed;
        private boolean closed;

        Subscription(StreamObserver<SubscribeUpdate> updates) {
            this.updates = updates;
        }

        @Override
        public void onNext(SubscribeRequest request) {
            requestsSeen.add(request);
            if (closed) {
                return;
            }
            if (request.hasPing()) {
                // A ping request leaves the filters as they were, as on real servers.
                send(update(List.of()).setPong(SubscribeUpdatePong.newBuilder().setId(request.getPing().getId())));
                return;
            }
            if (replayed) {
                return; // new filters apply to live updates; this ledger has none after its head
            }
            long fromSlot = request.hasFromSlot() ? request.getFromSlot() : headSlot;
            if (fromSlot < firstAvailableSlot) {
                closed = true;
                updates.onError(Status.OUT_OF_RANGE
                        .withDescription("broadcast from " + fromSlot + " is not available, last available: " + firstAvailableSlot)
                        .asRuntimeException());
                return;
            }
            replayed = true;
            for (long slot = fromSlot; slot <= headSlot; slot++) {
                sendSlot(request, slot);
            }
            send(update(List.of()).setPing(SubscribeUpdatePing.getDefaultInstance()));
        }

        @Override
        public void onError(Throwable clientGone) {
            closed = true; // the client cancelled; gRPC has already closed the call
        }

        @Override
        public void onCompleted() {
            if (!closed) {
                closed = true;
                updates.onCompleted();
            }
        }

        private void sendSlot(SubscribeRequest request, long slot) {
            if (request.getSlotsCount() > 0) {
                send(update(List.copyOf(request.getSlotsMap().keySet())).setSlot(SubscribeUpdateSlot.newBuilder()
                        .setSlot(slot).setParent(slot - 1).setStatus(statusAt(request.getCommitment()))));
            }
            for (LedgerTransaction transaction : transactionsOf(slot)) {
                List<String> matched = new ArrayList<>();
                for (Map.Entry<String, SubscribeRequestFilterTransactions> filter : request.getTransactionsMap().entrySet()) {
                    if (transaction.matches(filter.getValue())) {
                        matched.add(filter.getKey());
                    }
                }
                if (!matched.isEmpty()) {
                    send(update(matched).setTransaction(SubscribeUpdateTransaction.newBuilder()
                            .setSlot(slot).setTransaction(transaction.info())));
                }
            }
            if (request.getBlocksMetaCount() > 0) {
                send(update(List.copyOf(request.getBlocksMetaMap().keySet())).setBlockMeta(SubscribeUpdateBlockMeta.newBuilder()
                        .setSlot(slot).setBlockhash("blockhash-" + slot)
                        .setParentSlot(slot - 1).setParentBlockhash("blockhash-" + (slot - 1))
                        .setBlockTime(UnixTimestamp.newBuilder().setTimestamp(1_700_000_000L + slot * 2 / 5))
                        .setBlockHeight(BlockHeight.newBuilder().setBlockHeight(slot - 100))
                        .setExecutedTransactionCount(transactionsOf(slot).size())));
            }
        }

        private SubscribeUpdate.Builder update(List<String> filters) {
            Instant now = clock.instant();
            return SubscribeUpdate.newBuilder().addAllFilters(filters)
                    .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
        }

        private void send(SubscribeUpdate.Builder update) {
            updates.onNext(update.build());
        }
    }

    private static SlotStatus statusAt(CommitmentLevel commitment) {
        return switch (commitment) {
            case PROCESSED, UNRECOGNIZED -> SlotStatus.SLOT_PROCESSED;
            case CONFIRMED -> SlotStatus.SLOT_CONFIRMED;
            case FINALIZED -> SlotStatus.SLOT_FINALIZED;
        };
    }

    private static List<LedgerTransaction> transactionsOf(long slot) {
        return List.of(
                new LedgerTransaction(slot, 0, false, List.of(PAYER, PUMP_PROGRAM),
                        List.of("Program " + PUMP_PROGRAM + " invoke [1]", "Program log: Instruction: Buy",
                                "Program " + PUMP_PROGRAM + " success")),
                new LedgerTransaction(slot, 1, true, List.of(PAYER, VOTE_PROGRAM),
                        List.of("Program " + VOTE_PROGRAM + " invoke [1]", "Program " + VOTE_PROGRAM + " success")));
    }

    /** A transaction of the ledger, with its account keys in base58 as filters name them. */
    private record LedgerTransaction(long slot, int index, boolean vote, List<String> accounts, List<String> logs) {

        boolean matches(SubscribeRequestFilterTransactions filter) {
            if (filter.hasVote() && filter.getVote() != vote) {
                return false;
            }
            if (filter.hasFailed() && filter.getFailed()) {
                return false; // none of these failed
            }
            if (filter.getAccountIncludeCount() > 0 && filter.getAccountIncludeList().stream().noneMatch(accounts::contains)) {
                return false;
            }
            if (filter.getAccountExcludeList().stream().anyMatch(accounts::contains)) {
                return false;
            }
            return accounts.containsAll(filter.getAccountRequiredList());
        }

        SubscribeUpdateTransactionInfo info() {
            ByteString signature = ByteString.copyFrom(signature(slot, index));
            Message.Builder message = Message.newBuilder();
            for (String account : accounts) {
                message.addAccountKeys(ByteString.copyFrom(base58Decode(account)));
            }
            return SubscribeUpdateTransactionInfo.newBuilder()
                    .setSignature(signature)
                    .setIsVote(vote)
                    .setIndex(index)
                    .setTransaction(Transaction.newBuilder().addSignatures(signature).setMessage(message))
                    .setMeta(TransactionStatusMeta.newBuilder().setFee(5_000).addAllLogMessages(logs))
                    .build();
        }
    }

    /** Base58 (Bitcoin alphabet) to bytes; enough for the account keys of this ledger. */
    static byte[] base58Decode(String text) {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = alphabet.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: " + text);
            }
            if (digit == 0 && value.signum() == 0) {
                leadingZeros++;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.toByteArray();
        int signByte = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        if (value.signum() == 0) {
            signByte = 1;
        }
        byte[] bytes = new byte[leadingZeros + magnitude.length - signByte];
        System.arraycopy(magnitude, signByte, bytes, leadingZeros, magnitude.length - signByte);
        return bytes;
    }
}
