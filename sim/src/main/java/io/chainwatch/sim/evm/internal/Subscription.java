package io.chainwatch.sim.evm.internal;

/**
 * One eth_subscribe of one WebSocket connection. Immutable.
 *
 * @param filter only for {@code logs}; {@link LogFilter#ANY} for {@code newHeads}
 * @param prefix the notification text up to the result, built once:
 *               {@code {"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x..","result":}
 */
public record Subscription(String id, Kind kind, LogFilter filter, String prefix) {
    enum Kind { NEW_HEADS, LOGS }

    static Subscription of(String id, Kind kind, LogFilter filter) {
        return new Subscription(id, kind, filter,
                "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + id + "\",\"result\":");
    }

    String notification(String resultJson) {
        return prefix + resultJson + "}}";
    }
}
