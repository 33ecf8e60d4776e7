package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.JsonText;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import java.util.List;

/**
 * One transaction as the simulator produced it: the message, the signatures, and the status meta a
 * node would store. Immutable: the arrays and lists are never written after construction.
 *
 * @param version       -1 for a legacy message, 0 for a v0 message (without address table lookups)
 * @param errJson       the error as Solana's JSON shows it ({@code {"InstructionError":[2,{"Custom":6002}]}}), or null
 * @param inner         inner instructions per outer instruction index (an empty list for none)
 * @param events        what the transaction's logs and event instructions carry, as intended
 * @param logsText      the log messages as the logsNotification value, written once as the transaction
 *                      is made: every notification copies it, and the answers that show the logs
 *                      ({@link #logsJson()}, {@link #logs()}) read them back from it
 * @param knownPrograms which of the {@link KnownPrograms} the account keys hold, one bit each
 */
public record SolTx(
        List<byte[]> signatures,
        List<String> signatureTexts,
        int version,
        int numRequiredSignatures,
        int numReadonlySigned,
        int numReadonlyUnsigned,
        List<Pubkey> accountKeys,
        Pubkey recentBlockhash,
        List<CompiledIx> instructions,
        String errJson,
        long fee,
        long[] preBalances,
        long[] postBalances,
        List<List<CompiledIx>> inner,
        List<TokenBalance> preTokenBalances,
        List<TokenBalance> postTokenBalances,
        long computeUnitsConsumed,
        List<PumpEvent> events,
        LogsText logsText,
        int knownPrograms) {

    /** The first signature, which names the transaction. */
    public String signature() {
        return signatureTexts.getFirst();
    }

    /** The log messages as a JSON array of strings, as {@code logMessages} shows them. */
    public String logsJson() {
        return logsText.logsJson();
    }

    /** The log messages, read from {@link #logsText()}: for Geyser's meta and the ground truth, not the WebSocket path. */
    public List<String> logs() {
        return JsonText.strings(logsJson());
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
        for (int i = 0, n = accountKeys.size(); i < n; i++) {
            if (accountKeys.get(i).equals(key)) {
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
        for (PumpEvent e : events) {
            if (e.isGenuine()) {
                n++;
            }
        }
        return n;
    }
}
