package io.chainwatch.sim.solana;

import io.chainwatch.sim.internal.AnswerFaults;

/**
 * The faults one Solana endpoint injects at a moment; {@link #NONE} is a healthy endpoint.
 *
 * @param down              the port is closed
 * @param latencyMs         added before every answer
 * @param errorRate         chance that a call is answered with error -32603 "Internal error"
 * @param malformed         answers are cut in half (broken JSON)
 * @param oversizedBytes    answers are padded with whitespace to at least this size (0: off)
 * @param lagSlots          the endpoint serves and notifies as if it were this many slots behind
 * @param dropNotifications chance that one WebSocket notification is silently dropped
 */
public record SolanaFaults(
        boolean down,
        long latencyMs,
        double errorRate,
        boolean malformed,
        int oversizedBytes,
        int lagSlots,
        double dropNotifications) implements AnswerFaults {

    public static final SolanaFaults NONE = new SolanaFaults(false, 0, 0, false, 0, 0, 0);
}
