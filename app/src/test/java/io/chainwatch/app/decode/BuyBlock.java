package io.chainwatch.app.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * getBlock answers around the real mainnet pump buy of {@code fixtures/solana/pump/buy-tx-logs.json}.
 *
 * <p>Mainnet's, from the fixture: the buy instruction (program, 16 accounts, data), its self-CPI event
 * instruction (inner instruction 5 of instruction 1, the fixture's {@code ix_index} [1, 5]) and the 49
 * log messages. Made up to match what the logs show: the associated-token-account, compute-budget and
 * system instructions, the fee, token and system programs' inner instructions, signatures,
 * blockhashes, the lookup table and the slot. The wire encoding is written here from the format's
 * description, apart from the reader under test.
 */
final class BuyBlock {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final PublicKey PUMP = PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
    static final PublicKey FEE_PROGRAM = PublicKey.fromBase58("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");
    static final PublicKey ATA_PROGRAM = PublicKey.fromBase58("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    static final PublicKey COMPUTE_BUDGET = PublicKey.fromBase58("ComputeBudget111111111111111111111111111111");
    static final PublicKey SYSTEM = PublicKey.ZERO;
    static final long SLOT = 398_000_001L;

    private record Call(PublicKey program, List<PublicKey> accounts, byte[] data) {
    }

    private final List<PublicKey> buyAccounts = new ArrayList<>();
    private final byte[] buyData;
    private final byte[] eventData;
    private final List<String> logs = new ArrayList<>();
    private final PublicKey user;
    private final PublicKey lookupTable = key("lookup table");

    BuyBlock() {
        JsonNode fixture = fixture("buy-tx-logs.json");
        JsonNode buy = fixture.get("instructions").get(0);
        buy.get("accounts").forEach(k -> buyAccounts.add(PublicKey.of(bytes(k))));
        buyData = bytes(buy.get("data"));
        eventData = bytes(fixture.get("instructions").get(1).get("data"));
        fixture.get("log_messages").forEach(l -> logs.add(l.asText()));
        user = buyAccounts.get(6);
    }

    static JsonNode fixture(String name) {
        try (InputStream in = BuyBlock.class.getResourceAsStream("/fixtures/solana/pump/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource fixtures/solana/pump/" + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base58 signature a transaction built with {@code seed} carries. */
    static String signature(String seed) {
        return Base58.encode(sha512(seed));
    }

    /** A getBlock response holding {@code transactions}, for slot {@link #SLOT} (which the answer does not say). */
    static ObjectNode getBlock(List<ObjectNode> transactions) {
        ObjectNode result = JSON.objectNode();
        result.put("blockHeight", 376_000_000L);
        result.put("blockTime", 1770648745L);
        result.put("blockhash", key("block " + SLOT).toBase58());
        result.put("parentSlot", SLOT - 1);
        result.put("previousBlockhash", key("block " + (SLOT - 1)).toBase58());
        result.putArray("rewards");
        ArrayNode txs = result.putArray("transactions");
        transactions.forEach(txs::add);
        ObjectNode response = JSON.objectNode().put("jsonrpc", "2.0");
        response.set("result", result);
        response.put("id", 1);
        return response;
    }

    /** The buy, succeeded, as a v0 transaction (7 keys from a lookup table) in the json encoding. */
    ObjectNode succeededJsonV0(String seed) {
        return transaction(seed, true, false, false);
    }

    /** The buy, succeeded, as a legacy transaction in the base64 encoding. */
    ObjectNode succeededBase64Legacy(String seed) {
        return transaction(seed, false, true, false);
    }

    /** The buy, failed on slippage (pump error 6002) before its trade, as a v0 transaction in the given encoding. */
    ObjectNode failedV0(String seed, boolean base64) {
        return transaction(seed, true, base64, true);
    }

    private ObjectNode transaction(String seed, boolean v0, boolean base64, boolean failed) {
        List<PublicKey> staticKeys = v0 ? v0StaticKeys() : legacyKeys();
        List<PublicKey> all = new ArrayList<>(staticKeys);
        if (v0) {
            all.addAll(loadedWritable());
            all.addAll(loadedReadonly());
        }
        int[] header = v0 ? new int[]{1, 0, 4} : new int[]{1, 0, 10};
        byte[] signature = sha512(seed);
        PublicKey blockhash = key("recent blockhash " + seed);
        List<Call> outer = outer();
        ObjectNode node = JSON.objectNode();
        if (base64) {
            node.set("transaction", JSON.arrayNode().add(Base64.getEncoder().encodeToString(wire(signature, v0, header, staticKeys, all,
                    blockhash, outer))).add("base64"));
        } else {
            node.set("transaction", jsonTransaction(signature, v0, header, staticKeys, all, blockhash, outer));
        }
        node.set("meta", meta(v0, all, failed));
        if (v0) {
            node.put("version", 0);
        } else {
            node.put("version", "legacy");
        }
        return node;
    }

    private PublicKey a(int i) {
        return buyAccounts.get(i);
    }

    // The buy's accounts in pump's IDL order: 0 global, 1 fee_recipient, 2 mint, 3 bonding_curve, 4 associated_bonding_curve,
    // 5 associated_user, 6 user, 7 system_program, 8 token_program, 9 creator_vault, 10 event_authority, 11 program,
    // 12 global_volume_accumulator, 13 user_volume_accumulator, 14 fee_config, 15 fee_program.
    private List<PublicKey> legacyKeys() {
        return List.of(a(6), a(5), a(3), a(4), a(1), a(9), a(13), a(12), PUMP, ATA_PROGRAM, COMPUTE_BUDGET, SYSTEM, a(0), a(2), a(8), a(10),
                a(14), a(15));
    }

    private List<PublicKey> v0StaticKeys() {
        return List.of(a(6), a(5), a(3), a(4), a(1), a(9), a(13), PUMP, ATA_PROGRAM, COMPUTE_BUDGET, SYSTEM);
    }

    private List<PublicKey> loadedWritable() {
        return List.of(a(12));
    }

    private List<PublicKey> loadedReadonly() {
        return List.of(a(0), a(2), a(8), a(10), a(14), a(15));
    }

    private List<Call> outer() {
        return List.of(
                new Call(ATA_PROGRAM, List.of(user, a(5), user, a(2), SYSTEM, a(8)), new byte[0]),
                new Call(PUMP, buyAccounts, buyData),
                new Call(COMPUTE_BUDGET, List.of(), le(new byte[]{2}, 5, 200_000)),
                new Call(COMPUTE_BUDGET, List.of(), le(new byte[]{3}, 9, 1_000_000)),
                new Call(SYSTEM, List.of(user, a(1)), le(new byte[]{2, 0, 0, 0}, 12, 1_000_000)));
    }

    private List<List<Call>> inner(boolean failed) {
        List<Call> ata = List.of(
                new Call(a(8), List.of(a(2)), new byte[]{21, 7, 0}),
                new Call(SYSTEM, List.of(user, a(5)), le(new byte[4], 52, 2_074_080)),
                new Call(a(8), List.of(a(5)), new byte[]{22}),
                new Call(a(8), List.of(a(5), a(2)), concat(new byte[]{18}, user.toBytes())));
        Call fees = new Call(FEE_PROGRAM, List.of(a(14), PUMP), le(new byte[]{(byte) 0xe7, 0x3d, 0x43, 0x5c, 0x6b, 0x0c, 0x66, 0x2a}, 24, 0));
        if (failed) {
            return List.of(ata, List.of(fees));
        }
        return List.of(ata, List.of(fees,
                new Call(a(8), List.of(a(4), a(2), a(5), a(3)), le(new byte[]{12}, 10, 693868985905L)),
                new Call(SYSTEM, List.of(user, a(3)), le(new byte[]{2, 0, 0, 0}, 12, 50051224L)),
                new Call(SYSTEM, List.of(user, a(1)), le(new byte[]{2, 0, 0, 0}, 12, 475487L)),
                new Call(SYSTEM, List.of(user, a(9)), le(new byte[]{2, 0, 0, 0}, 12, 150154L)),
                new Call(PUMP, List.of(a(10)), eventData)));
    }

    private List<String> logs(boolean failed) {
        if (!failed) {
            return logs;
        }
        // Up to the fee program's answer, then the slippage error.
        List<String> out = new ArrayList<>(logs.subList(0, 27));
        out.add("Program log: AnchorError thrown in programs/pump/src/lib.rs:720. Error Code: TooMuchSolRequired. Error Number: 6002."
                + " Error Message: slippage: Too much SOL required to buy the given amount of tokens..");
        out.add("Program " + PUMP + " consumed 31200 of 179974 compute units");
        out.add("Program " + PUMP + " failed: custom program error: 0x1772");
        return out;
    }

    private ObjectNode jsonTransaction(byte[] signature, boolean v0, int[] header, List<PublicKey> staticKeys, List<PublicKey> all,
                                       PublicKey blockhash, List<Call> outer) {
        ObjectNode tx = JSON.objectNode();
        tx.putArray("signatures").add(Base58.encode(signature));
        ObjectNode message = tx.putObject("message");
        message.putObject("header").put("numReadonlySignedAccounts", header[1]).put("numReadonlyUnsignedAccounts", header[2])
                .put("numRequiredSignatures", header[0]);
        ArrayNode keys = message.putArray("accountKeys");
        staticKeys.forEach(k -> keys.add(k.toBase58()));
        message.put("recentBlockhash", blockhash.toBase58());
        ArrayNode ixs = message.putArray("instructions");
        outer.forEach(c -> ixs.add(jsonInstruction(c, all, 0)));
        if (v0) {
            ObjectNode lookup = message.putArray("addressTableLookups").addObject();
            lookup.put("accountKey", lookupTable.toBase58());
            lookup.putArray("writableIndexes").add(3);
            lookup.putArray("readonlyIndexes").add(0).add(1).add(2).add(4).add(5).add(6);
        }
        return tx;
    }

    private ObjectNode meta(boolean v0, List<PublicKey> all, boolean failed) {
        ObjectNode meta = JSON.objectNode();
        if (failed) {
            ObjectNode err = JSON.objectNode();
            err.putArray("InstructionError").add(1).addObject().put("Custom", 6002);
            meta.set("err", err);
            meta.putObject("status").set("Err", err);
        } else {
            meta.putNull("err");
            meta.putObject("status").putNull("Ok");
        }
        meta.put("fee", 205_000);
        meta.putArray("preBalances");
        meta.putArray("postBalances");
        ArrayNode groups = meta.putArray("innerInstructions");
        List<List<Call>> inner = inner(failed);
        for (int i = 0; i < inner.size(); i++) {
            ObjectNode g = groups.addObject().put("index", i);
            ArrayNode list = g.putArray("instructions");
            inner.get(i).forEach(c -> list.add(jsonInstruction(c, all, 2)));
        }
        ArrayNode logLines = meta.putArray("logMessages");
        logs(failed).forEach(logLines::add);
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
        meta.put("computeUnitsConsumed", failed ? 52_000 : 97_500);
        return meta;
    }

    private static ObjectNode jsonInstruction(Call c, List<PublicKey> all, int stackHeight) {
        ObjectNode ix = JSON.objectNode().put("programIdIndex", index(all, c.program()));
        ArrayNode accounts = ix.putArray("accounts");
        c.accounts().forEach(k -> accounts.add(index(all, k)));
        ix.put("data", Base58.encode(c.data()));
        if (stackHeight > 0) {
            ix.put("stackHeight", stackHeight);
        } else {
            ix.putNull("stackHeight");
        }
        return ix;
    }

    /** Signatures, then the message; compact-u16 lengths (7 bits a byte, low first). */
    private byte[] wire(byte[] signature, boolean v0, int[] header, List<PublicKey> staticKeys, List<PublicKey> all, PublicKey blockhash,
                        List<Call> outer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        compactU16(out, 1);
        out.writeBytes(signature);
        if (v0) {
            out.write(0x80);
        }
        for (int h : header) {
            out.write(h);
        }
        compactU16(out, staticKeys.size());
        staticKeys.forEach(k -> out.writeBytes(k.toBytes()));
        out.writeBytes(blockhash.toBytes());
        compactU16(out, outer.size());
        for (Call c : outer) {
            out.write(index(all, c.program()));
            compactU16(out, c.accounts().size());
            c.accounts().forEach(k -> out.write(index(all, k)));
            compactU16(out, c.data().length);
            out.writeBytes(c.data());
        }
        if (v0) {
            compactU16(out, 1);
            out.writeBytes(lookupTable.toBytes());
            compactU16(out, 1);
            out.write(3);
            compactU16(out, 6);
            for (int i : new int[]{0, 1, 2, 4, 5, 6}) {
                out.write(i);
            }
        }
        return out.toByteArray();
    }

    private static void compactU16(ByteArrayOutputStream out, int value) {
        int v = value;
        while (v >= 0x80) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int index(List<PublicKey> all, PublicKey key) {
        int i = all.indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("no key " + key + " in the transaction");
        }
        return i;
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

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] bytes(JsonNode array) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) array.get(i).asInt();
        }
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

    private static byte[] sha512(String seed) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
