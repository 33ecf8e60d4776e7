package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Writes blocks, transactions, status metas and accounts in the JSON shapes of Agave's RPC (field
 * names and nesting as {@code solana-transaction-status} and {@code solana-account-decoder} serialize
 * them). Stateless.
 */
public final class SolanaJson {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    /** How getBlock lists transactions. */
    public enum Details { FULL, SIGNATURES, NONE }

    /** How a transaction is encoded. */
    public enum TxEncoding { JSON, BASE64, BASE58 }

    private SolanaJson() {
    }

    /**
     * A getBlock result.
     *
     * @param withVersion adds each transaction's {@code version} ("legacy" or 0), as a node does when
     *                    the request names {@code maxSupportedTransactionVersion}
     */
    public static StringBuilder block(StringBuilder sb, SolBlock b, Details details, TxEncoding encoding, boolean rewards,
            boolean withVersion) {
        sb.append("{\"blockHeight\":").append(b.blockHeight())
                .append(",\"blockTime\":").append(b.blockTime())
                .append(",\"blockhash\":\"").append(b.blockhash().base58())
                .append("\",\"parentSlot\":").append(b.parentSlot())
                .append(",\"previousBlockhash\":\"").append(b.previousBlockhash().base58()).append('"');
        if (rewards) {
            sb.append(",\"rewards\":[{\"commission\":null,\"lamports\":").append(b.leaderReward())
                    .append(",\"postBalance\":").append(b.leaderPostBalance())
                    .append(",\"pubkey\":\"").append(b.leader().base58()).append("\",\"rewardType\":\"Fee\"}]");
        }
        List<SolTx> txs = b.transactions();
        if (details == Details.SIGNATURES) {
            sb.append(",\"signatures\":[");
            for (int i = 0; i < txs.size(); i++) {
                sb.append(i == 0 ? "\"" : ",\"").append(txs.get(i).signature()).append('"');
            }
            sb.append(']');
        } else if (details == Details.FULL) {
            sb.append(",\"transactions\":[");
            for (int i = 0; i < txs.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                SolTx t = txs.get(i);
                sb.append("{\"meta\":");
                meta(sb, t);
                sb.append(",\"transaction\":");
                transaction(sb, t, encoding);
                version(sb, t, withVersion);
                sb.append('}');
            }
            sb.append(']');
        }
        return sb.append('}');
    }

    /** A getTransaction result. */
    public static StringBuilder confirmedTransaction(StringBuilder sb, SolBlock b, SolTx t, TxEncoding encoding, boolean withVersion) {
        sb.append("{\"blockTime\":").append(b.blockTime()).append(",\"meta\":");
        meta(sb, t);
        sb.append(",\"slot\":").append(b.slot()).append(",\"transaction\":");
        transaction(sb, t, encoding);
        version(sb, t, withVersion);
        return sb.append('}');
    }

    private static void version(StringBuilder sb, SolTx t, boolean withVersion) {
        if (withVersion) {
            sb.append(",\"version\":").append(t.version() < 0 ? "\"legacy\"" : Integer.toString(t.version()));
        }
    }

    public static StringBuilder transaction(StringBuilder sb, SolTx t, TxEncoding encoding) {
        switch (encoding) {
            case BASE64 -> sb.append("[\"").append(BASE64.encodeToString(TxWire.serialize(t))).append("\",\"base64\"]");
            case BASE58 -> sb.append("[\"").append(Base58.encode(TxWire.serialize(t))).append("\",\"base58\"]");
            case JSON -> jsonTransaction(sb, t);
        }
        return sb;
    }

    private static void jsonTransaction(StringBuilder sb, SolTx t) {
        sb.append("{\"message\":{\"accountKeys\":[");
        keys(sb, t.accountKeys());
        sb.append("],");
        if (t.version() >= 0) {
            sb.append("\"addressTableLookups\":[],");
        }
        sb.append("\"header\":{\"numReadonlySignedAccounts\":").append(t.numReadonlySigned())
                .append(",\"numReadonlyUnsignedAccounts\":").append(t.numReadonlyUnsigned())
                .append(",\"numRequiredSignatures\":").append(t.numRequiredSignatures())
                .append("},\"instructions\":[");
        List<CompiledIx> ixs = t.instructions();
        for (int i = 0; i < ixs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            instruction(sb, ixs.get(i));
        }
        sb.append("],\"recentBlockhash\":\"").append(t.recentBlockhash().base58()).append("\"},\"signatures\":[");
        List<String> sigs = t.signatureTexts();
        for (int i = 0; i < sigs.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(sigs.get(i)).append('"');
        }
        sb.append("]}");
    }

    private static void instruction(StringBuilder sb, CompiledIx ix) {
        sb.append("{\"accounts\":[");
        byte[] a = ix.accounts();
        for (int j = 0; j < a.length; j++) {
            if (j > 0) {
                sb.append(',');
            }
            sb.append(a[j] & 0xFF);
        }
        sb.append("],\"data\":\"").append(Base58.encode(ix.data())).append("\",\"programIdIndex\":").append(ix.programIdIndex())
                .append(",\"stackHeight\":").append(ix.stackHeight() == 0 ? "null" : Integer.toString(ix.stackHeight())).append('}');
    }

    /** The transaction status meta. */
    public static StringBuilder meta(StringBuilder sb, SolTx t) {
        String err = t.errJson() == null ? "null" : t.errJson();
        sb.append("{\"computeUnitsConsumed\":").append(t.computeUnitsConsumed())
                .append(",\"err\":").append(err)
                .append(",\"fee\":").append(t.fee())
                .append(",\"innerInstructions\":[");
        boolean any = false;
        List<List<CompiledIx>> inner = t.inner();
        for (int i = 0; i < inner.size(); i++) {
            List<CompiledIx> group = inner.get(i);
            if (group.isEmpty()) {
                continue;
            }
            sb.append(any ? "," : "").append("{\"index\":").append(i).append(",\"instructions\":[");
            for (int j = 0; j < group.size(); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                instruction(sb, group.get(j));
            }
            sb.append("]}");
            any = true;
        }
        sb.append("],\"loadedAddresses\":{\"readonly\":[],\"writable\":[]},\"logMessages\":").append(t.logsJson());
        sb.append(",\"postBalances\":");
        longs(sb, t.postBalances());
        sb.append(",\"postTokenBalances\":");
        tokenBalances(sb, t.postTokenBalances());
        sb.append(",\"preBalances\":");
        longs(sb, t.preBalances());
        sb.append(",\"preTokenBalances\":");
        tokenBalances(sb, t.preTokenBalances());
        sb.append(",\"rewards\":[],\"status\":");
        if (t.errJson() == null) {
            sb.append("{\"Ok\":null}");
        } else {
            sb.append("{\"Err\":").append(t.errJson()).append('}');
        }
        return sb.append('}');
    }

    private static void tokenBalances(StringBuilder sb, List<TokenBalance> balances) {
        sb.append('[');
        for (int i = 0; i < balances.size(); i++) {
            TokenBalance b = balances.get(i);
            if (i > 0) {
                sb.append(',');
            }
            String ui = b.uiAmountString();
            sb.append("{\"accountIndex\":").append(b.accountIndex())
                    .append(",\"mint\":\"").append(b.mint().base58())
                    .append("\",\"owner\":\"").append(b.owner().base58())
                    .append("\",\"programId\":\"").append(b.programId().base58())
                    .append("\",\"uiTokenAmount\":{\"amount\":\"").append(b.amount())
                    .append("\",\"decimals\":").append(b.decimals())
                    .append(",\"uiAmount\":").append(b.amount() == 0 ? "null" : ui)
                    .append(",\"uiAmountString\":\"").append(ui).append("\"}}");
        }
        sb.append(']');
    }

    /**
     * An account object: {@code data}, {@code executable}, {@code lamports}, {@code owner},
     * {@code rentEpoch}, {@code space}. The caller checked the base58 size limit.
     *
     * @param sliceOffset start of the data slice (0 for all)
     * @param sliceLength bytes of the slice, or -1 for all
     */
    public static StringBuilder account(StringBuilder sb, AccountData a, AccountEncoding encoding, int sliceOffset, int sliceLength) {
        byte[] data = a.data();
        int from = Math.min(sliceOffset, data.length);
        int to = sliceLength < 0 ? data.length : (int) Math.min(data.length, (long) from + sliceLength);
        sb.append("{\"data\":");
        switch (encoding) {
            case LEGACY_BINARY -> sb.append('"').append(Base58.encode(data, from, to - from)).append('"');
            case BASE58 -> sb.append("[\"").append(Base58.encode(data, from, to - from)).append("\",\"base58\"]");
            case BASE64, JSON_PARSED -> sb.append("[\"").append(base64(data, from, to)).append("\",\"base64\"]");
        }
        return sb.append(",\"executable\":").append(a.executable())
                .append(",\"lamports\":").append(a.lamports())
                .append(",\"owner\":\"").append(a.owner().base58())
                .append("\",\"rentEpoch\":").append(Long.toUnsignedString(a.rentEpoch()))
                .append(",\"space\":").append(data.length).append('}');
    }

    /**
     * The head of the logsNotifications of one slot to one subscription, as UTF-8: its {@code prefix}
     * (up to the result), {@code {"context":{"slot":S}} and the value up to its signature,
     * {@code ,"value":{"signature":"}.
     */
    public static byte[] logsNotificationHead(byte[] prefix, long slot) {
        byte[] context = ("{\"context\":{\"slot\":" + slot + "},\"value\":{\"signature\":\"").getBytes(StandardCharsets.US_ASCII);
        byte[] head = Arrays.copyOf(prefix, prefix.length + context.length);
        System.arraycopy(context, 0, head, prefix.length, context.length);
        return head;
    }

    /**
     * A whole logsNotification as UTF-8: the {@code head} of its slot and subscription, the rest of
     * the result's {@code value} as the transaction was made with it ({@link LogsText}), the
     * subscription's {@code suffix}. Copies, writes nothing: one array of the final size, not zeroed
     * first. (A delivery queues the pieces instead, which the connection's writer joins in this order
     * as it sends them.)
     */
    public static byte[] logsNotification(byte[] head, SolTx t, byte[] suffix) {
        byte[][] value = t.logsValue();
        int length = head.length + suffix.length;
        for (byte[] piece : value) {
            length += piece.length;
        }
        byte[] m = Arrays.copyOf(head, length);
        int at = head.length;
        for (byte[] piece : value) {
            System.arraycopy(piece, 0, m, at, piece.length);
            at += piece.length;
        }
        System.arraycopy(suffix, 0, m, at, suffix.length);
        return m;
    }

    static void keys(StringBuilder sb, List<Pubkey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(keys.get(i).base58()).append('"');
        }
    }

    private static void longs(StringBuilder sb, long[] values) {
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        sb.append(']');
    }

    private static String base64(byte[] data, int from, int to) {
        if (from == 0 && to == data.length) {
            return BASE64.encodeToString(data);
        }
        byte[] part = new byte[to - from];
        System.arraycopy(data, from, part, 0, part.length);
        return BASE64.encodeToString(part);
    }
}
