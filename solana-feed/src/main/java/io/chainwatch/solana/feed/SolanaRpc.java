package io.chainwatch.solana.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.JsonRpcTransport;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.tx.ConfirmedTransaction;
import io.chainwatch.solana.tx.RpcTransactionParser;
import io.chainwatch.solana.tx.SolanaBlock;
import io.chainwatch.solana.tx.TransactionFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Typed Solana JSON-RPC calls on one endpoint, over any {@link JsonRpcTransport}. An answer that
 * does not read as what was asked fails with MALFORMED and counts against the endpoint that sent it.
 */
public final class SolanaRpc {
    /** Agave's "Slot N was skipped, or missing due to ledger jump to recent snapshot". */
    public static final int SLOT_SKIPPED = -32007;
    /** Agave's "Slot N was skipped, or missing in long-term storage". */
    public static final int SLOT_SKIPPED_LONG_TERM = -32009;

    private final JsonRpcTransport rpc;

    public SolanaRpc(JsonRpcTransport transport) {
        this.rpc = transport;
    }

    /** The highest slot the endpoint shows at {@code level}. */
    public CompletableFuture<Long> slot(Endpoint e, Commitment level) {
        return rpc.call(e, "getSlot", List.of(Map.of("commitment", level.rpcName())), p -> {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                throw new IllegalArgumentException("getSlot: expected a slot number, got " + p.currentToken());
            }
            return p.getLongValue();
        });
    }

    /** The oldest slot whose block the endpoint still holds: below it, getBlocks cannot tell a skipped slot from a pruned one. */
    public CompletableFuture<Long> firstAvailableBlock(Endpoint e) {
        return rpc.call(e, "getFirstAvailableBlock", List.of(), p -> {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                throw new IllegalArgumentException("getFirstAvailableBlock: expected a slot number, got " + p.currentToken());
            }
            return p.getLongValue();
        });
    }

    /**
     * The slots from {@code from} to {@code to} (both included) that have a block at {@code level}
     * (confirmed or finalized: nodes refuse processed here); the others were skipped.
     */
    public CompletableFuture<List<Long>> blocks(Endpoint e, long from, long to, Commitment level) {
        return rpc.call(e, "getBlocks", List.of(from, to, Map.of("commitment", blockLevel(level).rpcName())), p -> {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("getBlocks: expected an array of slots, got " + p.currentToken());
            }
            List<Long> slots = new ArrayList<>();
            long previous = from - 1;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new IllegalArgumentException("getBlocks: expected a slot number, got " + p.currentToken());
                }
                long slot = p.getLongValue();
                if (slot <= previous || slot > to) {
                    throw new IllegalArgumentException("getBlocks(" + from + ", " + to + "): slot " + slot
                            + " is out of order or out of the range asked");
                }
                previous = slot;
                slots.add(slot);
            }
            return List.copyOf(slots);
        });
    }

    /**
     * One transaction that mentions an address, as getSignaturesForAddress lists it. Its signature is
     * kept as the node's base58 text, which the feed matches with the text the stream brought: a
     * 64-byte value has one base58 text only, so equal texts are equal signatures, and the stream's
     * was decoded when it came. A listed transaction that the stream lacks is asked for by its
     * text. Decoding each entry cost as much as reading the rest of it.
     *
     * @param signature base58 text, 64 to 88 characters of the alphabet (checked when read)
     * @param blockTime {@link #NO_BLOCK_TIME} when the node does not know it
     */
    public record SignatureInfo(String signature, long slot, boolean failed, long blockTime) {
        public static final long NO_BLOCK_TIME = Long.MIN_VALUE;

        public boolean hasBlockTime() {
            return blockTime != NO_BLOCK_TIME;
        }
    }

    /** Most entries getSignaturesForAddress gives in one answer. */
    public static final int MAX_SIGNATURES = 1_000;

    /**
     * Up to {@code limit} transactions that mention {@code address}, newest first (by slot, and
     * within a slot by position in the block), older than {@code before} when given, at confirmed
     * or finalized.
     */
    public CompletableFuture<List<SignatureInfo>> signatures(Endpoint e, String address, String before, int limit,
                                                             Commitment level) {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("commitment", blockLevel(level).rpcName());
        config.put("limit", limit);
        if (before != null) {
            config.put("before", before);
        }
        return rpc.call(e, "getSignaturesForAddress", List.of(address, config), p -> readSignatures(p, limit));
    }

    /**
     * Reads a getSignaturesForAddress result from {@code p}, on its first token: at most {@code limit}
     * entries, newest to oldest, each with a slot and a signature of base58 characters, as many as a
     * 64-byte value has.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not that
     */
    static List<SignatureInfo> readSignatures(JsonParser p, int limit) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("getSignaturesForAddress: expected an array, got " + p.currentToken());
        }
        List<SignatureInfo> out = new ArrayList<>();
        long previous = Long.MAX_VALUE;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out.size() == limit) {
                throw new IllegalArgumentException("getSignaturesForAddress: over " + limit + " entries, asked for at most " + limit);
            }
            SignatureInfo info = signatureInfo(p);
            if (info.slot() > previous) {
                throw new IllegalArgumentException("getSignaturesForAddress: slot " + info.slot() + " after slot " + previous
                        + ", the answer must run from newest to oldest");
            }
            previous = info.slot();
            out.add(info);
        }
        return out;
    }

    private static SignatureInfo signatureInfo(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("getSignaturesForAddress: expected an object per signature, got " + p.currentToken());
        }
        String signature = null;
        long slot = -1;
        boolean failed = false;
        long blockTime = SignatureInfo.NO_BLOCK_TIME;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "signature" -> signature = value == JsonToken.VALUE_STRING ? signature(p) : null;
                case "slot" -> slot = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "err" -> {
                    failed = value != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                case "blockTime" -> blockTime = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : SignatureInfo.NO_BLOCK_TIME;
                default -> p.skipChildren();
            }
        }
        if (signature == null) {
            throw new IllegalArgumentException("getSignaturesForAddress: an entry without a base58 signature");
        }
        if (slot < 0) {
            throw new IllegalArgumentException("getSignaturesForAddress: entry " + signature + " without a slot");
        }
        return new SignatureInfo(signature, slot, failed, blockTime);
    }

    /** The string at {@code p} as a signature's text, checked to be of the alphabet and as long as a 64-byte value's. */
    private static String signature(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length < Base58.MIN_VALUE64_CHARS || length > Base58.MAX_VALUE64_CHARS) {
            throw new IllegalArgumentException("getSignaturesForAddress: an entry whose signature is not a base58 signature: a 64-byte "
                    + "value has " + Base58.MIN_VALUE64_CHARS + " to " + Base58.MAX_VALUE64_CHARS + " characters, got " + length);
        }
        int bad = Base58.firstNotInAlphabet(text, offset, length);
        if (bad >= 0) {
            throw new IllegalArgumentException("getSignaturesForAddress: an entry whose signature is not a base58 signature: "
                    + "not a base58 character at " + bad + ": '" + text[offset + bad] + "'");
        }
        return new String(text, offset, length);
    }

    /**
     * The whole block at {@code slot} with every transaction, its meta and logs (base64 wire
     * transactions, versioned ones included), or empty when the endpoint says the slot was skipped.
     */
    public CompletableFuture<Optional<SolanaBlock>> block(Endpoint e, long slot, Commitment level) {
        Map<String, Object> config = Map.of("encoding", "base64", "transactionDetails", "full", "rewards", false,
                "maxSupportedTransactionVersion", 0, "commitment", blockLevel(level).rpcName());
        return rpc.call(e, "getBlock", List.of(slot, config))
                .handle((answer, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        if (cause instanceof EndpointException ee
                                && (ee.rpcCode() == SLOT_SKIPPED || ee.rpcCode() == SLOT_SKIPPED_LONG_TERM)) {
                            return Optional.<SolanaBlock>empty();
                        }
                        throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                    }
                    if (answer == null || answer.isNull()) {
                        return Optional.<SolanaBlock>empty();
                    }
                    return Optional.of(parseBlock(e, slot, answer));
                });
    }

    /**
     * One transaction by signature, with its meta and logs, at confirmed or finalized; empty when the
     * endpoint does not have it (unknown, not yet at that level, or pruned).
     */
    public CompletableFuture<Optional<ConfirmedTransaction>> transaction(Endpoint e, String signature, Commitment level) {
        Map<String, Object> config = Map.of("encoding", "base64", "maxSupportedTransactionVersion", 0,
                "commitment", blockLevel(level).rpcName());
        return rpc.call(e, "getTransaction", List.of(signature, config)).thenApply(answer -> {
            if (answer == null || answer.isNull()) {
                return Optional.<ConfirmedTransaction>empty();
            }
            try {
                ConfirmedTransaction tx = RpcTransactionParser.parseTransaction(answer);
                if (!tx.transaction().signature().equals(signature)) {
                    throw new TransactionFormatException("transaction", "is " + tx.transaction().signature() + ", not the one asked for");
                }
                return Optional.of(tx);
            } catch (TransactionFormatException ex) {
                String message = "getTransaction(" + signature + "): " + ex.getMessage();
                e.recordFailure(FailureKind.MALFORMED, 0, message);
                throw new EndpointException(e.id(), FailureKind.MALFORMED, message);
            }
        });
    }

    /** An account's state as an answer shows it: its owner program, lamports and (the asked slice of) its data. */
    public record Account(PublicKey owner, long lamports, byte[] data) {
    }

    /** Accounts and the slot the node read them at. */
    public record Accounts<T>(long slot, T value) {
    }

    /** Bytes {@code offset} to {@code offset + length} of each account's data: only what is needed crosses the wire. */
    public record DataSlice(int offset, int length) {
        public DataSlice {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("dataSlice: offset and length must be >= 0, got " + offset + ", " + length);
            }
        }
    }

    /** A getProgramAccounts filter: the data holds {@code bytes} at {@code offset}. */
    public record Memcmp(int offset, byte[] bytes) {
    }

    /** Most keys getMultipleAccounts takes in one call. */
    public static final int MAX_MULTIPLE_ACCOUNTS = 100;

    /** One account (getAccountInfo), empty when it does not exist; {@code slice} null for all its data. */
    public CompletableFuture<Accounts<Optional<Account>>> account(Endpoint e, PublicKey key, DataSlice slice, Commitment level) {
        return rpc.call(e, "getAccountInfo", List.of(key.toBase58(), accountConfig(slice, level))).thenApply(answer -> malformedAs(e,
                "getAccountInfo(" + key + ")", () -> {
                    JsonNode value = answer.path("value");
                    return new Accounts<>(contextSlot(answer), value.isNull() ? Optional.empty() : Optional.of(account(value)));
                }));
    }

    /** Up to {@link #MAX_MULTIPLE_ACCOUNTS} accounts (getMultipleAccounts), in the order asked, empty where one does not exist. */
    public CompletableFuture<Accounts<List<Optional<Account>>>> accounts(Endpoint e, List<PublicKey> keys, DataSlice slice,
                                                                         Commitment level) {
        if (keys.size() > MAX_MULTIPLE_ACCOUNTS) {
            throw new IllegalArgumentException("getMultipleAccounts takes at most " + MAX_MULTIPLE_ACCOUNTS + " keys, got " + keys.size());
        }
        List<String> names = keys.stream().map(PublicKey::toBase58).toList();
        return rpc.call(e, "getMultipleAccounts", List.of(names, accountConfig(slice, level))).thenApply(answer -> malformedAs(e,
                "getMultipleAccounts", () -> {
                    JsonNode value = answer.path("value");
                    if (!value.isArray() || value.size() != keys.size()) {
                        throw new IllegalArgumentException("expected " + keys.size() + " accounts, got " + value);
                    }
                    List<Optional<Account>> out = new ArrayList<>();
                    for (JsonNode a : value) {
                        out.add(a.isNull() ? Optional.empty() : Optional.of(account(a)));
                    }
                    return new Accounts<>(contextSlot(answer), List.copyOf(out));
                }));
    }

    /**
     * Every account of {@code program} that passes all {@code filters} (getProgramAccounts, with the
     * slot it was read at), by address; {@code slice} null for all their data, length 0 for none.
     */
    public CompletableFuture<Accounts<Map<PublicKey, Account>>> programAccounts(Endpoint e, PublicKey program, List<Memcmp> filters,
                                                                                DataSlice slice, Commitment level) {
        Map<String, Object> config = accountConfig(slice, level);
        config.put("withContext", true);
        List<Object> memcmps = new ArrayList<>();
        for (Memcmp m : filters) {
            memcmps.add(Map.of("memcmp", Map.of("offset", m.offset(), "bytes", Base64.getEncoder().encodeToString(m.bytes()),
                    "encoding", "base64")));
        }
        config.put("filters", memcmps);
        return rpc.call(e, "getProgramAccounts", List.of(program.toBase58(), config)).thenApply(answer -> malformedAs(e,
                "getProgramAccounts(" + program + ")", () -> {
                    JsonNode value = answer.path("value");
                    if (!value.isArray()) {
                        throw new IllegalArgumentException("expected an array of accounts, got " + value.getNodeType());
                    }
                    Map<PublicKey, Account> out = new java.util.LinkedHashMap<>();
                    for (JsonNode a : value) {
                        out.put(PublicKey.fromBase58(a.path("pubkey").asText()), account(a.path("account")));
                    }
                    return new Accounts<>(contextSlot(answer), java.util.Collections.unmodifiableMap(out));
                }));
    }

    private static Map<String, Object> accountConfig(DataSlice slice, Commitment level) {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("encoding", "base64");
        config.put("commitment", level.rpcName());
        if (slice != null) {
            config.put("dataSlice", Map.of("offset", slice.offset(), "length", slice.length()));
        }
        return config;
    }

    private static long contextSlot(JsonNode answer) {
        JsonNode slot = answer.path("context").path("slot");
        if (!slot.canConvertToExactIntegral() || slot.asLong() < 0) {
            throw new IllegalArgumentException("no context slot");
        }
        return slot.asLong();
    }

    /** A UiAccount in base64: {@code {"data": [base64, "base64"], "owner", "lamports", ...}}. */
    static Account account(JsonNode a) {
        JsonNode data = a.path("data");
        if (!data.isArray() || data.size() != 2 || !"base64".equals(data.get(1).asText())) {
            throw new IllegalArgumentException("account data is not [base64, \"base64\"]: " + data.getNodeType());
        }
        JsonNode lamports = a.path("lamports");
        if (!lamports.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("account without lamports");
        }
        return new Account(PublicKey.fromBase58(a.path("owner").asText()), lamports.asLong(), Base64.getDecoder().decode(data.get(0).asText()));
    }

    /** Runs {@code read}; what it cannot read fails with MALFORMED, counted against {@code e}. */
    private static <T> T malformedAs(Endpoint e, String call, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException ex) {
            String message = call + ": " + ex.getMessage();
            e.recordFailure(FailureKind.MALFORMED, 0, message);
            throw new EndpointException(e.id(), FailureKind.MALFORMED, message);
        }
    }

    private static SolanaBlock parseBlock(Endpoint e, long slot, JsonNode answer) {
        try {
            return RpcTransactionParser.parseBlock(answer).withSlot(slot);
        } catch (TransactionFormatException ex) {
            String message = "getBlock(" + slot + "): " + ex.getMessage();
            e.recordFailure(FailureKind.MALFORMED, 0, message);
            throw new EndpointException(e.id(), FailureKind.MALFORMED, message);
        }
    }

    /** getBlock and getBlocks take confirmed or finalized only. */
    public static Commitment blockLevel(Commitment level) {
        return level == Commitment.PROCESSED ? Commitment.CONFIRMED : level;
    }
}
