package io.chainwatch.solana;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * Base58 with the Bitcoin alphabet, as Solana writes public keys and signatures. Each leading zero
 * byte is one leading {@code '1'}, both ways.
 *
 * <p>Written here because no maintained Java library with it resolves from our Maven mirror (sava
 * and solanaj do not; BouncyCastle has no base58). The algorithm is the textbook base conversion,
 * quadratic in the length, which is fine for 32- and 64-byte values. Both ways are on the feed's hot
 * path (every notification's signature, every stored event's keys), so they work in wide limbs: a
 * few dozen long multiplications for a signature instead of thousands of byte steps.
 */
public final class Base58 {
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final char[] DIGITS = ALPHABET.toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    /** 58^5, the base of a limb: five digits. */
    private static final long FIVE_DIGITS = 58L * 58 * 58 * 58 * 58;
    /** A 32-byte key read as 24-bit limbs: 16 bits on top, then ten of 24. */
    private static final int KEY_LIMBS = 11;
    /** Five-digit limbs of a 32-byte key's value: 58^45 > 2^256. */
    private static final int KEY_DIGIT_LIMBS = 9;
    /** Base58 digits of a 32-byte key before its leading zeros are taken off: at most this many characters. */
    public static final int MAX_KEY_CHARS = KEY_DIGIT_LIMBS * 5;
    /**
     * {@code KEY_TABLE[j * KEY_LIMBS + k]}: five-digit limb {@code j} (most significant first) of
     * 2^(24 * (10 - k)), the weight of 24-bit limb {@code k}. A 24-bit limb times an entry is below
     * 2^54 and the eleven products of a column sum to below 2^57: no long overflows.
     */
    private static final long[] KEY_TABLE = keyTable();
    /** For each row of {@link #KEY_TABLE}: the entries up to the last non-zero one. */
    private static final int[] KEY_TERMS = keyTerms();
    private static final int TWO_DIGITS = 58 * 58;
    /** The two characters of each value below 58^2. */
    private static final byte[] DIGIT_PAIRS = digitPairs();

    private Base58() {
    }

    public static String encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /** Encodes {@code length} bytes of {@code data} from {@code offset}. */
    public static String encode(byte[] data, int offset, int length) {
        int end = offset + length;
        int zeros = 0;
        while (zeros < length && data[offset + zeros] == 0) {
            zeros++;
        }
        // The value is built in limbs of five base-58 digits (below 58^5 < 2^30, least significant
        // first), four bytes at a time: a limb times 2^32 plus the carry fits a long.
        // log(256) / log(58) < 1.38: digits needed for the significant bytes.
        int[] limbs = new int[((length - zeros) * 138 / 100 + 1) / 5 + 2];
        int used = 0;
        for (int i = offset + zeros; i < end; ) {
            int take = Math.min(4, end - i);
            long carry = 0;
            for (int j = 0; j < take; j++, i++) {
                carry = carry << 8 | (data[i] & 0xFF);
            }
            int shift = 8 * take;
            for (int k = 0; k < used; k++) {
                long t = ((long) limbs[k] << shift) + carry;
                limbs[k] = (int) (t % FIVE_DIGITS);
                carry = t / FIVE_DIGITS;
            }
            while (carry != 0) {
                limbs[used++] = (int) (carry % FIVE_DIGITS);
                carry /= FIVE_DIGITS;
            }
        }
        char[] digits = new char[used * 5];
        for (int k = 0, at = digits.length - 1; k < used; k++) {
            int v = limbs[k];
            for (int d = 0; d < 5; d++, at--) {
                digits[at] = DIGITS[v % 58];
                v /= 58;
            }
        }
        int first = 0;
        while (first < digits.length && digits[first] == '1') {
            first++;
        }
        char[] out = new char[zeros + digits.length - first];
        Arrays.fill(out, 0, zeros, '1');
        System.arraycopy(digits, first, out, zeros, digits.length - first);
        return new String(out);
    }

    /**
     * Writes the base58 text of the 32-byte key whose big-endian words are {@code w0..w3} into
     * {@code out} from {@code at}, as ASCII; returns the index after it. {@code out} must have room
     * for {@link #MAX_KEY_CHARS} from {@code at}.
     *
     * <p>The same text as {@link #encode(byte[])} of the key's bytes, several times faster, and the
     * feed writes four of these for every event it stores. It reads the key as eleven 24-bit limbs,
     * multiplies them by a table of their weights in five-digit limbs (independent products, no
     * division chain), carries once, and cuts each limb into its five digits.
     */
    public static int encodeKey(long w0, long w1, long w2, long w3, byte[] out, int at) {
        Objects.checkFromIndexSize(at, MAX_KEY_CHARS, out.length);
        final long m = 0xFF_FFFFL;
        long[] limbs = {w0 >>> 48, (w0 >>> 24) & m, w0 & m, (w1 >>> 40) & m, (w1 >>> 16) & m, ((w2 >>> 56) | (w1 << 8)) & m,
                (w2 >>> 32) & m, (w2 >>> 8) & m, ((w3 >>> 48) | (w2 << 16)) & m, (w3 >>> 24) & m, w3 & m};
        long[] value = new long[KEY_DIGIT_LIMBS];
        for (int j = 0; j < KEY_DIGIT_LIMBS; j++) {
            long sum = 0;
            // Only the heavier limbs reach the high digits: the table is zero beyond KEY_TERMS[j].
            for (int k = 0, row = j * KEY_LIMBS, terms = KEY_TERMS[j]; k < terms; k++) {
                sum += limbs[k] * KEY_TABLE[row + k];
            }
            value[j] = sum;
        }
        for (int j = KEY_DIGIT_LIMBS - 1; j > 0; j--) {
            value[j - 1] += value[j] / FIVE_DIGITS;
            value[j] %= FIVE_DIGITS;
        }
        for (int j = 0, p = at; j < KEY_DIGIT_LIMBS; j++, p += 5) {
            int v = (int) value[j];
            int low = v % TWO_DIGITS;
            v /= TWO_DIGITS;
            int middle = v % TWO_DIGITS;
            out[p] = (byte) DIGITS[v / TWO_DIGITS];
            out[p + 1] = DIGIT_PAIRS[2 * middle];
            out[p + 2] = DIGIT_PAIRS[2 * middle + 1];
            out[p + 3] = DIGIT_PAIRS[2 * low];
            out[p + 4] = DIGIT_PAIRS[2 * low + 1];
        }
        int leadingOnes = 0;
        while (leadingOnes < MAX_KEY_CHARS && out[at + leadingOnes] == '1') {
            leadingOnes++;
        }
        // One '1' per leading zero byte; the value's own digits follow (never fewer leading ones than zero bytes).
        int zeroBytes = zeroBytes(w0, w1, w2, w3);
        System.arraycopy(out, at + leadingOnes, out, at + zeroBytes, MAX_KEY_CHARS - leadingOnes);
        for (int i = 0; i < zeroBytes; i++) {
            out[at + i] = '1';
        }
        return at + zeroBytes + MAX_KEY_CHARS - leadingOnes;
    }

    private static int zeroBytes(long w0, long w1, long w2, long w3) {
        if (w0 != 0) {
            return Long.numberOfLeadingZeros(w0) >>> 3;
        }
        if (w1 != 0) {
            return 8 + (Long.numberOfLeadingZeros(w1) >>> 3);
        }
        if (w2 != 0) {
            return 16 + (Long.numberOfLeadingZeros(w2) >>> 3);
        }
        return 24 + (Long.numberOfLeadingZeros(w3) >>> 3);
    }

    private static long[] keyTable() {
        long[] table = new long[KEY_DIGIT_LIMBS * KEY_LIMBS];
        BigInteger base = BigInteger.valueOf(FIVE_DIGITS);
        for (int k = 0; k < KEY_LIMBS; k++) {
            BigInteger weight = BigInteger.ONE.shiftLeft(24 * (KEY_LIMBS - 1 - k));
            for (int j = KEY_DIGIT_LIMBS - 1; j >= 0; j--) {
                BigInteger[] qr = weight.divideAndRemainder(base);
                table[j * KEY_LIMBS + k] = qr[1].longValueExact();
                weight = qr[0];
            }
        }
        return table;
    }

    private static int[] keyTerms() {
        int[] terms = new int[KEY_DIGIT_LIMBS];
        for (int j = 0; j < KEY_DIGIT_LIMBS; j++) {
            for (int k = 0; k < KEY_LIMBS; k++) {
                if (KEY_TABLE[j * KEY_LIMBS + k] != 0) {
                    terms[j] = k + 1;
                }
            }
        }
        return terms;
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[2 * TWO_DIGITS];
        for (int i = 0; i < TWO_DIGITS; i++) {
            pairs[2 * i] = (byte) DIGITS[i / 58];
            pairs[2 * i + 1] = (byte) DIGITS[i % 58];
        }
        return pairs;
    }

    /**
     * Decodes base58 text.
     *
     * @throws IllegalArgumentException on a character outside the alphabet, naming it and its place
     */
    public static byte[] decode(CharSequence text) {
        int length = text.length();
        int ones = 0;
        while (ones < length && text.charAt(ones) == '1') {
            ones++;
        }
        // The value is built in 64-bit words (least significant first), ten digits at a time: 58^10 < 2^59,
        // so a word times it is one 64 x 64 -> 128-bit product. The first round takes what is left over,
        // so that every later one takes ten. An inner instruction's 250 bytes (340 characters) take 34
        // rounds over at most 32 words; in 32-bit limbs and five digits a round, they took 68 over 63.
        // log(58) / log(256) < 0.733: bytes needed for the significant digits.
        int digits = length - ones;
        int size = digits * 733 / 1000 + 1;
        long[] words = new long[(size + 7) / 8 + 1];
        int used = 0;
        for (int i = ones, take = digits % 10 == 0 ? 10 : digits % 10; i < length; take = 10) {
            long carry = 0;
            long multiplier = 1;
            for (int j = 0; j < take; j++, i++) {
                carry = carry * 58 + value(text, i);
                multiplier *= 58;
            }
            for (int j = 0; j < used; j++) {
                long low = words[j] * multiplier;
                long sum = low + carry;
                carry = Math.unsignedMultiplyHigh(words[j], multiplier) + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
                words[j] = sum;
            }
            if (carry != 0) {
                words[used++] = carry;
            }
        }
        int significant = used * 8;
        while (significant > 0 && (words[(significant - 1) / 8] >>> (8 * ((significant - 1) % 8)) & 0xFF) == 0) {
            significant--;
        }
        byte[] out = new byte[ones + significant];
        for (int b = 0; b < significant; b++) {
            out[out.length - 1 - b] = (byte) (words[b / 8] >>> (8 * (b % 8)));
        }
        return out;
    }

    /**
     * Where the first character of {@code length} chars of {@code text} from {@code offset} that is
     * not in the alphabet is, from {@code offset}; -1 when all are in it. Checks text that is
     * compared as text and decoded only when needed.
     */
    public static int firstNotInAlphabet(char[] text, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, text.length);
        for (int i = 0; i < length; i++) {
            char c = text[offset + i];
            if (c > 127 || VALUES[c] < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes of a transaction signature, the value {@link #decode64} reads. */
    public static final int VALUE64_BYTES = 64;
    /** Base58 characters of a 64-byte value at least: 64 zero bytes are 64 ones. */
    public static final int MIN_VALUE64_CHARS = 64;
    /** Base58 characters of a 64-byte value at most (58^88 > 2^512 > 58^87). */
    public static final int MAX_VALUE64_CHARS = 88;
    /** 58^10 < 2^59: ten digits, the base of a limb of {@link #decode64}. */
    private static final long TEN_DIGITS = FIVE_DIGITS * FIVE_DIGITS;
    /** 58^i for i below 10. */
    private static final long[] POWERS = {1L, 58L, 58L * 58, 58L * 58 * 58, 58L * 58 * 58 * 58, FIVE_DIGITS, FIVE_DIGITS * 58,
            FIVE_DIGITS * 58 * 58, FIVE_DIGITS * 58 * 58 * 58, FIVE_DIGITS * 58 * 58 * 58 * 58};

    /**
     * Decodes the base58 text of a 64-byte value (a transaction signature), {@code length} chars of
     * {@code text} from {@code offset}, into eight big-endian words, {@code words[0..8)}. False when
     * the text does not decode to exactly 64 bytes (too long, too short, or more than 64 bytes of
     * value); {@link #decode} then says how many it does decode to.
     *
     * <p>The same bytes as {@link #decode}, faster and without allocating: the feed reads a signature
     * for every transaction the stream brings and every one the signature listing names. Ten digits
     * make one limb below 2^59, so that nine rounds of 64 x 64-bit products over a fixed eight words
     * take the value in, instead of eighteen rounds of a carry chain over a growing array.
     *
     * @throws IllegalArgumentException on a character outside the alphabet, naming it and its place
     */
    public static boolean decode64(char[] text, int offset, int length, long[] words) {
        Objects.checkFromIndexSize(offset, length, text.length);
        Objects.checkFromIndexSize(0, 8, words.length);
        if (length > MAX_VALUE64_CHARS || length == 0) {
            return false;
        }
        Arrays.fill(words, 0, 8, 0);
        // Ten digits at a time, from the front (the text padded to 90 digits with zeros): the value so
        // far times 58^10, plus the limb. The value is held in eight 64-bit words, words[7] the least
        // significant; each takes one 64 x 64 -> 128-bit product, and the loops have fixed lengths.
        int invalid = 0;
        boolean over = false;
        for (int at = length % 10 == 0 ? 10 : length % 10, from = 0; from < length; from = at, at += 10) {
            long limb = 0;
            for (int i = from; i < at; i++) {
                char c = text[offset + i];
                int v = VALUES[c & 0x7F];
                invalid |= v | (c & ~0x7F); // negative, or past 127: not in the alphabet
                limb += v * POWERS[at - 1 - i]; // independent products: no multiply chain through the digits
            }
            // After this round the value is below 58^(from + 10) < 2^(64 * used): the words above stay zero.
            if (timesTenDigits(words, limb, (int) ((from + 10) * 733L / 8000) + 1) != 0) {
                over = true; // 2^512 or more: over 64 bytes
                break;
            }
        }
        if (invalid != 0 || over) {
            for (int i = 0; i < length; i++) {
                digit(text[offset + i], i); // names the first character outside the alphabet, if there is one
            }
        }
        if (over) {
            return false;
        }
        int ones = 0;
        while (ones < length && text[offset + ones] == '1') {
            ones++;
        }
        // One leading '1' per leading zero byte: the bytes are the ones' zeros and then the value's own.
        return ones == zeroBytes(words);
    }

    /**
     * {@code words = words * 58^10 + add}, where only the last {@code used} words can be non-zero;
     * returns what carries out of the top word.
     */
    private static long timesTenDigits(long[] words, long add, int used) {
        long carry = add;
        for (int i = 7, last = Math.max(0, 8 - used); i >= last; i--) {
            long low = words[i] * TEN_DIGITS;
            long high = Math.unsignedMultiplyHigh(words[i], TEN_DIGITS);
            long sum = low + carry;
            words[i] = sum;
            carry = high + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
        }
        return carry;
    }

    /** Leading zero bytes of the 64 bytes held in {@code words}, big-endian. */
    private static int zeroBytes(long[] words) {
        for (int i = 0; i < 8; i++) {
            if (words[i] != 0) {
                return 8 * i + (Long.numberOfLeadingZeros(words[i]) >>> 3);
            }
        }
        return VALUE64_BYTES;
    }

    /** True when {@code text} has only base58 characters (the empty text included). */
    public static boolean isValid(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || VALUES[c] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int value(CharSequence text, int at) {
        return digit(text.charAt(at), at);
    }

    /** The value of {@code c}, the character at {@code at}. */
    private static int digit(char c, int at) {
        int v = c < 128 ? VALUES[c] : -1;
        if (v < 0) {
            throw new IllegalArgumentException("not a base58 character at " + at + ": '" + c + "' (U+"
                    + String.format("%04X", (int) c) + ")");
        }
        return v;
    }
}
