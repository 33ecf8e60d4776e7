package io.chainwatch.sim;

/**
 * The fault switches every simulated endpoint has, whatever chain it serves. Each takes effect for
 * the next request or notification, from any thread; {@code 0} turns a fault off.
 */
public interface FaultSwitches {
    int index();

    /** Closes the port and every connection; connections are refused until {@link #up()}. */
    void down();

    /** Opens the same port again. */
    void up();

    /** Waits {@code ms} before every answer (not before notifications). */
    void latency(long ms);

    /** Answers each call with an internal error (-32603) with probability {@code p}. */
    void errorRate(double p);

    /** Serves and announces the chain as if this node were {@code units} blocks (EVM) or slots (Solana) behind. */
    void lagBehind(int units);

    /** Drops each WebSocket notification with probability {@code p}, silently. */
    void dropNotifications(double p);

    /** Turns every fault off and opens the port if it was down. */
    void clearFaults();
}
