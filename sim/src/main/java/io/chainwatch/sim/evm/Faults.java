package io.chainwatch.sim.evm;

import io.chainwatch.sim.internal.AnswerFaults;
import java.util.OptionalLong;

/**
 * The faults one endpoint injects at a moment; {@link #NONE} is a healthy endpoint.
 *
 * @param down              the port is closed
 * @param latencyMs         added before every answer
 * @param errorRate         chance that a call is answered with error -32603
 * @param malformed         answers are cut in half (broken JSON)
 * @param oversizedBytes    answers are padded with whitespace to at least this size (0: off)
 * @param wrongChainId      answered by eth_chainId and net_version instead of the real one
 * @param lagBlocks         the endpoint serves and notifies a head this many blocks behind
 * @param lieBlocks         eth_blockNumber and newHeads report heads this many blocks ahead, with
 *                          hashes of blocks that do not exist
 * @param dropNotifications chance that one WebSocket notification is silently dropped
 */
public record Faults(
        boolean down,
        long latencyMs,
        double errorRate,
        boolean malformed,
        int oversizedBytes,
        OptionalLong wrongChainId,
        int lagBlocks,
        int lieBlocks,
        double dropNotifications) implements AnswerFaults {

    public static final Faults NONE = new Faults(false, 0, 0, false, 0, OptionalLong.empty(), 0, 0, 0);
}
