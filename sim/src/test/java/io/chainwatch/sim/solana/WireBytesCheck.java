package io.chainwatch.sim.solana;

import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocks;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.sim.testing.WsClient;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A manual check, not a test: everything a fixed-seed run of the simulator serves, written to a file
 * one message a line, so that two builds can be compared byte for byte (a change meant to keep the wire
 * unchanged: run it on both, then {@code cmp} the files). It covers the WebSocket notifications (slots,
 * logs of all transactions and of pump's, pump's program accounts, an account), the Geyser updates
 * (transactions, blocks with their transactions and accounts, block metas, slots, accounts), and the
 * HTTP answers for every kept slot's block in each encoding, every transaction, the address listings
 * and the accounts. The clock is fixed, so block times and Geyser timestamps repeat.
 * {@code java -cp target/classes:target/test-classes:<deps> io.chainwatch.sim.solana.WireBytesCheck out.txt [slots]}.
 */
public final class WireBytesCheck {
    private static final Duration QUIET = Duration.ofMillis(700);

    private WireBytesCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int slots = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        SolanaSimConfig config = SolanaSimConfig.manual(7).withEndpoints(1).withSkipRate(0.1).withForkRate(0.1)
                .withActivity(PumpActivity.typical().withTradesPerSlot(6).withLayouts(EventLayouts.MIXED).withVersionedShare(0.3)
                        .withCompletionChance(0.1))
                .withClock(InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z")));
        List<String> lines = new ArrayList<>();
        try (SolanaSimulator sim = SolanaSimulator.start(config);
             WsClient ws = WsClient.connect(sim.endpoint(0).wsUrl())) {
            String pump = SolanaPrograms.PUMP.base58();
            subscribe(ws, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slotSubscribe\"}");
            subscribe(ws, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logsSubscribe\",\"params\":[\"all\",{\"commitment\":\"processed\"}]}");
            subscribe(ws, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logsSubscribe\",\"params\":[{\"mentions\":[\"" + pump
                    + "\"]},{\"commitment\":\"confirmed\"}]}");
            subscribe(ws, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"programSubscribe\",\"params\":[\"" + pump
                    + "\",{\"encoding\":\"base64\",\"commitment\":\"processed\"}]}");
            subscribe(ws, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"accountSubscribe\",\"params\":[\""
                    + SolanaPrograms.PUMP_GLOBAL.base58() + "\",{\"encoding\":\"base58\",\"commitment\":\"finalized\"}]}");
            ManagedChannel channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
            try (GrpcSubscription geyser = GrpcSubscription.open(channel, SubscribeRequest.newBuilder()
                    .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
                    .putBlocks("blocks", SubscribeRequestFilterBlocks.newBuilder().setIncludeTransactions(true).setIncludeAccounts(true)
                            .build())
                    .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
                    .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                    .putAccounts("pump", SubscribeRequestFilterAccounts.newBuilder().addOwner(pump).build()).build())) {
                geyser.sync(Duration.ofSeconds(10));
                Thread.sleep(QUIET); // the subscribe answers before any notification
                for (int i = 0; i < slots; i += 10) {
                    sim.produceSlots(10);
                }
                for (String m : ws.drainUntilQuiet(QUIET)) {
                    lines.add("ws " + m);
                }
                for (SubscribeUpdate u : geyser.drainUntilQuiet(QUIET)) {
                    if (!u.hasPing() && !u.hasPong()) {
                        lines.add("grpc " + Base64.getEncoder().encodeToString(u.toByteArray()));
                    }
                }
            } finally {
                GrpcSubscription.close(channel);
            }
            http(sim, pump, lines);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            lines.forEach(w::println);
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        lines.forEach(l -> sha.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
        long ws = lines.stream().filter(l -> l.startsWith("ws ")).count();
        long grpc = lines.stream().filter(l -> l.startsWith("grpc ")).count();
        System.out.printf("%,d messages (%,d WebSocket, %,d Geyser, %,d HTTP), SHA-256 %s%n", lines.size(), ws, grpc,
                lines.size() - ws - grpc, HexFormat.of().formatHex(sha.digest()));
    }

    /** Sends a subscribe request and keeps its answer with the messages (the subscription id is served too). */
    private static void subscribe(WsClient ws, String request) {
        ws.sendText(request);
    }

    /** Every kept block in each form, every transaction in each encoding, listings and accounts. */
    private static void http(SolanaSimulator sim, String pump, List<String> lines) {
        RpcClient rpc = new RpcClient(sim.endpoint(0).httpUrl());
        long tip = sim.slot(Commitment.PROCESSED);
        List<String> signatures = new ArrayList<>();
        for (long slot = sim.config().startSlot(); slot <= tip; slot++) {
            for (String form : List.of("\"encoding\":\"json\",\"transactionDetails\":\"full\",\"rewards\":true",
                    "\"encoding\":\"base64\",\"transactionDetails\":\"full\"", "\"encoding\":\"base58\",\"transactionDetails\":\"signatures\"")) {
                lines.add("http " + rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\",\"params\":[" + slot
                        + ",{\"commitment\":\"confirmed\",\"maxSupportedTransactionVersion\":0," + form + "}]}"));
            }
            sim.block(slot).ifPresent(b -> b.transactions().forEach(t -> signatures.add(t.signature())));
        }
        for (String s : signatures) {
            for (String encoding : List.of("json", "base64")) {
                lines.add("http " + rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getTransaction\",\"params\":[\"" + s
                        + "\",{\"commitment\":\"confirmed\",\"maxSupportedTransactionVersion\":0,\"encoding\":\"" + encoding + "\"}]}"));
            }
        }
        for (String address : List.of(pump, SolanaPrograms.SYSTEM.base58(), SolanaPrograms.PUMP_AMM.base58())) {
            for (int round = 0; round < 2; round++) { // the first walks the blocks, the second reads the index
                lines.add("http " + rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSignaturesForAddress\",\"params\":[\""
                        + address + "\",{\"commitment\":\"confirmed\",\"limit\":1000}]}"));
                sim.produceSlots(1);
            }
        }
        for (SimCurve c : sim.curves()) {
            lines.add("http " + rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getAccountInfo\",\"params\":[\"" + c.bondingCurve().base58()
                    + "\",{\"encoding\":\"base64\",\"commitment\":\"processed\"}]}"));
        }
    }
}
