package io.chainwatch.sim.solana.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A getSignaturesForAddress result being written, as ASCII (every part of it is): each entry is
 * copied together from the arrays kept for it, the text of its block ({@link #blockText}), its status,
 * its error and its signature's base58 as the transaction keeps it ({@link SolTx#signatureAscii}),
 * and the whole becomes a Latin-1 String with one copy. The entries' text is not kept whole (for
 * each indexed transaction of the history it took some 200 bytes); copying it together from these
 * pieces costs an entry some 40 ns more than copying the kept text through a StringBuilder did.
 *
 * <p>Confined to the thread answering; not thread-safe.
 */
final class ListingText {
    private static final byte[] FINALIZED = ascii("finalized");
    private static final byte[] CONFIRMED = ascii("confirmed");
    private static final byte[] NO_ERROR = ascii("\",\"err\":null,\"memo\":null,\"signature\":\"");
    private static final byte[] ERROR = ascii("\",\"err\":");
    private static final byte[] SIGNATURE = ascii(",\"memo\":null,\"signature\":\"");
    private static final byte[] SLOT = ascii("\",\"slot\":");

    private byte[] buf = new byte[16_384];
    private int len;
    private int entries;

    ListingText() {
        buf[len++] = '[';
    }

    int entries() {
        return entries;
    }

    /**
     * The text of the entries of block {@code b} around the rest, as ASCII: before the status,
     * {@code {"blockTime":T,"confirmationStatus":"}, then the end, {@code ","slot":S}}; {@link #add}
     * tells them apart by the length of the end.
     */
    static byte[] blockText(SolBlock b) {
        return ascii("{\"blockTime\":" + b.blockTime() + ",\"confirmationStatus\":\"" + "\",\"slot\":" + b.slot() + "}");
    }

    /**
     * One entry: {@code {"blockTime":T,"confirmationStatus":"..","err":..,"memo":null,"signature":"..","slot":S}}.
     *
     * @param blockText the text of its block ({@link #blockText})
     * @param signature its signature's base58 as ASCII
     * @param errJson   its error as Solana's JSON shows it, or null
     */
    void add(long slot, byte[] blockText, boolean finalized, byte[] signature, String errJson) {
        ensure(blockText.length + signature.length + 64 + (errJson == null ? 0 : errJson.length()));
        if (entries++ > 0) {
            buf[len++] = ',';
        }
        int end = SLOT.length + digits(slot) + 1;
        put(blockText, 0, blockText.length - end);
        put(finalized ? FINALIZED : CONFIRMED);
        if (errJson == null) {
            put(NO_ERROR);
        } else {
            put(ERROR);
            for (int i = 0; i < errJson.length(); i++) {
                buf[len++] = (byte) errJson.charAt(i);
            }
            put(SIGNATURE);
        }
        put(signature);
        put(blockText, blockText.length - end, end);
    }

    /** The result: the entries as a JSON array. */
    String json() {
        ensure(1);
        buf[len] = ']';
        return new String(buf, 0, len + 1, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void put(byte[] ascii) {
        put(ascii, 0, ascii.length);
    }

    private void put(byte[] ascii, int from, int length) {
        System.arraycopy(ascii, from, buf, len, length);
        len += length;
    }

    /** The number of decimal digits of {@code v}, which is not negative (a slot). */
    private static int digits(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + more));
        }
    }
}
