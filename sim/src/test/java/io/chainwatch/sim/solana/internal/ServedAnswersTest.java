package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import io.chainwatch.sim.solana.SolanaSimConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The answers the simulator keeps or indexes (getSignaturesForAddress from the per-address index,
 * getBlock results made once, logsNotifications copied from bytes made with the transaction) are
 * byte for byte the answers written from the blocks, over forks,
 * skipped slots, pruned history and every commitment, encoding and option the endpoint offers.
 * The reference is the walk over every transaction of every shown block that the endpoint did
 * before the index, written out here.
 */
@Timeout(60)
class ServedAnswersTest {
    private static final Pubkey NOBODY = Pubkey.of(filled(9, 32));
    private static final String UNKNOWN_SIGNATURE = Base58.encode(filled(7, 64));

    private final SolanaSimConfig config = SolanaSimConfig.manual(23).withSkipRate(0.1).withDepths(2, 8).withHistorySlots(140)
            .withActivity(PumpActivity.typical().withTradesPerSlot(6));
    private final Ledger ledger = new Ledger(config.historySlots(), config.confirmationDepth(), config.finalizationDepth());
    private final SlotLoop loop = new SlotLoop(config, ledger, new AccountStore(), List.of());
    private final SolanaRpc rpc = new SolanaRpc(ledger, new AccountStore(), new SolanaFaultState(1), new EndpointCounters());
    /** Signatures of blocks a fork abandoned, to list before and until. */
    private final List<String> abandoned = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void indexedSignatureListingsEqualTheWalkOverEveryBlock() {
        loop.start();
        produceWithForks(60);
        List<Pubkey> addresses = addresses();
        Map<String, String> walked = new LinkedHashMap<>();
        for (String request : signatureRequests(addresses)) {
            walked.put(request, rpc.answer(request, null)); // not indexed yet: the endpoint walks the blocks
        }
        assertThat(ledger.view().signatures(SolanaPrograms.PUMP)).isNull();
        loop.read(ledger::publish); // the addresses asked about are indexed from the next view on
        assertThat(ledger.view().signatures(SolanaPrograms.PUMP)).isNotNull();
        for (Map.Entry<String, String> e : walked.entrySet()) {
            assertThat(rpc.answer(e.getKey(), null)).as(e.getKey()).isEqualTo(e.getValue()).isEqualTo(reference(e.getKey()));
        }
        // More slots, forks and pruned history (140 slots kept): the index grows, compacts and is cut as the blocks are.
        for (int round = 0; round < 4; round++) {
            produceWithForks(60);
            for (String request : signatureRequests(addresses())) {
                assertThat(rpc.answer(request, null)).as(request).isEqualTo(reference(request));
            }
        }
        assertThat(ledger.view().lowest()).isGreaterThan(config.startSlot() + 100);
    }

    @Test
    void everyKeptTransactionIsFoundBySignatureInItsBlockCanonicalOrAbandonedAndNoOtherIs() {
        loop.start();
        for (int round = 0; round < 4; round++) {
            produceWithForks(60);
            LedgerView view = ledger.view();
            Set<String> canonical = new HashSet<>();
            int found = 0;
            for (long s = view.lowest(); s <= view.tip(); s++) {
                SolBlock b = view.block(s);
                List<SolTx> txs = b == null ? List.of() : b.transactions();
                for (int i = 0; i < txs.size(); i++) {
                    Ledger.TxRef ref = ledger.transaction(txs.get(i).signature());
                    assertThat(ref).as("slot %d tx %d", s, i).isNotNull();
                    assertThat(ref.block()).isSameAs(b);
                    assertThat(ref.index()).isEqualTo(i);
                    canonical.add(txs.get(i).signature());
                    found++;
                }
            }
            assertThat(found).isGreaterThan(100);
            int abandonedKept = 0;
            for (String signature : abandoned) {
                Ledger.TxRef ref = ledger.transaction(signature);
                if (canonical.contains(signature)) {
                    assertThat(view.block(ref.block().slot())).isSameAs(ref.block()); // landed again: the canonical copy
                } else if (ref != null) {
                    assertThat(view.block(ref.block().slot())).isNotSameAs(ref.block()); // still findable, in its abandoned block
                    assertThat(ref.tx().signature()).isEqualTo(signature);
                    assertThat(ref.block().slot()).isGreaterThanOrEqualTo(view.lowest());
                    abandonedKept++;
                } else {
                    // Gone only with the history its block was in.
                    assertThat(view.lowest()).isGreaterThan(config.startSlot());
                }
            }
            assertThat(abandonedKept).as("abandoned transactions still in the history").isPositive();
            assertThat(ledger.transaction(UNKNOWN_SIGNATURE)).isNull();
        }
        assertThat(ledger.view().lowest()).isGreaterThan(config.startSlot() + 100);
    }

    @Test
    void keptBlockResultsEqualTheBlockWrittenAgainInEveryForm() {
        loop.start();
        produceWithForks(40);
        LedgerView view = ledger.view();
        for (long slot = view.tip(); slot >= view.lowest(); slot -= 3) {
            for (String commitment : List.of("confirmed", "finalized")) {
                for (String encoding : List.of("json", "base64", "base58", "binary")) {
                    for (String details : List.of("full", "signatures", "none")) {
                        for (String rewards : List.of("", ",\"rewards\":false", ",\"rewards\":true")) {
                            for (String version : List.of("", ",\"maxSupportedTransactionVersion\":0")) {
                                String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\",\"params\":[" + slot
                                        + ",{\"commitment\":\"" + commitment + "\",\"encoding\":\"" + encoding + "\",\"transactionDetails\":\""
                                        + details + "\"" + rewards + version + "}]}";
                                String first = rpc.answer(request, null);
                                assertThat(rpc.answer(request, null)).as(request).isEqualTo(first)
                                        .isEqualTo(blockReference(view, slot, commitment, encoding, details, rewards, version, first));
                            }
                        }
                    }
                }
            }
        }
        // Kept results are not shown beyond what the commitment shows: a slot above confirmed stays unavailable.
        long above = ledger.view().confirmed() + 1;
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\",\"params\":[" + above
                + ",{\"maxSupportedTransactionVersion\":0}]}";
        assertThat(rpc.answer(request, null)).contains("-32004");
    }

    @Test
    void logsNotificationsCopiedFromTheTransactionEqualTheTextWrittenPerMessage() {
        loop.start();
        produceWithForks(20);
        LedgerView view = ledger.view();
        SolSub[] subs = {SolSub.of(0, SolSub.Kind.LOGS, io.chainwatch.sim.solana.Commitment.CONFIRMED, null, AccountEncoding.BASE64,
                List.of()), SolSub.of(123_456_789_012L, SolSub.Kind.LOGS, io.chainwatch.sim.solana.Commitment.PROCESSED,
                SolanaPrograms.PUMP, AccountEncoding.BASE64, List.of())};
        int checked = 0;
        for (long slot = view.lowest(); slot <= view.tip(); slot++) {
            SolBlock b = view.block(slot);
            for (SolSub sub : subs) {
                byte[] head = SolanaJson.logsNotificationHead(sub.prefixUtf8(), slot);
                for (SolTx t : b == null ? List.<SolTx>of() : b.transactions()) {
                    String written = sub.prefix() + "{\"context\":{\"slot\":" + slot + "},\"value\":{\"signature\":\"" + t.signature()
                            + "\",\"err\":" + (t.errJson() == null ? "null" : t.errJson()) + ",\"logs\":" + t.logsJson() + "}}" + sub.suffix();
                    assertThat(SolanaJson.logsNotification(head, t, sub.suffixUtf8())).isEqualTo(written.getBytes(StandardCharsets.UTF_8));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void logsKeptAsNotificationBytesReadBackExactlyWhateverTheCharacters() {
        LogWriter w = new LogWriter(200_000);
        w.invoke(SolanaPrograms.PUMP);
        w.log("caf\u00e9 \u2603 \"quoted\" \u0001");
        w.data(new byte[] {0, 1, 2});
        w.fail("custom program error: 0x1772");
        String pump = SolanaPrograms.PUMP.base58();
        String logs = "[\"Program " + pump + " invoke [1]\",\"Program log: caf\u00e9 \u2603 \\\"quoted\\\" \\u0001\",\"Program data: AAEC\","
                + "\"Program " + pump + " consumed 0 of 200000 compute units\",\"Program " + pump + " failed: custom program error: 0x1772\"]";
        String err = "{\"InstructionError\":[2,{\"Custom\":6002}]}";
        byte[][] pieces = w.pieces("5sig", err);
        assertThat(LogsText.logsJson(pieces, err)).isEqualTo(logs).isEqualTo(w.json());
        assertThat(LogsText.eventData(pieces, 0)).containsExactly(0, 1, 2);
        assertThat(joined(pieces)).isEqualTo("5sig\",\"err\":" + err + ",\"logs\":" + logs + "}}");
        w.start(200_000);
        assertThat(LogsText.logsJson(w.pieces("5sig", null), null)).isEqualTo("[]");
        assertThat(joined(w.pieces("5sig", null))).isEqualTo("5sig\",\"err\":null,\"logs\":[]}}");
    }

    private static String joined(byte[][] pieces) {
        StringBuilder sb = new StringBuilder();
        for (byte[] p : pieces) {
            sb.append(new String(p, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** What the endpoint answered before results were kept: an error as answered, a result as SolanaJson writes the block. */
    private static String blockReference(LedgerView view, long slot, String commitment, String encoding, String details, String rewards,
            String version, String answered) {
        SolBlock b = view.block(slot);
        long shown = commitment.equals("finalized") ? view.finalized() : view.confirmed();
        if (answered.contains("\"error\"")) {
            boolean versionRefused = details.equals("full") && version.isEmpty() && b != null
                    && b.transactions().stream().anyMatch(t -> t.version() >= 0);
            assertThat(b == null || slot > shown || versionRefused).as("error for slot " + slot + ": " + answered).isTrue();
            return answered;
        }
        SolanaJson.TxEncoding e = switch (encoding) {
            case "json" -> SolanaJson.TxEncoding.JSON;
            case "base64" -> SolanaJson.TxEncoding.BASE64;
            default -> SolanaJson.TxEncoding.BASE58;
        };
        SolanaJson.Details d = SolanaJson.Details.valueOf(details.toUpperCase(java.util.Locale.ROOT));
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
                + SolanaJson.block(new StringBuilder(), b, d, e, !rewards.contains("false"), !version.isEmpty()) + "}";
    }

    private void produceWithForks(int slots) {
        for (int i = 0; i < slots; i++) {
            if (i % 9 == 4 && ledger.view().tip() > ledger.view().confirmed()) {
                LedgerView before = ledger.view();
                for (long s : loop.fork(1).abandonedSlots()) {
                    before.block(s).transactions().forEach(t -> abandoned.add(t.signature()));
                }
            } else {
                loop.produce(1);
            }
        }
    }

    /** The pump program (in nearly every transaction), two keys of the newest transactions (a user, a curve), and a key in none. */
    private List<Pubkey> addresses() {
        LedgerView view = ledger.view();
        SolBlock b = view.atOrBelow(view.confirmed());
        while (b.transactions().isEmpty()) {
            b = view.atOrBelow(b.slot() - 1);
        }
        SolTx t = b.transactions().getLast();
        return List.of(SolanaPrograms.PUMP, t.accountKeys().get(0), t.accountKeys().get(2), NOBODY);
    }

    /** Requests over the addresses, commitments, limits, and before and until at canonical, abandoned and unknown signatures. */
    private List<String> signatureRequests(List<Pubkey> addresses) {
        LedgerView view = ledger.view();
        List<String> signatures = new ArrayList<>();
        for (long s = view.tip(); s >= view.lowest() && signatures.size() < 14; s -= 7) {
            SolBlock b = view.atOrBelow(s);
            if (b != null && !b.transactions().isEmpty()) {
                signatures.add(b.transactions().get((int) (s % b.transactions().size())).signature());
            }
        }
        signatures.addAll(abandoned.subList(Math.max(0, abandoned.size() - 3), abandoned.size()));
        signatures.add(UNKNOWN_SIGNATURE);
        List<String> out = new ArrayList<>();
        for (Pubkey a : addresses) {
            for (String commitment : List.of("confirmed", "finalized")) {
                for (int limit : new int[] {1, 3, 1000}) {
                    out.add(signaturesRequest(a, commitment, limit, null, null));
                    for (List<String> pair : sameBlockPairs(view)) { // until after before in its block is never reached
                        out.add(signaturesRequest(a, commitment, limit, pair.get(0), pair.get(1)));
                        out.add(signaturesRequest(a, commitment, limit, pair.get(1), pair.get(0)));
                        out.add(signaturesRequest(a, commitment, limit, pair.get(0), pair.get(0)));
                    }
                    for (int i = 0; i < signatures.size(); i++) {
                        out.add(signaturesRequest(a, commitment, limit, signatures.get(i), null));
                        out.add(signaturesRequest(a, commitment, limit, null, signatures.get(i)));
                        out.add(signaturesRequest(a, commitment, limit, signatures.get(i), signatures.get((i + 3) % signatures.size())));
                    }
                }
            }
        }
        return out;
    }

    /** Signatures of neighbouring transactions in a few blocks, earlier one first. */
    private static List<List<String>> sameBlockPairs(LedgerView view) {
        List<List<String>> out = new ArrayList<>();
        for (long s = view.confirmed(); s >= view.lowest() && out.size() < 4; s -= 11) {
            SolBlock b = view.block(s);
            if (b != null && b.transactions().size() >= 2) {
                out.add(List.of(b.transactions().get(0).signature(), b.transactions().get(1).signature()));
            }
        }
        return out;
    }

    private static String signaturesRequest(Pubkey address, String commitment, int limit, String before, String until) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSignaturesForAddress\",\"params\":[\"" + address.base58()
                + "\",{\"commitment\":\"" + commitment + "\",\"limit\":" + limit
                + (before == null ? "" : ",\"before\":\"" + before + "\"") + (until == null ? "" : ",\"until\":\"" + until + "\"") + "}]}";
    }

    /** The listing as the endpoint wrote it before the index: every transaction of every shown block, newest first. */
    private String reference(String request) {
        Pubkey address = Pubkey.fromBase58(between(request, "\"params\":[\"", "\""));
        boolean finalizedOnly = request.contains("\"finalized\"");
        int limit = Integer.parseInt(between(request, "\"limit\":", request.contains("\"before\"") || request.contains("\"until\"") ? "," : "}"));
        String before = request.contains("\"before\"") ? between(request, "\"before\":\"", "\"") : null;
        String until = request.contains("\"until\"") ? between(request, "\"until\":\"", "\"") : null;
        LedgerView view = ledger.view();
        long top = finalizedOnly ? view.finalized() : view.confirmed();
        int startBelow = Integer.MAX_VALUE;
        if (before != null) {
            Ledger.TxRef ref = ledger.transaction(before);
            if (ref == null || ref.block().slot() > top || view.block(ref.block().slot()) != ref.block()) {
                return answer("[]");
            }
            top = ref.block().slot();
            startBelow = ref.index();
        }
        StringBuilder sb = new StringBuilder("[");
        int n = 0;
        for (long s = top; s >= view.lowest() && n < limit; s--) {
            SolBlock b = view.block(s);
            if (b == null) {
                continue;
            }
            List<SolTx> txs = b.transactions();
            for (int i = Math.min(txs.size(), startBelow) - 1; i >= 0 && n < limit; i--) {
                SolTx t = txs.get(i);
                if (t.signature().equals(until)) {
                    return answer(sb.append(']').toString());
                }
                if (!t.accountKeys().contains(address)) {
                    continue;
                }
                sb.append(n++ == 0 ? "" : ",").append("{\"blockTime\":").append(b.blockTime())
                        .append(",\"confirmationStatus\":\"").append(s <= view.finalized() ? "finalized" : "confirmed")
                        .append("\",\"err\":").append(t.errJson() == null ? "null" : t.errJson())
                        .append(",\"memo\":null,\"signature\":\"").append(t.signature()).append("\",\"slot\":").append(s).append('}');
            }
            startBelow = Integer.MAX_VALUE;
        }
        return answer(sb.append(']').toString());
    }

    private static String answer(String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}";
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from) + from.length();
        return s.substring(a, s.indexOf(to, a));
    }

    private static byte[] filled(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
