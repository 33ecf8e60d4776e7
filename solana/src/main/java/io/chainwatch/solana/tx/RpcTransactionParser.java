package io.chainwatch.solana.tx;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

import static io.chainwatch.solana.tx.JsonRead.absent;
import static io.chainwatch.solana.tx.JsonRead.array;
import static io.chainwatch.solana.tx.JsonRead.child;
import static io.chainwatch.solana.tx.JsonRead.indexes;
import static io.chainwatch.solana.tx.JsonRead.intIn;
import static io.chainwatch.solana.tx.JsonRead.item;
import static io.chainwatch.solana.tx.JsonRead.key;
import static io.chainwatch.solana.tx.JsonRead.keys;
import static io.chainwatch.solana.tx.JsonRead.kind;
import static io.chainwatch.solana.tx.JsonRead.longValue;
import static io.chainwatch.solana.tx.JsonRead.object;
import static io.chainwatch.solana.tx.JsonRead.optionalText;
import static io.chainwatch.solana.tx.JsonRead.required;
import static io.chainwatch.solana.tx.JsonRead.text;

/**
 * Reads Solana JSON-RPC {@code getBlock} (with {@code transactionDetails: "full"}) and
 * {@code getTransaction} answers: the whole response ({@code {"jsonrpc", "result", "id"}}) or just its
 * {@code result}.
 *
 * <p>Transactions may come in the {@code json} encoding (the message as JSON, instruction data in
 * base58), or as bytes: {@code base64} or {@code base58} ({@code [data, encoding]}), or the legacy
 * {@code binary} (a bare base58 string); {@link TransactionWireReader} reads those. In every encoding
 * the status meta is JSON, and inner instruction data in it is base58. A v0 transaction's account
 * keys are its static keys followed by {@code meta.loadedAddresses} (writable, then read-only), as
 * the runtime orders them.
 *
 * <p>Strict where a wrong guess would mislead: a JSON-RPC error, a null result, a missing field, an
 * index outside the account keys, an encoding it does not know ({@code jsonParsed} included) are
 * {@link TransactionFormatException}s naming the JSON path. Stateless; thread-safe.
 */
public final class RpcTransactionParser {
    private RpcTransactionParser() {
    }

    /**
     * A getBlock answer, or its result. Also accepts a {@code blockSubscribe} notification's value
     * ({@code {"slot", "block"}}), and a result with a {@code slot} field beside the block's, which
     * then give {@link SolanaBlock#slot()}.
     *
     * @throws TransactionFormatException when it is not a readable getBlock answer with full transaction details
     */
    public static SolanaBlock parseBlock(JsonNode answer) throws TransactionFormatException {
        Located r = result(answer, "block (a skipped slot, or one the node does not have yet)");
        JsonNode block = r.node();
        String path = r.path();
        OptionalLong slot = OptionalLong.empty();
        if (block.has("slot") && !block.get("slot").isNull()) {
            slot = OptionalLong.of(longValue(block.get("slot"), child(path, "slot")));
        }
        if (block.has("block") && block.get("block").isObject()) {
            path = child(path, "block");
            block = block.get("block");
        }
        JsonNode txs = block.get("transactions");
        if (absent(txs)) {
            if (block.has("signatures")) {
                throw new TransactionFormatException(path, "a block with signatures only: ask getBlock with transactionDetails \"full\"");
            }
            throw new TransactionFormatException(path, "not a getBlock answer: no \"transactions\""
                    + (block.has("transaction") ? " (it looks like a getTransaction answer)" : ""));
        }
        String txsPath = child(path, "transactions");
        array(txs, txsPath);
        List<SolanaTransaction> transactions = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            transactions.add(parseTransactionWithMeta(txs.get(i), i, item(txsPath, i)));
        }
        return new SolanaBlock(slot, optionalLong(block, "parentSlot", path), optionalText(block, "blockhash", path),
                optionalText(block, "previousBlockhash", path), optionalLong(block, "blockTime", path),
                optionalLong(block, "blockHeight", path), transactions);
    }

    /**
     * A getTransaction answer, or its result.
     *
     * @throws TransactionFormatException when it is not a readable getTransaction answer
     */
    public static ConfirmedTransaction parseTransaction(JsonNode answer) throws TransactionFormatException {
        Located r = result(answer, "transaction (unknown signature, or one the node does not have yet)");
        JsonNode node = r.node();
        if (!node.has("transaction")) {
            throw new TransactionFormatException(r.path(), "not a getTransaction answer: no \"transaction\""
                    + (node.has("transactions") ? " (it looks like a getBlock answer)" : ""));
        }
        long slot = longValue(required(node, "slot", r.path()), child(r.path(), "slot"));
        SolanaTransaction tx = parseTransactionWithMeta(node, SolanaTransaction.UNKNOWN_INDEX, r.path());
        return new ConfirmedTransaction(slot, optionalLong(node, "blockTime", r.path()), tx);
    }

    /**
     * One {@code {"transaction", "meta", "version"}} object, as getBlock lists them and getTransaction
     * returns one.
     *
     * @param index its place in the block, or {@link SolanaTransaction#UNKNOWN_INDEX}
     * @param path  its JSON path, for error messages
     * @throws TransactionFormatException naming the path below {@code path} that cannot be read
     */
    public static SolanaTransaction parseTransactionWithMeta(JsonNode node, int index, String path) throws TransactionFormatException {
        if (node == null || !node.isObject()) {
            throw new TransactionFormatException(path, "expected a transaction object, got " + kind(node));
        }
        TransactionVersion declared = declaredVersion(node.get("version"), child(path, "version"));
        WireTransaction tx = transaction(required(node, "transaction", path), child(path, "transaction"), declared);
        TransactionMessage message = tx.message();
        if (declared != null && declared != message.version()) {
            throw new TransactionFormatException(child(path, "version"), "says " + declared + " but the message is " + message.version());
        }
        JsonNode meta = node.get("meta");
        if (absent(meta)) {
            return new SolanaTransaction(index, tx.signatures(), message, message.staticAccountKeys(), List.of(), List.of(),
                    SolanaTransaction.Status.UNKNOWN, null);
        }
        String metaPath = child(path, "meta");
        if (!meta.isObject()) {
            throw new TransactionFormatException(metaPath, "expected an object, got " + kind(meta));
        }
        List<PublicKey> accountKeys = accountKeys(message, meta, metaPath);
        String error = error(meta);
        return new SolanaTransaction(index, tx.signatures(), message, accountKeys,
                innerInstructions(meta, metaPath, message.instructions().size(), accountKeys.size()),
                logMessages(meta, metaPath),
                error == null ? SolanaTransaction.Status.SUCCEEDED : SolanaTransaction.Status.FAILED, error);
    }

    private record Located(JsonNode node, String path) {
    }

    /** The result of a JSON-RPC response, or the object itself when it is a bare result. */
    private static Located result(JsonNode answer, String whatIsMissing) throws TransactionFormatException {
        if (answer == null || !answer.isObject()) {
            throw new TransactionFormatException("", "expected a JSON object (a JSON-RPC answer or its result), got " + kind(answer));
        }
        JsonNode error = answer.get("error");
        if (!absent(error)) {
            String detail = error.isObject() && error.has("message")
                    ? error.path("code").asText("?") + " " + error.get("message").asText()
                    : error.toString();
            throw new TransactionFormatException("error", "the node answered with an error: " + detail);
        }
        if (answer.has("result")) {
            JsonNode result = answer.get("result");
            if (result.isNull()) {
                throw new TransactionFormatException("result", "null: the node has no such " + whatIsMissing);
            }
            if (!result.isObject()) {
                throw new TransactionFormatException("result", "expected an object, got " + kind(result));
            }
            return new Located(result, "result");
        }
        return new Located(answer, "");
    }

    /** {@code "legacy"}, 0, or absent (null: an answer asked without maxSupportedTransactionVersion). */
    private static TransactionVersion declaredVersion(JsonNode v, String path) throws TransactionFormatException {
        if (absent(v)) {
            return null;
        }
        if (v.isTextual() && v.textValue().equals("legacy")) {
            return TransactionVersion.LEGACY;
        }
        if (v.isIntegralNumber() && v.longValue() == 0) {
            return TransactionVersion.V0;
        }
        throw new TransactionFormatException(path, "transaction version " + v + " is not supported (legacy and 0 are)");
    }

    private static WireTransaction transaction(JsonNode tx, String path, TransactionVersion declared) throws TransactionFormatException {
        if (tx.isObject()) {
            return jsonTransaction(tx, path, declared);
        }
        if (tx.isTextual()) {
            // The deprecated "binary" encoding: the bytes in base58, no encoding name.
            return TransactionWireReader.read(bytes(tx.textValue(), "base58", path), path + " (binary)");
        }
        if (tx.isArray()) {
            if (tx.size() != 2) {
                throw new TransactionFormatException(path, "expected [data, encoding], got " + kind(tx));
            }
            String encoding = text(tx.get(1), item(path, 1));
            String data = text(tx.get(0), item(path, 0));
            return TransactionWireReader.read(bytes(data, encoding, item(path, 0)), item(path, 0) + " (" + encoding + ")");
        }
        throw new TransactionFormatException(path, "expected an object (json encoding) or [data, encoding], got " + kind(tx));
    }

    private static byte[] bytes(String data, String encoding, String path) throws TransactionFormatException {
        try {
            return switch (encoding) {
                case "base64" -> Base64.getDecoder().decode(data);
                case "base58" -> Base58.decode(data);
                default -> throw new TransactionFormatException(path, "encoding \"" + encoding
                        + "\" is not supported (json, base64 and base58 are)");
            };
        } catch (IllegalArgumentException e) {
            throw new TransactionFormatException(path, "not " + encoding + ": " + e.getMessage());
        }
    }

    private static WireTransaction jsonTransaction(JsonNode tx, String path, TransactionVersion declared) throws TransactionFormatException {
        JsonNode sigs = array(tx, "signatures", path);
        List<String> signatures = new ArrayList<>(sigs.size());
        for (int i = 0; i < sigs.size(); i++) {
            String s = text(sigs.get(i), item(child(path, "signatures"), i));
            if (s.isEmpty() || !Base58.isValid(s)) {
                throw new TransactionFormatException(item(child(path, "signatures"), i), "not base58: '" + s + "'");
            }
            signatures.add(s);
        }
        if (signatures.isEmpty()) {
            throw new TransactionFormatException(child(path, "signatures"), "empty: a transaction has at least one signature");
        }
        String m = child(path, "message");
        JsonNode message = object(tx, "message", path);
        JsonNode header = object(message, "header", m);
        String h = child(m, "header");
        List<PublicKey> staticKeys = keys(array(message, "accountKeys", m), child(m, "accountKeys"));
        JsonNode ixs = array(message, "instructions", m);
        List<CompiledInstruction> instructions = new ArrayList<>(ixs.size());
        for (int i = 0; i < ixs.size(); i++) {
            String p = item(child(m, "instructions"), i);
            JsonNode ix = ixs.get(i);
            if (!ix.isObject()) {
                throw new TransactionFormatException(p, "expected an object, got " + kind(ix));
            }
            instructions.add(new CompiledInstruction(intIn(ix, "programIdIndex", p, 0, 255), indexes(ix, "accounts", p),
                    JsonRead.base58(required(ix, "data", p), child(p, "data"))));
        }
        // The json encoding lists addressTableLookups for v0 messages only.
        JsonNode lookupsNode = message.get("addressTableLookups");
        List<AddressTableLookup> lookups = new ArrayList<>();
        if (!absent(lookupsNode)) {
            String lp = child(m, "addressTableLookups");
            array(lookupsNode, lp);
            for (int i = 0; i < lookupsNode.size(); i++) {
                String p = item(lp, i);
                JsonNode l = lookupsNode.get(i);
                lookups.add(new AddressTableLookup(key(required(l, "accountKey", p), child(p, "accountKey")),
                        indexes(l, "writableIndexes", p), indexes(l, "readonlyIndexes", p)));
            }
        }
        TransactionVersion version = declared != null ? declared : absent(lookupsNode) ? TransactionVersion.LEGACY : TransactionVersion.V0;
        TransactionMessage parsed = new TransactionMessage(version, intIn(header, "numRequiredSignatures", h, 0, 255),
                intIn(header, "numReadonlySignedAccounts", h, 0, 255), intIn(header, "numReadonlyUnsignedAccounts", h, 0, 255),
                staticKeys, key(required(message, "recentBlockhash", m), child(m, "recentBlockhash")), instructions, lookups);
        parsed.checkIndexes(m);
        return new WireTransaction(signatures, parsed);
    }

    /** Static keys, then the loaded ones: writable, then read-only. */
    private static List<PublicKey> accountKeys(TransactionMessage message, JsonNode meta, String metaPath) throws TransactionFormatException {
        JsonNode loaded = meta.get("loadedAddresses");
        int expected = message.loadedAddressCount();
        if (absent(loaded)) {
            if (expected > 0) {
                throw new TransactionFormatException(child(metaPath, "loadedAddresses"), "missing, but the message looks up "
                        + expected + " addresses in tables: their keys are needed");
            }
            return message.staticAccountKeys();
        }
        String lp = child(metaPath, "loadedAddresses");
        List<PublicKey> writable = keys(array(loaded, "writable", lp), child(lp, "writable"));
        List<PublicKey> readonly = keys(array(loaded, "readonly", lp), child(lp, "readonly"));
        if (writable.size() + readonly.size() != expected) {
            throw new TransactionFormatException(lp, writable.size() + " writable and " + readonly.size()
                    + " read-only addresses, but the message looks up " + expected);
        }
        List<PublicKey> all = new ArrayList<>(message.staticAccountKeys().size() + expected);
        all.addAll(message.staticAccountKeys());
        all.addAll(writable);
        all.addAll(readonly);
        return all;
    }

    /** {@code meta.err} as compact JSON, or null when it succeeded; older answers say it in {@code meta.status.Err} only. */
    private static String error(JsonNode meta) {
        JsonNode err = meta.get("err");
        if (absent(err)) {
            JsonNode status = meta.get("status");
            err = status == null ? null : status.get("Err");
        }
        return absent(err) ? null : err.toString();
    }

    private static List<String> logMessages(JsonNode meta, String metaPath) throws TransactionFormatException {
        JsonNode logs = meta.get("logMessages");
        if (absent(logs)) {
            return List.of();
        }
        String p = child(metaPath, "logMessages");
        array(logs, p);
        List<String> out = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            out.add(text(logs.get(i), item(p, i)));
        }
        return out;
    }

    private static List<InnerInstruction> innerInstructions(JsonNode meta, String metaPath, int instructionCount, int keyCount)
            throws TransactionFormatException {
        JsonNode groups = meta.get("innerInstructions");
        if (absent(groups)) {
            return List.of();
        }
        String gp = child(metaPath, "innerInstructions");
        array(groups, gp);
        List<InnerInstruction> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String p = item(gp, g);
            JsonNode group = groups.get(g);
            if (!group.isObject()) {
                throw new TransactionFormatException(p, "expected an object, got " + kind(group));
            }
            int outer = intIn(group, "index", p, 0, Math.max(0, instructionCount - 1));
            JsonNode ixs = array(group, "instructions", p);
            for (int j = 0; j < ixs.size(); j++) {
                out.add(innerInstruction(ixs.get(j), item(child(p, "instructions"), j), outer, j, keyCount));
            }
        }
        return out;
    }

    private static InnerInstruction innerInstruction(JsonNode ix, String p, int outer, int inner, int keyCount) throws TransactionFormatException {
        if (!ix.isObject()) {
            throw new TransactionFormatException(p, "expected an object, got " + kind(ix));
        }
        if (ix.has("programId") && !ix.has("programIdIndex")) {
            throw new TransactionFormatException(p, "a programId instead of a programIdIndex, as the jsonParsed encoding gives; "
                    + "ask for json or base64 encoding");
        }
        int programIdIndex = intIn(ix, "programIdIndex", p, 0, keyCount - 1);
        List<Integer> accounts = indexes(ix, "accounts", p);
        for (int a = 0; a < accounts.size(); a++) {
            if (accounts.get(a) >= keyCount) {
                throw new TransactionFormatException(item(child(p, "accounts"), a), "index " + accounts.get(a) + " is outside the "
                        + keyCount + " account keys");
            }
        }
        JsonNode height = ix.get("stackHeight");
        int stackHeight = absent(height) ? 0 : intIn(height, child(p, "stackHeight"), 1, 64);
        return new InnerInstruction(outer, inner, programIdIndex, accounts, JsonRead.base58(required(ix, "data", p), child(p, "data")),
                stackHeight);
    }

    private static OptionalLong optionalLong(JsonNode parent, String field, String path) throws TransactionFormatException {
        JsonNode n = parent.get(field);
        return absent(n) ? OptionalLong.empty() : OptionalLong.of(longValue(n, child(path, field)));
    }
}
