package io.chainwatch.sim.solana.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A transaction's log messages kept as the part of its logsNotification that is the same for every
 * subscriber and slot notification: the UTF-8 of {@code SIG","err":..,"logs":[..]}}} (what follows
 * {@code "signature":"}), written once as the transaction is made ({@link LogWriter#pieces}). A
 * notification is then a copy of these bytes between a head and a subscription id, with no JSON
 * written and no text encoded per message; getBlock, getTransaction and Geyser read the logs array
 * back from it ({@link #logsJson}), and the events' self-CPI instructions their data
 * ({@link #eventData}). The one copy of the logs a kept transaction holds.
 *
 * <p>In pieces, which follow each other: {@code pieces[0]} is the signature (its base58, which
 * names the transaction); then runs of text shared with every transaction of the same shape (one
 * array for all of them) alternate with the transaction's own event data, the base64 of each
 * {@code Program data:} line: {@code pieces[1]} a shared run from the signature's closing quote on,
 * {@code pieces[2]} the first event's base64, {@code pieces[3]} a shared run, and so on; the last piece
 * is a shared run ending the value. A pump trade's logs take some 2 KB, of which its own are the
 * signature and the event's 360 characters: held whole, the slots a load run makes ahead spent half
 * their heap on the same text again and again. Immutable: the arrays are never written after
 * construction. Stateless.
 */
final class LogsText {
    /** What ends the value after the logs array's last line: the array, the value, the result. */
    static final String TAIL = "]}}";
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private LogsText() {
    }

    /** What comes between the signature and the logs array: its closing quote and the error. */
    static String logsHead(String errJson) {
        return "\",\"err\":" + (errJson == null ? "null" : errJson) + ",\"logs\":";
    }

    /** The log messages as a JSON array of strings, as {@code logMessages} shows them. */
    static String logsJson(byte[][] pieces, String errJson) {
        int length = 0;
        for (int i = 1; i < pieces.length; i++) {
            length += pieces[i].length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (int i = 1; i < pieces.length; i++) {
            System.arraycopy(pieces[i], 0, joined, at, pieces[i].length);
            at += pieces[i].length;
        }
        int from = logsHead(errJson).getBytes(StandardCharsets.UTF_8).length;
        return new String(joined, from, length - from - (TAIL.length() - 1), StandardCharsets.UTF_8);
    }

    /** The number of {@code Program data:} lines. */
    static int events(byte[][] pieces) {
        return (pieces.length - 2) / 2;
    }

    /** The bytes of the {@code event}th {@code Program data:} line, as the program logged them. */
    static byte[] eventData(byte[][] pieces, int event) {
        return BASE64.decode(pieces[2 + 2 * event]);
    }

    /** The data of the self-CPI that carries the {@code event}th event: Anchor's event tag, then the event. */
    static byte[] eventInstruction(byte[][] pieces, int event) {
        return PumpLayouts.eventInstruction(eventData(pieces, event));
    }
}
