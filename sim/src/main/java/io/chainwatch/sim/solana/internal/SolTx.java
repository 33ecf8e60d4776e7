package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.JsonText;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One transaction as the simulator produced it: the message, the signatures, and the status meta a
 * node would store. Immutable: the arrays are never written after construction.
 *
 * <p>Kept compact, because the simulator keeps millions of them (the history, and the slots a load
 * run makes ahead, hundreds of thousands of slots of twenty transactions): the logs as the
 * notification's bytes, in pieces shared with other transactions ({@link LogsText}); the
 * signature's text only there; the instructions packed into one array ({@link PackedInstructions});
 * the lamport and token balances as what the keys do not tell ({@link Balances}); the events only as
 * the logs carry them ({@link #events()}). What the WebSocket path reads (the logs, {@link #mentions})
 * is read as kept; the rest is made again, as a node shows it, by the accessors that getBlock,
 * getTransaction, Geyser and the ground truth call. A pump trade kept whole, as lists of objects,
 * took some 4 KB; kept so, some 1.3 KB.
 */
public final class SolTx {
    private static final int SIGNATURE_BYTES = 64;

    private final byte[] signatures;
    private final byte[][] logs;
    private final Pubkey[] accountKeys;
    private final Pubkey recentBlockhash;
    private final byte[] instructions;
    private final String errJson;
    private final long fee;
    private final int computeUnitsConsumed;
    private final long[] balanceChanges;
    private final long[] tokenChanges;
    private final byte version;
    private final byte numReadonlySigned;
    private final byte numReadonlyUnsigned;
    private final int knownPrograms;

    /**
     * @param signatures     the signatures, 64 bytes each, in the order of the signing keys
     * @param logs           the logs as {@link LogsText} pieces, the first signature's text first
     * @param version        -1 for a legacy message, 0 for a v0 message (without address table lookups)
     * @param instructions   the outer and inner instructions, {@link PackedInstructions packed}
     * @param errJson        the error as Solana's JSON shows it ({@code {"InstructionError":[2,{"Custom":6002}]}}), or null
     * @param balanceChanges the lamport balances {@link Balances} does not give
     * @param tokenChanges   the token balances as {@link Balances} keeps them
     * @param computeUnitsConsumed at most 1.4 million, the most a transaction may ask for
     * @param knownPrograms  which of the {@link KnownPrograms} the account keys hold, one bit each
     */
    SolTx(byte[] signatures, byte[][] logs, int version, int numReadonlySigned, int numReadonlyUnsigned, Pubkey[] accountKeys,
            Pubkey recentBlockhash, byte[] instructions, String errJson, long fee, long[] balanceChanges, long[] tokenChanges,
            int computeUnitsConsumed, int knownPrograms) {
        this.signatures = signatures;
        this.logs = logs;
        this.version = (byte) version;
        this.numReadonlySigned = (byte) numReadonlySigned;
        this.numReadonlyUnsigned = (byte) numReadonlyUnsigned;
        this.accountKeys = accountKeys;
        this.recentBlockhash = recentBlockhash;
        this.instructions = instructions;
        this.errJson = errJson;
        this.fee = fee;
        this.balanceChanges = balanceChanges;
        this.tokenChanges = tokenChanges;
        this.computeUnitsConsumed = computeUnitsConsumed;
        this.knownPrograms = knownPrograms;
    }

    /** The first signature, which names the transaction. */
    public String signature() {
        return new String(logs[0], StandardCharsets.US_ASCII);
    }

    /** The first signature's base58 as ASCII; never to be written. */
    byte[] signatureAscii() {
        return logs[0];
    }

    /** True when {@code text} is the first signature's base58 (false for null). */
    public boolean hasSignature(String text) {
        byte[] own = logs[0];
        if (text == null || text.length() != own.length) {
            return false;
        }
        for (int i = 0; i < own.length; i++) {
            if (text.charAt(i) != own[i]) {
                return false;
            }
        }
        return true;
    }

    /** The signatures, 64 bytes each (fresh arrays). */
    public List<byte[]> signatures() {
        List<byte[]> out = new ArrayList<>(numRequiredSignatures());
        for (int from = 0; from < signatures.length; from += SIGNATURE_BYTES) {
            out.add(Arrays.copyOfRange(signatures, from, from + SIGNATURE_BYTES));
        }
        return List.copyOf(out);
    }

    /** The signatures in base58. */
    public List<String> signatureTexts() {
        List<String> out = new ArrayList<>(numRequiredSignatures());
        out.add(signature());
        for (int from = SIGNATURE_BYTES; from < signatures.length; from += SIGNATURE_BYTES) {
            out.add(Base58.encode(signatures, from, SIGNATURE_BYTES));
        }
        return List.copyOf(out);
    }

    /** -1 for a legacy message, 0 for a v0 message (without address table lookups). */
    public int version() {
        return version;
    }

    public int numRequiredSignatures() {
        return signatures.length / SIGNATURE_BYTES;
    }

    public int numReadonlySigned() {
        return numReadonlySigned & 0xFF;
    }

    public int numReadonlyUnsigned() {
        return numReadonlyUnsigned & 0xFF;
    }

    public List<Pubkey> accountKeys() {
        return Collections.unmodifiableList(Arrays.asList(accountKeys));
    }

    public Pubkey recentBlockhash() {
        return recentBlockhash;
    }

    /** The outer instructions (fresh on each call). */
    public List<CompiledIx> instructions() {
        return PackedInstructions.outer(instructions, logs);
    }

    /** Inner instructions per outer instruction index, an empty list for none (fresh on each call). */
    public List<List<CompiledIx>> inner() {
        return PackedInstructions.inner(instructions, logs);
    }

    /** The error as Solana's JSON shows it ({@code {"InstructionError":[2,{"Custom":6002}]}}), or null. */
    public String errJson() {
        return errJson;
    }

    public long fee() {
        return fee;
    }

    public long computeUnitsConsumed() {
        return computeUnitsConsumed;
    }

    /** Lamports of each account key before the transaction (a fresh array). */
    public long[] preBalances() {
        return Balances.pre(accountKeys, balanceChanges);
    }

    /** Lamports of each account key after the transaction (a fresh array). */
    public long[] postBalances() {
        return Balances.post(accountKeys, balanceChanges);
    }

    public List<TokenBalance> preTokenBalances() {
        return Balances.tokens(accountKeys, tokenChanges, false);
    }

    public List<TokenBalance> postTokenBalances() {
        return Balances.tokens(accountKeys, tokenChanges, true);
    }

    /**
     * What the transaction's logs and event instructions carry, as intended (read back from the logs,
     * fresh on each call: {@link PumpEventReader}), in log order.
     */
    public List<PumpEvent> events() {
        int[] programs = PackedInstructions.eventPrograms(instructions, LogsText.events(logs));
        List<PumpEvent> out = new ArrayList<>(programs.length);
        for (int i = 0; i < programs.length; i++) {
            out.add(PumpEventReader.read(accountKeys[programs[i]], LogsText.eventData(logs, i)));
        }
        return List.copyOf(out);
    }

    /**
     * The part of the logsNotification that follows {@code "signature":"}, as the {@link LogsText}
     * pieces; the caller never writes them.
     */
    byte[][] logsValue() {
        return logs;
    }

    /** The log messages as a JSON array of strings, as {@code logMessages} shows them. */
    public String logsJson() {
        return LogsText.logsJson(logs, errJson);
    }

    /** The log messages, read from {@link #logsJson()}: for Geyser's meta and the ground truth, not the WebSocket path. */
    public List<String> logs() {
        return JsonText.strings(logsJson());
    }

    /** Which of the {@link KnownPrograms} the account keys hold, one bit each. */
    public int knownPrograms() {
        return knownPrograms;
    }

    public boolean failed() {
        return errJson != null;
    }

    /** True when {@code key} is one of the account keys (what logsSubscribe's "mentions" matches). */
    public boolean mentions(Pubkey key) {
        int bit = KnownPrograms.bit(key);
        if (bit != 0) {
            return (knownPrograms & bit) != 0;
        }
        for (Pubkey k : accountKeys) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Genuine pump or PumpSwap events that took effect (the transaction succeeded). */
    public int genuineEvents() {
        if (failed()) {
            return 0;
        }
        int n = 0;
        for (int program : PackedInstructions.eventPrograms(instructions, LogsText.events(logs))) {
            if (PumpEvent.isGenuineEmitter(accountKeys[program])) {
                n++;
            }
        }
        return n;
    }
}
