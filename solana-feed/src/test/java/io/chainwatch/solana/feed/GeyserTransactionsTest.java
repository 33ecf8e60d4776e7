package io.chainwatch.solana.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.storage.CompiledInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstructions;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.MessageAddressTableLookup;
import io.chainwatch.geyser.proto.storage.MessageHeader;
import io.chainwatch.geyser.proto.storage.Transaction;
import io.chainwatch.geyser.proto.storage.TransactionError;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.RpcTransactionParser;
import io.chainwatch.solana.tx.SolanaBlock;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.solana.tx.TransactionFormatException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GeyserTransactions}: a transaction read from a Yellowstone update is the transaction
 * {@code getBlock} gives (same keys, instructions, inner instructions, logs, status, error, index),
 * so the event extractor finds the same events in it; loaded addresses extend the keys as
 * {@code meta.loadedAddresses} does in JSON; the bincode error reads as the RPC's JSON; malformed
 * updates are refused naming the field.
 */
@Timeout(60)
class GeyserTransactionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventExtractor EXTRACTOR = EventExtractor.pumpFamily();
    private static final List<String> PROGRAMS = List.of(SolanaConfig.PUMP_PROGRAM, SolanaConfig.PUMP_AMM_PROGRAM);

    // ---- against the simulator: gRPC and getBlock agree ------------------------------------------

    @Test
    void everyPumpTransactionFromGrpcEqualsTheOneGetBlockGivesAndYieldsTheSameEvents() throws Exception {
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(91));
             HttpClient http = HttpClient.newHttpClient()) {
            long first = sim.produceSlots(60).getFirst().slot();
            long confirmed = sim.slot(Commitment.CONFIRMED);
            List<SubscribeUpdate> updates = replay(sim.endpoint(0).grpcUrl(), first, confirmed);

            Map<Long, SolanaBlock> blocks = new HashMap<>();
            int compared = 0;
            int failed = 0;
            int withEvents = 0;
            int v0 = 0;
            for (SubscribeUpdate u : updates) {
                if (!u.hasTransaction()) {
                    continue;
                }
                long slot = u.getTransaction().getSlot();
                SolanaTransaction fromGrpc = GeyserTransactions.read(u.getTransaction().getTransaction());
                SolanaBlock block = blocks.computeIfAbsent(slot, s -> getBlock(http, sim.endpoint(0).httpUrl(), s));
                SolanaTransaction fromRpc = block.transactions().stream().filter(t -> t.signature().equals(fromGrpc.signature()))
                        .findFirst().orElseThrow(() -> new AssertionError(fromGrpc.signature() + " is not in getBlock(" + slot + ")"));

                assertThat(fromGrpc.signature()).isEqualTo(fromRpc.signature());
                assertThat(fromGrpc.index()).isEqualTo(fromRpc.index());
                assertThat(fromGrpc.logMessages()).isEqualTo(fromRpc.logMessages());
                assertThat(fromGrpc.status()).isEqualTo(fromRpc.status());
                assertThat(fromGrpc.error()).isEqualTo(fromRpc.error());
                List<TransactionEvent> events = EXTRACTOR.extract(fromGrpc);
                assertThat(events).as("events of %s", fromGrpc.signature()).isEqualTo(EXTRACTOR.extract(fromRpc));
                assertThat(fromGrpc).as("the whole transaction %s", fromGrpc.signature()).isEqualTo(fromRpc);
                compared++;
                failed += fromGrpc.succeeded() ? 0 : 1;
                withEvents += events.isEmpty() ? 0 : 1;
                v0 += fromGrpc.version() == io.chainwatch.solana.tx.TransactionVersion.V0 ? 1 : 0;
            }
            assertThat(compared).as("transactions compared").isGreaterThan(100);
            assertThat(failed).as("failed transactions among them").isPositive();
            assertThat(withEvents).as("transactions with pump events").isGreaterThan(50);
            assertThat(v0).as("v0 messages among them").isPositive();
        }
    }

    /** The updates of a from_slot replay, through the confirmed status of {@code lastSlot}. */
    private static List<SubscribeUpdate> replay(URI grpcUrl, long fromSlot, long lastSlot) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(grpcUrl.getHost(), grpcUrl.getPort()).usePlaintext().build();
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<SubscribeRequest>> call = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            GeyserGrpc.newStub(channel).subscribe(new ClientResponseObserver<SubscribeRequest, SubscribeUpdate>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requests) {
                    call.set(requests);
                }

                @Override
                public void onNext(SubscribeUpdate u) {
                    received.add(u);
                }

                @Override
                public void onError(Throwable t) {
                    received.add(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    received.add(Status.OK);
                }
            });
            call.get().onNext(SubscribeRequest.newBuilder()
                    .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                    .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder().addAllAccountInclude(PROGRAMS).build())
                    .setCommitment(CommitmentLevel.CONFIRMED)
                    .setFromSlot(fromSlot).build());
            List<SubscribeUpdate> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Object o = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!(o instanceof SubscribeUpdate u)) {
                    throw new AssertionError("the replay stopped after " + out.size() + " updates: " + o);
                }
                out.add(u);
                if (u.hasSlot() && u.getSlot().getSlot() == lastSlot && u.getSlot().getStatus() == SlotStatus.SLOT_CONFIRMED) {
                    break; // that slot's transactions follow its confirmed status
                }
            }
            Object o;
            while ((o = received.poll(300, TimeUnit.MILLISECONDS)) instanceof SubscribeUpdate u) {
                out.add(u);
            }
            return out;
        } finally {
            if (call.get() != null) {
                call.get().cancel("test done", null);
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static SolanaBlock getBlock(HttpClient http, URI url, long slot) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\",\"params\":[" + slot + ",{\"encoding\":\"base64\","
                + "\"maxSupportedTransactionVersion\":0,\"transactionDetails\":\"full\",\"rewards\":false,\"commitment\":\"confirmed\"}]}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return RpcTransactionParser.parseBlock(JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError("getBlock(" + slot + ") failed", e);
        }
    }

    // ---- hand-made updates --------------------------------------------------------------------------

    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static ByteString bs(byte[] b) {
        return ByteString.copyFrom(b);
    }

    private static ByteString indexes(int... i) {
        byte[] b = new byte[i.length];
        for (int k = 0; k < i.length; k++) {
            b[k] = (byte) i[k];
        }
        return ByteString.copyFrom(b);
    }

    /**
     * A v0 transaction: 4 static keys (payer, two accounts, the program), a lookup that loads two
     * writable and one read-only address, a top-level instruction and an inner instruction whose
     * program and accounts are loaded addresses.
     */
    private record Sample(byte[] signature, List<byte[]> staticKeys, byte[] blockhash, byte[] table, List<byte[]> loadedWritable,
                          List<byte[]> loadedReadonly, byte[] ixData, byte[] innerData) {
        static Sample make() {
            return new Sample(bytes(64), List.of(bytes(32), bytes(32), bytes(32), bytes(32)), bytes(32), bytes(32),
                    List.of(bytes(32), bytes(32)), List.of(bytes(32)), bytes(9), bytes(17));
        }

        SubscribeUpdateTransactionInfo.Builder proto() {
            Message.Builder m = Message.newBuilder()
                    .setHeader(MessageHeader.newBuilder().setNumRequiredSignatures(1).setNumReadonlySignedAccounts(0)
                            .setNumReadonlyUnsignedAccounts(1))
                    .setRecentBlockhash(bs(blockhash))
                    .setVersioned(true)
                    .addInstructions(CompiledInstruction.newBuilder().setProgramIdIndex(3).setAccounts(indexes(0, 1, 4, 6))
                            .setData(bs(ixData)))
                    .addAddressTableLookups(MessageAddressTableLookup.newBuilder().setAccountKey(bs(table))
                            .setWritableIndexes(indexes(7, 2)).setReadonlyIndexes(indexes(40)));
            staticKeys.forEach(k -> m.addAccountKeys(bs(k)));
            TransactionStatusMeta.Builder meta = TransactionStatusMeta.newBuilder()
                    .setFee(5000)
                    .addLogMessages("Program log: one").addLogMessages("Program log: two")
                    .addInnerInstructions(InnerInstructions.newBuilder().setIndex(0).addInstructions(InnerInstruction.newBuilder()
                            .setProgramIdIndex(6).setAccounts(indexes(4, 5, 2)).setData(bs(innerData)).setStackHeight(2)));
            loadedWritable.forEach(k -> meta.addLoadedWritableAddresses(bs(k)));
            loadedReadonly.forEach(k -> meta.addLoadedReadonlyAddresses(bs(k)));
            return SubscribeUpdateTransactionInfo.newBuilder()
                    .setSignature(bs(signature))
                    .setIsVote(false)
                    .setTransaction(Transaction.newBuilder().addSignatures(bs(signature)).setMessage(m))
                    .setMeta(meta)
                    .setIndex(7);
        }

        /** The same transaction as getBlock's json encoding writes it. */
        ObjectNode json(JsonNode err) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode tx = root.putObject("transaction");
            tx.putArray("signatures").add(Base58.encode(signature));
            ObjectNode msg = tx.putObject("message");
            msg.putObject("header").put("numRequiredSignatures", 1).put("numReadonlySignedAccounts", 0).put("numReadonlyUnsignedAccounts", 1);
            ArrayNode keys = msg.putArray("accountKeys");
            staticKeys.forEach(k -> keys.add(Base58.encode(k)));
            msg.put("recentBlockhash", Base58.encode(blockhash));
            ObjectNode ix = msg.putArray("instructions").addObject().put("programIdIndex", 3).put("data", Base58.encode(ixData));
            ix.putArray("accounts").add(0).add(1).add(4).add(6);
            ObjectNode lookup = msg.putArray("addressTableLookups").addObject().put("accountKey", Base58.encode(table));
            lookup.putArray("writableIndexes").add(7).add(2);
            lookup.putArray("readonlyIndexes").add(40);
            ObjectNode meta = root.putObject("meta");
            meta.set("err", err);
            meta.put("fee", 5000);
            meta.putArray("logMessages").add("Program log: one").add("Program log: two");
            ObjectNode inner = meta.putArray("innerInstructions").addObject().put("index", 0);
            ObjectNode innerIx = inner.putArray("instructions").addObject().put("programIdIndex", 6).put("data", Base58.encode(innerData))
                    .put("stackHeight", 2);
            innerIx.putArray("accounts").add(4).add(5).add(2);
            ObjectNode loaded = meta.putObject("loadedAddresses");
            ArrayNode w = loaded.putArray("writable");
            loadedWritable.forEach(k -> w.add(Base58.encode(k)));
            ArrayNode r = loaded.putArray("readonly");
            loadedReadonly.forEach(k -> r.add(Base58.encode(k)));
            root.put("version", 0);
            return root;
        }
    }

    @Test
    void loadedAddressesFollowTheStaticKeysWritableFirstAsGetBlockOrdersThem() throws Exception {
        Sample s = Sample.make();
        SolanaTransaction tx = GeyserTransactions.read(s.proto().build());

        assertThat(tx.accountKeys()).extracting(PublicKey::toBase58).containsExactly(
                Base58.encode(s.staticKeys().get(0)), Base58.encode(s.staticKeys().get(1)), Base58.encode(s.staticKeys().get(2)),
                Base58.encode(s.staticKeys().get(3)), Base58.encode(s.loadedWritable().get(0)), Base58.encode(s.loadedWritable().get(1)),
                Base58.encode(s.loadedReadonly().getFirst()));
        assertThat(tx.accountKey(tx.innerInstructions().getFirst().programIdIndex()).toBase58())
                .as("the inner instruction's program is the loaded read-only address").isEqualTo(Base58.encode(s.loadedReadonly().getFirst()));
        assertThat(tx).isEqualTo(RpcTransactionParser.parseTransactionWithMeta(s.json(JSON.nullNode()), 7, "tx"));
        assertThat(tx.succeeded()).isTrue();
        assertThat(tx.index()).isEqualTo(7);
        assertThat(tx.logMessages()).containsExactly("Program log: one", "Program log: two");
    }

    @Test
    void aFailedTransactionIsFailedWithTheErrorAsTheRpcWritesIt() throws Exception {
        Sample s = Sample.make();
        byte[] bincode = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).putInt(8).put((byte) 2).putInt(25).putInt(6001).array();
        SolanaTransaction tx = GeyserTransactions.read(s.proto()
                .setMeta(s.proto().getMeta().toBuilder().setErr(TransactionError.newBuilder().setErr(bs(bincode)))).build());

        assertThat(tx.status()).isEqualTo(SolanaTransaction.Status.FAILED);
        assertThat(tx.error()).isEqualTo("{\"InstructionError\":[2,{\"Custom\":6001}]}");
        assertThat(tx).isEqualTo(RpcTransactionParser.parseTransactionWithMeta(
                s.json(JSON.readTree("{\"InstructionError\":[2,{\"Custom\":6001}]}")), 7, "tx"));
    }

    @Test
    void bincodeErrorsReadAsTheRpcJsonAndUnknownOnesKeepTheirBytes() {
        assertThat(GeyserTransactionError.json(le(0))).isEqualTo("\"AccountInUse\"");
        assertThat(GeyserTransactionError.json(le(7))).isEqualTo("\"BlockhashNotFound\"");
        assertThat(GeyserTransactionError.json(cat(le(8), new byte[] {1}, le(1)))).isEqualTo("{\"InstructionError\":[1,\"InvalidArgument\"]}");
        assertThat(GeyserTransactionError.json(cat(le(8), new byte[] {(byte) 200}, le(25), le(-1))))
                .isEqualTo("{\"InstructionError\":[200,{\"Custom\":4294967295}]}");
        assertThat(GeyserTransactionError.json(cat(le(30), new byte[] {4}))).isEqualTo("{\"DuplicateInstruction\":4}");
        assertThat(GeyserTransactionError.json(cat(le(31), new byte[] {3}))).isEqualTo("{\"InsufficientFundsForRent\":{\"account_index\":3}}");
        byte[] text = "bad \"data\"".getBytes(StandardCharsets.UTF_8);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).array();
        assertThat(GeyserTransactionError.json(cat(le(8), new byte[] {0}, le(44), length, text)))
                .isEqualTo("{\"InstructionError\":[0,{\"BorshIoError\":\"bad \\\"data\\\"\"}]}");
        assertThat(GeyserTransactionError.json(cat(le(8), new byte[] {0}, le(44)))).isEqualTo("{\"InstructionError\":[0,\"BorshIoError\"]}");
        assertThat(GeyserTransactionError.json(le(99))).as("a variant newer than the list").isEqualTo("{\"bincode\":\"63000000\"}");
        assertThat(GeyserTransactionError.json(cat(le(8), new byte[] {1}))).as("cut short").isEqualTo("{\"bincode\":\"0800000001\"}");
        assertThat(GeyserTransactionError.json(cat(le(0), new byte[] {9}))).as("trailing bytes").isEqualTo("{\"bincode\":\"0000000009\"}");
        assertThat(GeyserTransactionError.json(new byte[0])).isEqualTo("{\"bincode\":\"\"}");
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] cat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void logMessagesNoneAndInnerInstructionsNoneGiveEmptyLists() throws Exception {
        Sample s = Sample.make();
        SubscribeUpdateTransactionInfo.Builder b = s.proto();
        b.setMeta(b.getMeta().toBuilder().clearLogMessages().setLogMessagesNone(true).clearInnerInstructions().setInnerInstructionsNone(true));
        SolanaTransaction tx = GeyserTransactions.read(b.build());
        assertThat(tx.logMessages()).isEmpty();
        assertThat(tx.innerInstructions()).isEmpty();
    }

    @Test
    void malformedUpdatesAreRefusedNamingTheField() {
        Sample s = Sample.make();
        assertMalformed(s, b -> b.clearMeta(), "meta", "missing");
        assertMalformed(s, b -> b.clearTransaction(), "transaction", "missing");
        assertMalformed(s, b -> b.setSignature(bs(bytes(64))), "signature", "transaction.signatures[0] is");
        assertMalformed(s, b -> b.setSignature(bs(bytes(63))), "signature", "64 bytes, got 63");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().setAccountKeys(1, bs(bytes(31))),
                "transaction.message.account_keys[1]", "32 bytes, got 31");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().getInstructionsBuilder(0).setProgramIdIndex(7),
                "transaction.message.instructions[0].program_id_index", "outside the 7 account keys");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().getInstructionsBuilder(0).setAccounts(indexes(0, 9)),
                "transaction.message.instructions[0].accounts[1]", "outside");
        assertMalformed(s, b -> b.getMetaBuilder().getInnerInstructionsBuilder(0).getInstructionsBuilder(0).setProgramIdIndex(12),
                "meta.inner_instructions[0].instructions[0].program_id_index", "outside the 7 account keys");
        assertMalformed(s, b -> b.getMetaBuilder().getInnerInstructionsBuilder(0).setIndex(1), "meta.inner_instructions[0].index",
                "instruction 1 of 1");
        assertMalformed(s, b -> b.getMetaBuilder().clearLoadedReadonlyAddresses(), "meta.loaded_writable_addresses",
                "2 writable and 0 read-only addresses, but the message looks up 2 and 1");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().setVersioned(false),
                "transaction.message.address_table_lookups", "a legacy message");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().getHeaderBuilder().setNumRequiredSignatures(2),
                "transaction.signatures", "1 signatures for a message that requires 2");
        assertMalformed(s, b -> b.getTransactionBuilder().getMessageBuilder().clearHeader(), "transaction.message.header", "missing");
        assertMalformed(s, b -> b.setIndex(-1), "index", "18446744073709551615");
    }

    private static void assertMalformed(Sample s, Consumer<SubscribeUpdateTransactionInfo.Builder> damage, String path, String problem) {
        SubscribeUpdateTransactionInfo.Builder b = s.proto();
        damage.accept(b);
        assertThatThrownBy(() -> GeyserTransactions.read(b.build()))
                .isInstanceOfSatisfying(TransactionFormatException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).contains(problem);
                });
    }
}
