package io.chainwatch.sim.solana.internal;

import java.nio.charset.StandardCharsets;

/**
 * A transaction's log messages kept as the part of its logsNotification that is the same for every
 * subscriber and slot notification: the UTF-8 of {@code ,"value":{"signature":"..","err":..,"logs":[..]}}}
 * (what follows {@code {"context":{"slot":S}}), written once as the transaction is made. A
 * notification is then a copy of these bytes between a head and a subscription id, with no JSON
 * written and no text encoded per message; getBlock, getTransaction and Geyser read the logs array
 * back from it ({@link #logsJson()}). The one copy of the logs a kept transaction holds. Immutable:
 * the array is never written after construction.
 *
 * @param logsFrom where the logs array starts in {@code utf8}; it ends two bytes before the end
 */
public record LogsText(byte[] utf8, int logsFrom) {
    /** @param logsJson the log messages as a JSON array of strings */
    static LogsText of(String signature, String errJson, String logsJson) {
        String head = ",\"value\":{\"signature\":\"" + signature + "\",\"err\":" + (errJson == null ? "null" : errJson) + ",\"logs\":";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] logs = logsJson.getBytes(StandardCharsets.UTF_8);
        byte[] utf8 = new byte[headBytes.length + logs.length + 2];
        System.arraycopy(headBytes, 0, utf8, 0, headBytes.length);
        System.arraycopy(logs, 0, utf8, headBytes.length, logs.length);
        utf8[utf8.length - 2] = '}';
        utf8[utf8.length - 1] = '}';
        return new LogsText(utf8, headBytes.length);
    }

    /** The log messages as a JSON array of strings, as {@code logMessages} shows them. */
    String logsJson() {
        return new String(utf8, logsFrom, utf8.length - 2 - logsFrom, StandardCharsets.UTF_8);
    }
}
