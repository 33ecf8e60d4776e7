package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One subscription of one WebSocket connection. Immutable.
 *
 * @param key     the mentioned key (logs; null for "all"), the program, or the account
 * @param prefix  the notification text up to the result: {@code {"jsonrpc":"2.0","method":"logsNotification","params":{"result":}
 * @param suffix  the text after it: {@code ,"subscription":ID}}}
 * @param prefixUtf8 the prefix as UTF-8, for notifications written as bytes
 * @param suffixUtf8 the suffix as UTF-8
 */
public record SolSub(long id, Kind kind, Commitment level, Pubkey key, AccountEncoding encoding, List<AccountFilter> filters,
        String prefix, String suffix, byte[] prefixUtf8, byte[] suffixUtf8) {

    public enum Kind {
        SLOT("slotNotification"), LOGS("logsNotification"), PROGRAM("programNotification"), ACCOUNT("accountNotification");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    static SolSub of(long id, Kind kind, Commitment level, Pubkey key, AccountEncoding encoding, List<AccountFilter> filters) {
        String prefix = "{\"jsonrpc\":\"2.0\",\"method\":\"" + kind.method + "\",\"params\":{\"result\":";
        String suffix = ",\"subscription\":" + id + "}}";
        return new SolSub(id, kind, level, key, encoding, List.copyOf(filters), prefix, suffix,
                prefix.getBytes(StandardCharsets.UTF_8), suffix.getBytes(StandardCharsets.UTF_8));
    }

    String notification(String result) {
        return new StringBuilder(prefix.length() + result.length() + suffix.length()).append(prefix).append(result).append(suffix)
                .toString();
    }
}
