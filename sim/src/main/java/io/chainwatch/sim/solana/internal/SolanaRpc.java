package io.chainwatch.sim.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.JsonRpcEnvelope;
import io.chainwatch.sim.internal.RpcFailure;
import io.chainwatch.sim.internal.WsConnection;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaFaults;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers the Solana JSON-RPC of one endpoint, over HTTP and WebSocket, from the ledger snapshot
 * taken when the message arrives and the endpoint's faults at that moment. Results and errors
 * follow Agave's shapes and codes: -32004 block not available, -32007 slot skipped, -32001 block
 * cleaned up, -32015 transaction version not supported, -32016 min context slot not reached, -32005
 * node behind.
 *
 * <p>Thread-safe: server threads call it concurrently; it keeps no state but the endpoint's
 * subscription id counter and the getBlock results it made ({@link BlockTexts}); getSignaturesForAddress
 * reads the ledger's {@link SignatureIndex}. One class because each method is a few lines over the shared helpers.
 */
public final class SolanaRpc {
    static final String SOLANA_CORE = "2.2.16";
    static final long FEATURE_SET = 3_073_396_398L;
    private static final int MAX_SLOT_RANGE = 500_000;
    private static final int MAX_SIGNATURES = 1_000;
    private static final int MAX_MULTIPLE_ACCOUNTS = 100;
    private static final int MAX_FILTERS = 4;
    private static final int HEALTH_SLOT_DISTANCE = 128;
    /** getBlock results kept (about 100 KB each for a slot of 20 pump transactions in full). */
    private static final int BLOCK_TEXTS = 1_024;
    private static final String CONTEXT = "{\"context\":{\"apiVersion\":\"" + SOLANA_CORE + "\",\"slot\":";

    private record Request(LedgerView view, SolanaFaults faults, WsConnection<SolSub> connection) {
        LedgerView.Shown shown() {
            return view.shown(faults.lagSlots());
        }
    }

    private final Ledger ledger;
    private final AccountStore accounts;
    private final SolanaFaultState faults;
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final BlockTexts blockTexts = new BlockTexts(BLOCK_TEXTS);
    private final JsonRpcEnvelope<Request> envelope;

    public SolanaRpc(Ledger ledger, AccountStore accounts, SolanaFaultState faults, EndpointCounters counters) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.faults = faults;
        this.envelope = new JsonRpcEnvelope<>(JsonRpcEnvelope.Texts.AGAVE, counters, this::call,
                req -> faults.roll(req.faults().errorRate()));
    }

    /** The answer to one HTTP body or WebSocket message; {@code connection} is null over HTTP. */
    public String answer(String text, WsConnection<SolSub> connection) {
        return envelope.answer(text, () -> new Request(ledger.view(), faults.snapshot(), connection));
    }

    private String call(String method, JsonNode raw, Request req) {
        SolanaParams p = SolanaParams.of(raw);
        return switch (method) {
            case "getSlot" -> getSlot(p.atMost(1), req);
            case "getBlockHeight" -> getBlockHeight(p.atMost(1), req);
            case "getBlocks" -> getBlocks(p.atMost(3), req);
            case "getBlocksWithLimit" -> getBlocksWithLimit(p.atMost(3), req);
            case "getBlock" -> getBlock(p.atMost(2), req);
            case "getTransaction" -> getTransaction(p.atMost(2), req);
            case "getSignaturesForAddress" -> getSignaturesForAddress(p.atMost(2), req);
            case "getAccountInfo" -> getAccountInfo(p.atMost(2), req);
            case "getMultipleAccounts" -> getMultipleAccounts(p.atMost(2), req);
            case "getProgramAccounts" -> getProgramAccounts(p.atMost(2), req);
            case "getLatestBlockhash" -> getLatestBlockhash(p.atMost(1), req);
            case "getFirstAvailableBlock" -> Long.toString(firstAvailableBlock(req.view()));
            case "minimumLedgerSlot" -> Long.toString(req.view().lowest());
            case "getHealth" -> getHealth(req);
            case "getVersion" -> "{\"feature-set\":" + FEATURE_SET + ",\"solana-core\":\"" + SOLANA_CORE + "\"}";
            case "slotSubscribe" -> subscribe(req, SolSub.Kind.SLOT, Commitment.PROCESSED, null, AccountEncoding.BASE64, List.of());
            case "logsSubscribe" -> logsSubscribe(p.atMost(2), req);
            case "programSubscribe" -> programSubscribe(p.atMost(2), req);
            case "accountSubscribe" -> accountSubscribe(p.atMost(2), req);
            case "slotUnsubscribe", "logsUnsubscribe", "programUnsubscribe", "accountUnsubscribe" -> unsubscribe(p.atMost(1), req);
            default -> throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "Method not found");
        };
    }

    // ---- slots and blocks ---------------------------------------------------------------------

    private static String getSlot(SolanaParams p, Request req) {
        JsonNode config = p.config(0);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        return Long.toString(slot);
    }

    private static String getBlockHeight(SolanaParams p, Request req) {
        JsonNode config = p.config(0);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        SolBlock b = req.view().atOrBelow(slot);
        return Long.toString(b == null ? 0 : b.blockHeight());
    }

    private static String getBlocks(SolanaParams p, Request req) {
        long start = SolanaParams.u64(p.required(0, "at least 1 element"), "u64");
        JsonNode second = p.optional(1);
        JsonNode config = second != null && second.isObject() ? second : p.config(2);
        long shown = req.shown().slot(SolanaParams.atLeastConfirmed(config));
        long end = second != null && !second.isObject() ? SolanaParams.u64(second, "u64") : shown;
        if (end < start) {
            return "[]";
        }
        if (end - start > MAX_SLOT_RANGE) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Slot range too large; max " + MAX_SLOT_RANGE);
        }
        return slots(req.view(), start, Math.min(end, shown), Integer.MAX_VALUE);
    }

    private static String getBlocksWithLimit(SolanaParams p, Request req) {
        long start = SolanaParams.u64(p.required(0, "2 elements"), "u64");
        long limit = SolanaParams.u64(p.required(1, "2 elements"), "usize");
        if (limit > MAX_SLOT_RANGE) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Limit too large; max " + MAX_SLOT_RANGE);
        }
        long shown = req.shown().slot(SolanaParams.atLeastConfirmed(p.config(2)));
        return slots(req.view(), start, shown, (int) limit);
    }

    private static String slots(LedgerView view, long from, long to, int limit) {
        StringBuilder sb = new StringBuilder(256).append('[');
        int n = 0;
        for (long s = Math.max(from, view.lowest()); s <= to && n < limit; s++) {
            if (view.block(s) != null) {
                sb.append(n++ == 0 ? "" : ",").append(s);
            }
        }
        return sb.append(']').toString();
    }

    private String getBlock(SolanaParams p, Request req) {
        long slot = SolanaParams.u64(p.required(0, "at least 1 element"), "u64");
        JsonNode config = p.config(1);
        Commitment c = SolanaParams.atLeastConfirmed(config);
        SolanaJson.TxEncoding encoding = txEncoding(config);
        SolanaJson.Details details = details(config);
        Boolean rewards = SolanaParams.bool(config, "rewards");
        Integer maxVersion = maxSupportedVersion(config);
        LedgerView view = req.view();
        LedgerView.Shown shown = req.shown();
        SolBlock b = null;
        if (slot <= shown.finalized()) {
            long first = firstAvailableBlock(view);
            if (slot < first) {
                throw new RpcFailure(-32001, "Block " + slot + " cleaned up, does not exist on node. First available block: " + first);
            }
            b = view.block(slot);
            if (b == null) {
                throw new RpcFailure(-32007, "Slot " + slot + " was skipped, or missing due to ledger jump to recent snapshot");
            }
        } else if (c == Commitment.CONFIRMED && slot <= shown.confirmed()) {
            b = view.block(slot);
        }
        if (b == null) {
            throw new RpcFailure(-32004, "Block not available for slot " + slot);
        }
        if (details == SolanaJson.Details.FULL) {
            for (SolTx t : b.transactions()) {
                checkVersion(t, maxVersion);
            }
        }
        SolBlock block = b;
        boolean withRewards = rewards == null || rewards;
        int form = ((encoding.ordinal() * 3 + details.ordinal()) * 2 + (withRewards ? 1 : 0)) * 2 + (maxVersion != null ? 1 : 0);
        return blockTexts.get(b, form, view.lowest(), () -> SolanaJson.block(new StringBuilder(8192 + 4096 * block.transactions().size()),
                block, details, encoding, withRewards, maxVersion != null).toString());
    }

    private static long firstAvailableBlock(LedgerView view) {
        SolBlock b = null;
        for (long s = view.lowest(); s <= view.tip() && b == null; s++) {
            b = view.block(s);
        }
        return b == null ? view.lowest() : b.slot();
    }

    private static String getLatestBlockhash(SolanaParams p, Request req) {
        JsonNode config = p.config(0);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        SolBlock b = req.view().atOrBelow(slot);
        return CONTEXT + slot + "},\"value\":{\"blockhash\":\"" + b.blockhash().base58() + "\",\"lastValidBlockHeight\":"
                + (b.blockHeight() + 150) + "}}";
    }

    // ---- transactions -------------------------------------------------------------------------

    private String getTransaction(SolanaParams p, Request req) {
        String signature = SolanaParams.signature(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        Commitment c = SolanaParams.atLeastConfirmed(config);
        SolanaJson.TxEncoding encoding = txEncoding(config);
        Integer maxVersion = maxSupportedVersion(config);
        Ledger.TxRef ref = ledger.transaction(signature);
        if (ref == null) {
            return "null";
        }
        SolBlock b = ref.block();
        if (req.view().block(b.slot()) != b || b.slot() > req.shown().slot(c)) {
            return "null";
        }
        checkVersion(ref.tx(), maxVersion);
        return SolanaJson.confirmedTransaction(new StringBuilder(6000), b, ref.tx(), encoding, maxVersion != null).toString();
    }

    private String getSignaturesForAddress(SolanaParams p, Request req) {
        Pubkey address = SolanaParams.pubkey(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        Commitment c = SolanaParams.atLeastConfirmed(config);
        LedgerView.Shown shown = req.shown();
        SolanaParams.minContextSlot(config, shown.slot(c));
        JsonNode limitNode = config == null || !config.isObject() ? null : config.get("limit");
        long limit = limitNode == null || limitNode.isNull() ? MAX_SIGNATURES : SolanaParams.u64(limitNode, "usize");
        if (limit < 1 || limit > MAX_SIGNATURES) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid limit; max " + MAX_SIGNATURES);
        }
        String before = sig(config, "before");
        String until = sig(config, "until");
        LedgerView view = req.view();
        long top = shown.slot(c);
        int startBelow = Integer.MAX_VALUE; // in the top slot: the transactions before this index
        if (before != null) {
            // As Agave: the listing goes on from the block that holds {@code before}; one this node does not show gives nothing.
            Ledger.TxRef ref = ledger.transaction(before);
            if (ref == null || ref.block().slot() > top || view.block(ref.block().slot()) != ref.block()) {
                return "[]";
            }
            top = ref.block().slot();
            startBelow = ref.index();
        }
        Listed listed = new Listed(new ListingText(), shown.finalized(), (int) limit);
        SignatureIndex.Listing index = view.signatures(address);
        if (index == null) {
            ledger.indexSignatures(address);
            walkBlocks(listed, view, address, top, startBelow, until);
        } else {
            walkIndex(listed, index, view, top, startBelow, until);
        }
        return listed.text.json();
    }

    /** A getSignaturesForAddress answer being written. */
    private static final class Listed {
        final ListingText text;
        final long finalized;
        final int limit;

        Listed(ListingText text, long finalized, int limit) {
            this.text = text;
            this.finalized = finalized;
            this.limit = limit;
        }

        boolean full() {
            return text.entries() >= limit;
        }

        /** One entry, with the status the request shows. */
        void add(long slot, byte[] blockText, byte[] signature, String errJson) {
            text.add(slot, blockText, slot <= finalized, signature, errJson);
        }
    }

    /**
     * Lists from the address's index: its entries below ({@code top}, {@code startBelow}), newest
     * first, in blocks this view shows, down to {@code until} if this view shows it there (where the
     * walk over the blocks would stop).
     */
    private void walkIndex(Listed out, SignatureIndex.Listing index, LedgerView view, long top, int startBelow, String until) {
        int end = index.countBefore(top, startBelow);
        long untilSlot = -1;
        int untilIndex = -1;
        Ledger.TxRef u = until == null ? null : ledger.transaction(until);
        if (u != null && view.block(u.block().slot()) == u.block()
                && (u.block().slot() < top || u.block().slot() == top && u.index() < startBelow)) {
            untilSlot = u.block().slot();
            untilIndex = u.index();
        }
        SignatureIndex.Entry[] entries = index.entries();
        for (int i = end - 1; i >= index.from() && !out.full(); i--) {
            SignatureIndex.Entry e = entries[i];
            if (untilSlot >= 0 && e.before(untilSlot, untilIndex + 1)) {
                return; // at or below until
            }
            if (view.block(e.slot()) == e.block()) {
                out.add(e.slot(), e.blockText(), e.signature(), e.errJson());
                if (out.full()) {
                    ledger.listingEnded(e.block(), e.index());
                }
            }
        }
    }

    /** Lists by walking every transaction of the blocks below ({@code top}, {@code startBelow}): for an address not indexed yet. */
    private void walkBlocks(Listed out, LedgerView view, Pubkey address, long top, int startBelow, String until) {
        for (long s = top; s >= view.lowest() && !out.full(); s--) {
            SolBlock b = view.block(s);
            if (b == null) {
                continue;
            }
            List<SolTx> txs = b.transactions();
            for (int i = Math.min(txs.size(), startBelow) - 1; i >= 0 && !out.full(); i--) {
                SolTx t = txs.get(i);
                if (t.hasSignature(until)) {
                    return;
                }
                if (t.mentions(address)) {
                    out.add(s, ListingText.blockText(b), t.signatureAscii(), t.errJson());
                    if (out.full()) {
                        ledger.listingEnded(b, i);
                    }
                }
            }
            startBelow = Integer.MAX_VALUE;
        }
    }

    private static String sig(JsonNode config, String field) {
        JsonNode n = config == null || !config.isObject() ? null : config.get(field);
        return n == null || n.isNull() ? null : SolanaParams.signature(n);
    }

    private static void checkVersion(SolTx t, Integer maxVersion) {
        if (t.version() >= 0 && (maxVersion == null || maxVersion < t.version())) {
            throw new RpcFailure(-32015, "Transaction version (" + t.version() + ") is not supported by the requesting client. "
                    + "Please try the request again with the following configuration parameter: \"maxSupportedTransactionVersion\": "
                    + t.version());
        }
    }

    private static Integer maxSupportedVersion(JsonNode config) {
        JsonNode n = config == null || !config.isObject() ? null : config.get("maxSupportedTransactionVersion");
        if (n == null || n.isNull()) {
            return null;
        }
        long v = SolanaParams.u64(n, "u8");
        if (v > 255) {
            throw SolanaParams.invalid("invalid value: integer `" + v + "`, expected u8");
        }
        return (int) v;
    }

    private static SolanaJson.TxEncoding txEncoding(JsonNode config) {
        String e = config == null ? null : config.isTextual() ? config.textValue() : SolanaParams.text(config, "encoding");
        if (e == null) {
            return SolanaJson.TxEncoding.JSON;
        }
        return switch (e) {
            case "json" -> SolanaJson.TxEncoding.JSON;
            case "base64" -> SolanaJson.TxEncoding.BASE64;
            case "base58", "binary" -> SolanaJson.TxEncoding.BASE58;
            case "jsonParsed" -> throw SolanaParams.invalid("jsonParsed is not offered by the chainwatch simulator, use json or base64");
            default -> throw SolanaParams.invalid("unknown variant `" + e + "`, expected one of `binary`, `base64`, `base58`, `json`, `jsonParsed`");
        };
    }

    private static SolanaJson.Details details(JsonNode config) {
        String d = SolanaParams.text(config, "transactionDetails");
        if (d == null) {
            return SolanaJson.Details.FULL;
        }
        return switch (d) {
            case "full" -> SolanaJson.Details.FULL;
            case "signatures" -> SolanaJson.Details.SIGNATURES;
            case "none" -> SolanaJson.Details.NONE;
            case "accounts" -> throw SolanaParams.invalid("transactionDetails accounts is not offered by the chainwatch simulator");
            default -> throw SolanaParams.invalid("unknown variant `" + d + "`, expected one of `full`, `signatures`, `none`, `accounts`");
        };
    }

    // ---- accounts -----------------------------------------------------------------------------

    /** A data slice from a config: {offset, length}; null for none. */
    private record Slice(int offset, int length) {
        static final Slice ALL = new Slice(0, -1);

        static Slice of(JsonNode config) {
            JsonNode s = config == null || !config.isObject() ? null : config.get("dataSlice");
            if (s == null || s.isNull()) {
                return ALL;
            }
            if (!s.isObject()) {
                throw SolanaParams.invalid("invalid type: " + SolanaParams.kind(s) + ", expected struct UiDataSliceConfig");
            }
            long offset = SolanaParams.u64(s.get("offset"), "usize");
            long length = SolanaParams.u64(s.get("length"), "usize");
            return new Slice((int) Math.min(offset, Integer.MAX_VALUE), (int) Math.min(length, Integer.MAX_VALUE));
        }

        int bytesOf(AccountData a) {
            int from = Math.min(offset, a.data().length);
            return length < 0 ? a.data().length - from : Math.min(length, a.data().length - from);
        }
    }

    private String getAccountInfo(SolanaParams p, Request req) {
        Pubkey key = SolanaParams.pubkey(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        AccountEncoding encoding = SolanaParams.accountEncoding(config, AccountEncoding.LEGACY_BINARY);
        Slice slice = Slice.of(config);
        StringBuilder sb = new StringBuilder(512).append(CONTEXT).append(slot).append("},\"value\":");
        account(sb, accounts.read(key, slot), encoding, slice);
        return sb.append('}').toString();
    }

    private String getMultipleAccounts(SolanaParams p, Request req) {
        JsonNode keys = p.required(0, "at least 1 element");
        if (!keys.isArray()) {
            throw SolanaParams.invalid("invalid type: " + SolanaParams.kind(keys) + ", expected a sequence");
        }
        if (keys.size() > MAX_MULTIPLE_ACCOUNTS) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Too many inputs provided; max " + MAX_MULTIPLE_ACCOUNTS);
        }
        List<Pubkey> parsed = new ArrayList<>(keys.size());
        for (JsonNode k : keys) {
            parsed.add(SolanaParams.pubkey(k));
        }
        JsonNode config = p.config(1);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        AccountEncoding encoding = SolanaParams.accountEncoding(config, AccountEncoding.BASE64);
        Slice slice = Slice.of(config);
        StringBuilder sb = new StringBuilder(256 + 400 * parsed.size()).append(CONTEXT).append(slot).append("},\"value\":[");
        for (int i = 0; i < parsed.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            account(sb, accounts.read(parsed.get(i), slot), encoding, slice);
        }
        return sb.append("]}").toString();
    }

    private String getProgramAccounts(SolanaParams p, Request req) {
        Pubkey program = SolanaParams.pubkey(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        long slot = req.shown().slot(SolanaParams.commitment(config));
        SolanaParams.minContextSlot(config, slot);
        AccountEncoding encoding = SolanaParams.accountEncoding(config, AccountEncoding.LEGACY_BINARY);
        Slice slice = Slice.of(config);
        List<AccountFilter> filters = filters(config);
        Boolean withContext = SolanaParams.bool(config, "withContext");
        List<AccountStore.Found> found = new ArrayList<>(accounts.byOwner(program, slot));
        found.removeIf(f -> !AccountFilter.all(filters, f.account()));
        found.sort(Comparator.comparing(f -> f.key().base58()));
        StringBuilder sb = new StringBuilder(256 + 400 * found.size());
        if (Boolean.TRUE.equals(withContext)) {
            sb.append(CONTEXT).append(slot).append("},\"value\":");
        }
        sb.append('[');
        for (int i = 0; i < found.size(); i++) {
            sb.append(i == 0 ? "{\"account\":" : ",{\"account\":");
            account(sb, found.get(i).account(), encoding, slice);
            sb.append(",\"pubkey\":\"").append(found.get(i).key().base58()).append("\"}");
        }
        sb.append(']');
        return Boolean.TRUE.equals(withContext) ? sb.append('}').toString() : sb.toString();
    }

    private static void account(StringBuilder sb, AccountData a, AccountEncoding encoding, Slice slice) {
        if (a == null) {
            sb.append("null");
            return;
        }
        boolean base58 = encoding == AccountEncoding.LEGACY_BINARY || encoding == AccountEncoding.BASE58;
        if (base58 && slice.bytesOf(a) > AccountEncoding.MAX_BASE58_BYTES) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Encoded binary (base 58) data should be less than "
                    + AccountEncoding.MAX_BASE58_BYTES + " bytes, please use Base64 encoding.");
        }
        SolanaJson.account(sb, a, encoding, slice.offset(), slice.length());
    }

    private static List<AccountFilter> filters(JsonNode config) {
        JsonNode fs = config == null || !config.isObject() ? null : config.get("filters");
        if (fs == null || fs.isNull()) {
            return List.of();
        }
        if (!fs.isArray()) {
            throw SolanaParams.invalid("invalid type: " + SolanaParams.kind(fs) + ", expected a sequence of filters");
        }
        if (fs.size() > MAX_FILTERS) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Too many filters provided; max " + MAX_FILTERS);
        }
        List<AccountFilter> out = new ArrayList<>(fs.size());
        for (JsonNode f : fs) {
            if (f.has("dataSize")) {
                out.add(new AccountFilter.DataSize(SolanaParams.u64(f.get("dataSize"), "u64")));
            } else if (f.has("memcmp") && f.get("memcmp").isObject()) {
                JsonNode m = f.get("memcmp");
                long offset = SolanaParams.u64(m.get("offset"), "usize");
                JsonNode bytes = m.get("bytes");
                if (bytes == null || !bytes.isTextual()) {
                    throw SolanaParams.invalid("memcmp needs bytes as a string");
                }
                String enc = m.has("encoding") && m.get("encoding").isTextual() ? m.get("encoding").textValue() : "base58";
                byte[] raw = switch (enc) {
                    case "base58" -> Base58.decode(bytes.textValue());
                    case "base64" -> base64OrNull(bytes.textValue());
                    default -> throw SolanaParams.invalid("unknown variant `" + enc + "`, expected `base58` or `base64`");
                };
                if (raw == null || raw.length > AccountEncoding.MAX_BASE58_BYTES) {
                    throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid param: memcmp bytes are not " + enc + " of at most "
                            + AccountEncoding.MAX_BASE58_BYTES + " bytes");
                }
                out.add(new AccountFilter.Memcmp((int) Math.min(offset, Integer.MAX_VALUE), raw));
            } else {
                throw SolanaParams.invalid("unknown filter: " + f);
            }
        }
        return out;
    }

    private static byte[] base64OrNull(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String getHealth(Request req) {
        int behind = req.faults().lagSlots();
        if (behind > HEALTH_SLOT_DISTANCE) {
            throw new RpcFailure(-32005, "Node is behind by " + behind + " slots", "{\"numSlotsBehind\":" + behind + "}");
        }
        return "\"ok\"";
    }

    // ---- subscriptions ------------------------------------------------------------------------

    private String logsSubscribe(SolanaParams p, Request req) {
        JsonNode filter = p.required(0, "at least 1 element");
        Pubkey mentions = null;
        if (filter.isTextual()) {
            if (!filter.textValue().equals("all") && !filter.textValue().equals("allWithVotes")) {
                throw SolanaParams.invalid("unknown variant `" + filter.textValue() + "`, expected `all` or `allWithVotes`");
            }
        } else if (filter.isObject() && filter.has("mentions") && filter.get("mentions").isArray()) {
            JsonNode keys = filter.get("mentions");
            if (keys.size() != 1) {
                throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid Request: Only 1 address supported");
            }
            mentions = SolanaParams.pubkey(keys.get(0));
        } else {
            throw SolanaParams.invalid("invalid type: " + SolanaParams.kind(filter) + ", expected a logs filter");
        }
        JsonNode config = p.config(1);
        return subscribe(req, SolSub.Kind.LOGS, SolanaParams.commitment(config), mentions, AccountEncoding.BASE64, List.of());
    }

    private String programSubscribe(SolanaParams p, Request req) {
        Pubkey program = SolanaParams.pubkey(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        return subscribe(req, SolSub.Kind.PROGRAM, SolanaParams.commitment(config), program,
                SolanaParams.accountEncoding(config, AccountEncoding.LEGACY_BINARY), filters(config));
    }

    private String accountSubscribe(SolanaParams p, Request req) {
        Pubkey account = SolanaParams.pubkey(p.required(0, "at least 1 element"));
        JsonNode config = p.config(1);
        return subscribe(req, SolSub.Kind.ACCOUNT, SolanaParams.commitment(config), account,
                SolanaParams.accountEncoding(config, AccountEncoding.LEGACY_BINARY), List.of());
    }

    private String subscribe(Request req, SolSub.Kind kind, Commitment level, Pubkey key, AccountEncoding encoding,
            List<AccountFilter> filters) {
        if (req.connection() == null) {
            throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "Method not found");
        }
        long id = subscriptionIds.getAndIncrement();
        req.connection().addPending(Long.toString(id), SolSub.of(id, kind, level, key, encoding, filters));
        return Long.toString(id);
    }

    private static String unsubscribe(SolanaParams p, Request req) {
        if (req.connection() == null) {
            throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "Method not found");
        }
        long id = SolanaParams.u64(p.required(0, "1 element"), "u64");
        if (!req.connection().unsubscribe(Long.toString(id))) {
            throw new RpcFailure(RpcFailure.INVALID_PARAMS, "Invalid subscription id.");
        }
        return "true";
    }
}
