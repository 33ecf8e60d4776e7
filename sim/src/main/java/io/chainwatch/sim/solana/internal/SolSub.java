package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import java.util.List;

/**
 * One subscription of one WebSocket connection. Immutable.
 *
 * @param key     the mentioned key (logs; null for "all"), the program, or the account
 * @param prefix  the notification text up to the result: {@code {"jsonrpc":"2.0","method":"logsNotification","params":{"result":}
 * @param suffix  the text after it: {@code ,"subscription":ID}}}
 */
public record SolSub(long id, Kind kind, Commitment level, Pubkey key, AccountEncoding encoding, List<AccountFilter> filters,
        String prefix, String suffix) {

    public enum Kind {
        SLOT("slotNotification"), LOGS("logsNotification"), PROGRAM("programNotification"), ACCOUNT("accountNotification");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    static SolSub of(long id, Kind kind, Commitment level, Pubkey key, AccountEncoding encoding, List<AccountFilter> filters) {
        return new SolSub(id, kind, level, key, encoding, List.copyOf(filters),
                "{\"jsonrpc\":\"2.0\",\"method\":\"" + kind.method + "\",\"params\":{\"result\":", ",\"subscription\":" + id + "}}");
    }

    String notification(String result) {
        return new StringBuilder(prefix.length() + result.length() + suffix.length()).append(prefix).append(result).append(suffix)
                .toString();
    }
}
