package io.chainwatch.solana.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.Fixtures;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpProgram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real mainnet pump buy of {@code fixtures/pump/buy-tx-logs.json} as a getBlock / getTransaction
 * answer would carry it, in the json, base64 or base58 encoding, as a legacy or a v0 transaction.
 *
 * <p>From the fixture, unchanged: the buy instruction (its program, 16 accounts and data), the
 * self-CPI event instruction (inner instruction 5 of instruction 1, the fixture's {@code ix_index}
 * [1, 5]) and the 49 log messages. Built to match what those logs show, and made up: the other
 * instructions (associated-token-account create, two compute-budget instructions, a system
 * transfer), the inner instructions of the fee, token and system programs, the signature, blockhash,
 * lookup table and fee. A mutable test builder; each test makes its own.
 */
final class BuyTransaction {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final PublicKey ATA_PROGRAM = PublicKey.fromBase58("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    static final PublicKey COMPUTE_BUDGET = PublicKey.fromBase58("ComputeBudget111111111111111111111111111111");
    static final PublicKey SYSTEM = PublicKey.ZERO;
    /** The system program's Transfer: a u32 tag of 2, then the lamports as u64. */
    private static final byte[] SYSTEM_TRANSFER = {2, 0, 0, 0};
    /** Index of the buy among the top-level instructions, and of the event among its inner ones (the fixture's ix_index). */
    static final int BUY_INSTRUCTION = 1;
    static final int EVENT_INNER_INDEX = 5;
    /** The {@code Program data:} line of the TradeEvent in the 49 log lines. */
    static final int EVENT_LOG_INDEX = 37;

    enum Encoding { JSON, BASE64, BASE58 }

    /** One instruction by keys; compiled to indexes per layout. */
    record Call(PublicKey program, List<PublicKey> accounts, byte[] data) {
    }

    final PublicKey global;
    final PublicKey feeRecipient;
    final PublicKey mint;
    final PublicKey bondingCurve;
    final PublicKey associatedBondingCurve;
    final PublicKey associatedUser;
    final PublicKey user;
    final PublicKey tokenProgram;
    final PublicKey creatorVault;
    final PublicKey eventAuthority;
    final PublicKey globalVolumeAccumulator;
    final PublicKey userVolumeAccumulator;
    final PublicKey feeConfig;
    final PublicKey feeProgram;
    final PublicKey lookupTable = key("lookup table");
    final byte[] buyData;
    final byte[] eventData;

    boolean v0;
    byte[] signature = sha512("chainwatch test signature: pump buy");
    PublicKey recentBlockhash = key("recent blockhash");
    List<String> logs;
    /** Null: the answer has no meta.innerInstructions (a node that did not record them). */
    Map<Integer, List<Call>> inner = new LinkedHashMap<>();
    List<Call> outer = new ArrayList<>();
    /** Read-only keys for instructions a test adds, listed after the others of the message. */
    List<PublicKey> extraKeys = new ArrayList<>();
    /** meta.err as JSON, or null when the transaction succeeded. */
    String errJson;

    BuyTransaction() {
        JsonNode fixture = Fixtures.json("buy-tx-logs.json");
        JsonNode buy = fixture.get("instructions").get(0);
        JsonNode event = fixture.get("instructions").get(1);
        List<PublicKey> a = new ArrayList<>();
        buy.get("accounts").forEach(k -> a.add(PublicKey.of(Fixtures.bytes(k))));
        // The buy's accounts, in the order of pump's IDL.
        global = a.get(0);
        feeRecipient = a.get(1);
        mint = a.get(2);
        bondingCurve = a.get(3);
        associatedBondingCurve = a.get(4);
        associatedUser = a.get(5);
        user = a.get(6);
        tokenProgram = a.get(8);
        creatorVault = a.get(9);
        eventAuthority = a.get(10);
        globalVolumeAccumulator = a.get(12);
        userVolumeAccumulator = a.get(13);
        feeConfig = a.get(14);
        feeProgram = a.get(15);
        buyData = Fixtures.bytes(buy.get("data"));
        eventData = Fixtures.bytes(event.get("data"));
        logs = new ArrayList<>(Fixtures.buyTxLogs());

        outer.add(new Call(ATA_PROGRAM, List.of(user, associatedUser, user, mint, SYSTEM, tokenProgram), new byte[0]));
        outer.add(new Call(PumpProgram.ID, a, buyData));
        outer.add(new Call(COMPUTE_BUDGET, List.of(), le(new byte[]{2}, 5, 200_000)));
        outer.add(new Call(COMPUTE_BUDGET, List.of(), le(new byte[]{3}, 9, 1_000_000)));
        outer.add(new Call(SYSTEM, List.of(user, feeRecipient), le(SYSTEM_TRANSFER, 12, 1_000_000)));

        inner.put(0, List.of(
                new Call(tokenProgram, List.of(mint), new byte[]{21, 7, 0}),
                new Call(SYSTEM, List.of(user, associatedUser), le(new byte[4], 52, 2_074_080)),
                new Call(tokenProgram, List.of(associatedUser), new byte[]{22}),
                new Call(tokenProgram, List.of(associatedUser, mint), concat(new byte[]{18}, user.toBytes()))));
        inner.put(BUY_INSTRUCTION, List.of(
                new Call(PumpProgram.FEE_PROGRAM_ID, List.of(feeConfig, PumpProgram.ID), le(new byte[]{(byte) 0xe7, 0x3d, 0x43, 0x5c, 0x6b, 0x0c, 0x66, 0x2a}, 24, 0)),
                new Call(tokenProgram, List.of(associatedBondingCurve, mint, associatedUser, bondingCurve), le(new byte[]{12}, 10, 693868985905L)),
                new Call(SYSTEM, List.of(user, bondingCurve), le(SYSTEM_TRANSFER, 12, 50051224L)),
                new Call(SYSTEM, List.of(user, feeRecipient), le(SYSTEM_TRANSFER, 12, 475487L)),
                new Call(SYSTEM, List.of(user, creatorVault), le(SYSTEM_TRANSFER, 12, 150154L)),
                new Call(PumpProgram.ID, List.of(eventAuthority), eventData)));
    }

    /** The keys a legacy message lists: writable signer, writable, then read-only. */
    List<PublicKey> legacyKeys() {
        List<PublicKey> keys = new ArrayList<>(List.of(user, associatedUser, bondingCurve, associatedBondingCurve, feeRecipient, creatorVault,
                userVolumeAccumulator, globalVolumeAccumulator, PumpProgram.ID, ATA_PROGRAM, COMPUTE_BUDGET, SYSTEM, global, mint, tokenProgram,
                eventAuthority, feeConfig, feeProgram));
        keys.addAll(extraKeys);
        return keys;
    }

    /** A v0 message's own keys; the rest come from the lookup table. */
    List<PublicKey> v0StaticKeys() {
        List<PublicKey> keys = new ArrayList<>(List.of(user, associatedUser, bondingCurve, associatedBondingCurve, feeRecipient, creatorVault,
                userVolumeAccumulator, PumpProgram.ID, ATA_PROGRAM, COMPUTE_BUDGET, SYSTEM));
        keys.addAll(extraKeys);
        return keys;
    }

    List<PublicKey> loadedWritable() {
        return List.of(globalVolumeAccumulator);
    }

    List<PublicKey> loadedReadonly() {
        return List.of(global, mint, tokenProgram, eventAuthority, feeConfig, feeProgram);
    }

    /** Every key in the order the runtime indexes them: static, then loaded writable, then loaded read-only. */
    List<PublicKey> allKeys() {
        if (!v0) {
            return legacyKeys();
        }
        List<PublicKey> all = new ArrayList<>(v0StaticKeys());
        all.addAll(loadedWritable());
        all.addAll(loadedReadonly());
        return all;
    }

    String signature58() {
        return Base58.encode(signature);
    }

    /** One entry of getBlock's {@code transactions}, or a getTransaction result without slot. */
    ObjectNode transactionWithMeta(Encoding encoding) {
        ObjectNode node = JSON.objectNode();
        if (encoding == Encoding.JSON) {
            node.set("transaction", jsonTransaction());
        } else {
            byte[] wire = wire();
            node.set("transaction", JSON.arrayNode()
                    .add(encoding == Encoding.BASE64 ? Base64.getEncoder().encodeToString(wire) : Base58.encode(wire))
                    .add(encoding == Encoding.BASE64 ? "base64" : "base58"));
        }
        node.set("meta", meta());
        if (v0) {
            node.put("version", 0);
        } else {
            node.put("version", "legacy");
        }
        return node;
    }

    /** A getBlock response with these transactions, at a made-up slot. */
    static ObjectNode blockResponse(List<ObjectNode> transactions) {
        ObjectNode result = JSON.objectNode();
        result.put("blockHeight", 376_000_000L);
        result.put("blockTime", 1770648745L);
        result.put("blockhash", key("block 398000001").toBase58());
        result.put("parentSlot", 398_000_000L);
        result.put("previousBlockhash", key("block 398000000").toBase58());
        result.set("rewards", JSON.arrayNode());
        ArrayNode txs = result.putArray("transactions");
        transactions.forEach(txs::add);
        ObjectNode response = JSON.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("result", result);
        response.put("id", 1);
        return response;
    }

    byte[] wire() {
        List<PublicKey> keys = v0 ? v0StaticKeys() : legacyKeys();
        List<WireWriter.Ix> ixs = new ArrayList<>();
        for (Call c : outer) {
            ixs.add(new WireWriter.Ix(index(c.program()), indexes(c.accounts()), c.data()));
        }
        List<WireWriter.Lookup> lookups = v0 ? List.of(new WireWriter.Lookup(lookupTable, new int[]{3}, new int[]{0, 1, 2, 4, 5, 6})) : List.of();
        return WireWriter.transaction(List.of(signature), v0, header(), keys, recentBlockhash, ixs, lookups);
    }

    private int[] header() {
        return v0 ? new int[]{1, 0, 4 + extraKeys.size()} : new int[]{1, 0, 10 + extraKeys.size()};
    }

    private ObjectNode jsonTransaction() {
        ObjectNode tx = JSON.objectNode();
        tx.putArray("signatures").add(signature58());
        ObjectNode message = tx.putObject("message");
        int[] h = header();
        message.putObject("header").put("numReadonlySignedAccounts", h[1]).put("numReadonlyUnsignedAccounts", h[2])
                .put("numRequiredSignatures", h[0]);
        ArrayNode keys = message.putArray("accountKeys");
        (v0 ? v0StaticKeys() : legacyKeys()).forEach(k -> keys.add(k.toBase58()));
        message.put("recentBlockhash", recentBlockhash.toBase58());
        ArrayNode ixs = message.putArray("instructions");
        for (Call c : outer) {
            ixs.add(jsonInstruction(c, -1));
        }
        if (v0) {
            ObjectNode lookup = message.putArray("addressTableLookups").addObject();
            lookup.put("accountKey", lookupTable.toBase58());
            lookup.putArray("writableIndexes").add(3);
            lookup.putArray("readonlyIndexes").add(0).add(1).add(2).add(4).add(5).add(6);
        }
        return tx;
    }

    private ObjectNode meta() {
        ObjectNode meta = JSON.objectNode();
        if (errJson == null) {
            meta.putNull("err");
            meta.putObject("status").putNull("Ok");
        } else {
            try {
                JsonNode err = MAPPER.readTree(errJson);
                meta.set("err", err);
                meta.putObject("status").set("Err", err);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(errJson, e);
            }
        }
        meta.put("fee", 205_000);
        meta.putArray("preBalances");
        meta.putArray("postBalances");
        if (inner == null) {
            meta.putNull("innerInstructions");
        } else {
            ArrayNode groups = meta.putArray("innerInstructions");
            inner.forEach((index, calls) -> {
                ObjectNode g = groups.addObject();
                g.put("index", index);
                ArrayNode list = g.putArray("instructions");
                calls.forEach(c -> list.add(jsonInstruction(c, 2)));
            });
        }
        ArrayNode logLines = meta.putArray("logMessages");
        logs.forEach(logLines::add);
        ObjectNode loaded = meta.putObject("loadedAddresses");
        ArrayNode w = loaded.putArray("writable");
        ArrayNode r = loaded.putArray("readonly");
        if (v0) {
            loadedWritable().forEach(k -> w.add(k.toBase58()));
            loadedReadonly().forEach(k -> r.add(k.toBase58()));
        }
        meta.putArray("preTokenBalances");
        meta.putArray("postTokenBalances");
        meta.putArray("rewards");
        meta.put("computeUnitsConsumed", 97_500);
        return meta;
    }

    private ObjectNode jsonInstruction(Call c, int stackHeight) {
        ObjectNode ix = JSON.objectNode();
        ix.put("programIdIndex", index(c.program()));
        ArrayNode accounts = ix.putArray("accounts");
        for (int i : indexes(c.accounts())) {
            accounts.add(i);
        }
        ix.put("data", Base58.encode(c.data()));
        if (stackHeight > 0) {
            ix.put("stackHeight", stackHeight);
        } else {
            ix.putNull("stackHeight");
        }
        return ix;
    }

    int index(PublicKey key) {
        int i = allKeys().indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("no key " + key + " in the transaction");
        }
        return i;
    }

    private int[] indexes(List<PublicKey> keys) {
        return keys.stream().mapToInt(this::index).toArray();
    }

    /** {@code prefix}, then {@code value} little-endian (8 bytes, or 4 when only those fit), zero padded to {@code size}. */
    private static byte[] le(byte[] prefix, int size, long value) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(prefix);
        if (b.remaining() >= 8) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A made-up but fixed key: sha256 of its name. */
    static PublicKey key(String name) {
        try {
            return PublicKey.of(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha512(String name) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
