package io.chainwatch.solana.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.Base58;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SolanaRpc#readSignatures}: getSignaturesForAddress results as nodes write them (mainnet's
 * field order, the simulator's, escapes), and the refusals that keep a sweep honest: out of order,
 * over the limit, entries without a slot or with a signature of characters outside base58, or of a length no 64-byte
 * value has.
 */
@Timeout(30)
class SignatureListingTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FIRST = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW";
    private static final String SECOND = Base58.encode(java.util.HexFormat.of().parseHex("f0".repeat(64)));

    @Test
    void readsEntriesInMainnetAndSimulatorOrder() throws IOException {
        String mainnet = "[{\"signature\":\"" + FIRST + "\",\"slot\":300000002,\"err\":null,\"memo\":null,\"blockTime\":1733300000,"
                + "\"confirmationStatus\":\"confirmed\"},"
                + "{\"signature\":\"" + SECOND + "\",\"slot\":300000001,\"err\":{\"InstructionError\":[2,{\"Custom\":6001}]},"
                + "\"memo\":\"[12] a memo \\\"quoted\\\"\",\"blockTime\":null,\"confirmationStatus\":\"finalized\"}]";
        String simulator = "[ {\"blockTime\":1733300000,\"confirmationStatus\":\"confirmed\",\"err\":null,\"memo\":null,\"signature\":\""
                + FIRST + "\",\"slot\":300000002} , {\"confirmationStatus\":\"finalized\",\"err\":{\"InstructionError\":[2,{\"Custom\":6001}]},"
                + "\"memo\":null,\"signature\":\"" + SECOND + "\",\"slot\":300000001} ]";
        for (String text : List.of(mainnet, simulator)) {
            assertThat(read(text, 1_000)).as(text).containsExactly(
                    new SolanaRpc.SignatureInfo(FIRST, 300_000_002L, false, 1_733_300_000L),
                    new SolanaRpc.SignatureInfo(SECOND, 300_000_001L, true, SolanaRpc.SignatureInfo.NO_BLOCK_TIME));
        }
        assertThat(read("[]", 10)).isEmpty();
    }

    @Test
    void keepsTheSignatureAsTheTextOfItsBytes() throws IOException {
        byte[] bytes = new byte[64];
        bytes[3] = 7;
        bytes[63] = (byte) 0xFF;
        String text = Base58.encode(bytes); // three leading zero bytes: "111..."
        SolanaRpc.SignatureInfo info = read("[" + entry(text, 9) + "]", 1).getFirst();
        assertThat(info.signature()).isEqualTo(text);
        assertThat(TxSignature.fromBase58(info.signature()).toBytes()).containsExactly(bytes);
        // A JSON escape inside the signature is the same character: the same text.
        String escaped = "\\u00" + Integer.toHexString(FIRST.charAt(0)) + FIRST.substring(1);
        assertThat(read("[" + entry(escaped, 9) + "]", 1).getFirst().signature()).isEqualTo(FIRST);
        // The shortest and the longest text a 64-byte value has.
        String zeros = Base58.encode(new byte[64]);
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        String longest = Base58.encode(ones);
        assertThat(zeros).hasSize(64);
        assertThat(longest).hasSize(88);
        assertThat(read("[" + entry(zeros, 9) + "," + entry(longest, 8) + "]", 2)).extracting(SolanaRpc.SignatureInfo::signature)
                .containsExactly(zeros, longest);
    }

    @Test
    void refusesAnswersThatAreNotNewestFirstWithinTheLimit() {
        assertThatThrownBy(() -> read("[" + entry(FIRST, 5) + "," + entry(SECOND, 6) + "]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot 6 after slot 5, the answer must run from newest to oldest");
        assertThatThrownBy(() -> read("[" + entry(FIRST, 6) + "," + entry(SECOND, 5) + "]", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over 1 entries, asked for at most 1");
        assertThatThrownBy(() -> read("{\"signature\":\"" + FIRST + "\"}", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected an array, got START_OBJECT");
        assertThatThrownBy(() -> read("[\"" + FIRST + "\"]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected an object per signature, got VALUE_STRING");
    }

    @Test
    void refusesEntriesWithoutASlotOrASignature() {
        assertThatThrownBy(() -> read("[{\"signature\":\"" + FIRST + "\",\"slot\":null}]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry " + FIRST + " without a slot");
        assertThatThrownBy(() -> read("[{\"slot\":5,\"signature\":null}]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an entry without a base58 signature");
        String withL = FIRST.substring(0, 10) + "l" + FIRST.substring(11);
        assertThatThrownBy(() -> read("[" + entry(withL, 5) + "]", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a base58 signature").hasMessageContaining("not a base58 character at 10: 'l'");
        assertThatThrownBy(() -> read("[" + entry("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", 5) + "]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a 64-byte value has 64 to 88 characters, got 43");
        assertThatThrownBy(() -> read("[" + entry(FIRST + FIRST, 5) + "]", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a 64-byte value has 64 to 88 characters, got 176");
    }

    private static String entry(String signature, long slot) {
        return "{\"signature\":\"" + signature + "\",\"slot\":" + slot + ",\"err\":null,\"memo\":null,\"blockTime\":1733300000,"
                + "\"confirmationStatus\":\"confirmed\"}";
    }

    private static List<SolanaRpc.SignatureInfo> read(String text, int limit) throws IOException {
        try (JsonParser p = JSON.createParser(text.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            return SolanaRpc.readSignatures(p, limit);
        }
    }
}
