package io.chainwatch.solana.borsh;

import io.chainwatch.solana.BorshWriter;
import io.chainwatch.solana.Int128;
import io.chainwatch.solana.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class BorshReaderTest {
    private static final PublicKey KEY = PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");

    @Test
    void readsEveryTypeLittleEndian() {
        byte[] data = new BorshWriter().u8(0xFE).bool(true).bool(false).u16(0xBEEF).u32(0xFFFF_FFFEL).u64(-1L).i64(-42)
                .i128(BigInteger.valueOf(-3)).i128(BigInteger.TWO.pow(100)).i128(BigInteger.TWO.pow(127).subtract(BigInteger.ONE))
                .pubkey(KEY).string("héllo").u32(2).pubkey(KEY).pubkey(PublicKey.ZERO).bytes();
        BorshReader r = BorshReader.of(data);
        assertThat(r.u8()).isEqualTo(0xFE);
        assertThat(r.bool()).isTrue();
        assertThat(r.bool()).isFalse();
        assertThat(r.u16()).isEqualTo(0xBEEF);
        assertThat(r.u32()).isEqualTo(0xFFFF_FFFEL);
        assertThat(r.u64()).isEqualTo(-1L);
        assertThat(BorshReader.unsigned(-1L)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(BorshReader.unsigned(Long.MAX_VALUE)).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(r.i64()).isEqualTo(-42);
        assertThat(r.i128()).isEqualTo(Int128.of(-3));
        assertThat(r.i128().toBigInteger()).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(r.i128().toString()).isEqualTo(BigInteger.TWO.pow(127).subtract(BigInteger.ONE).toString());
        assertThat(r.pubkey()).isEqualTo(KEY);
        assertThat(r.string()).isEqualTo("héllo");
        assertThat(r.vec(32, BorshReader::pubkey)).containsExactly(KEY, PublicKey.ZERO);
        assertThat(r.ok()).isTrue();
        assertThat(r.remaining()).isZero();
        assertThat(r.fieldsRead()).isEqualTo(13);
        assertThat(r.position()).isEqualTo(data.length);
    }

    @Test
    void u128AndFixedArraysAndOptions() {
        byte[] data = new BorshWriter().i128(BigInteger.TWO.pow(127).subtract(BigInteger.ONE)).pubkey(KEY).pubkey(KEY)
                .u8(1).u64(77).u8(0).raw(new byte[] {1, 2, 3}).bytes();
        BorshReader r = BorshReader.of(data);
        assertThat(r.u128()).isEqualTo(BigInteger.TWO.pow(127).subtract(BigInteger.ONE));
        assertThat(r.pubkeys(2)).containsExactly(KEY, KEY);
        assertThat(r.option(BorshReader::u64, -1L)).isEqualTo(77L);
        assertThat(r.option(BorshReader::u64, -1L)).isEqualTo(-1L);
        assertThat(r.bytes(3)).containsExactly(1, 2, 3);
        assertThat(r.ok()).isTrue();
        assertThat(r.fieldsRead()).isEqualTo(5);
    }

    @Test
    void truncationIsAStateWithAReasonNotAnException() {
        BorshReader r = BorshReader.of(new byte[] {1, 2, 3});
        assertThat(r.u16()).isEqualTo(0x0201);
        assertThat(r.u64()).isZero();
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo("truncated: u64 at byte 2 needs 8 bytes, 1 left");
        // Sticky: later reads return defaults even where bytes would fit.
        assertThat(r.u8()).isZero();
        assertThat(r.pubkey()).isEqualTo(PublicKey.ZERO);
        assertThat(r.string()).isEmpty();
        assertThat(r.fieldsRead()).isEqualTo(1);
    }

    @Test
    void afterTolerateEndRunningOutEndsTheRecord() {
        byte[] data = new BorshWriter().u64(5).u32(9).bytes();
        BorshReader r = BorshReader.of(data);
        assertThat(r.u64()).isEqualTo(5);
        r.tolerateEnd();
        assertThat(r.u64()).isZero(); // 4 bytes left: the u64 is not there
        assertThat(r.u8()).isZero(); // and nothing after it, though a byte would fit
        assertThat(r.ok()).isTrue();
        assertThat(r.ended()).isTrue();
        assertThat(r.failure()).isNull();
        assertThat(r.fieldsRead()).isEqualTo(1);
    }

    @Test
    void invalidBoolsAndOptionTagsFailEvenAfterTolerateEnd() {
        BorshReader bools = BorshReader.of(new byte[] {2}).tolerateEnd();
        assertThat(bools.bool()).isFalse();
        assertThat(bools.ok()).isFalse();
        assertThat(bools.failure()).isEqualTo("invalid bool 0x2 at byte 0");
        BorshReader options = BorshReader.of(new byte[] {7, 0});
        assertThat(options.option(BorshReader::u8, -1)).isEqualTo(-1);
        assertThat(options.failure()).contains("option tag 0x7");
    }

    @Test
    void lengthsThatOverrunTheDataAllocateNothingAndFail() {
        byte[] hugeString = new BorshWriter().u32(0xFFFF_FFFFL).raw(new byte[] {'a'}).bytes();
        BorshReader r = BorshReader.of(hugeString);
        assertThat(r.string()).isEmpty();
        assertThat(r.failure()).contains("string of 4294967295 bytes");

        byte[] hugeVec = new BorshWriter().u32(0x7FFF_FFFFL).zeros(34).bytes();
        BorshReader v = BorshReader.of(hugeVec);
        assertThat(v.vec(34, x -> x.pubkey())).isEmpty();
        assertThat(v.ok()).isFalse();

        BorshReader tolerant = BorshReader.of(hugeVec).tolerateEnd();
        assertThat(tolerant.vec(34, x -> x.pubkey())).isEmpty();
        assertThat(tolerant.ok()).isTrue();
        assertThat(tolerant.ended()).isTrue();
    }

    @Test
    void aVecElementReaderOfTheWrongSizeIsCaught() {
        byte[] data = new BorshWriter().u32(2).zeros(68).bytes();
        BorshReader r = BorshReader.of(data);
        List<PublicKey> keys = r.vec(34, BorshReader::pubkey); // reads 32 of each 34
        assertThat(keys).hasSize(2);
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).contains("vec element reader");
    }

    @Test
    void knownStringsAreReturnedAsTheSameInstance() {
        String[] known = {"buy", "sell"};
        byte[] data = new BorshWriter().string("sell").string("selL").string("buy").bytes();
        BorshReader r = BorshReader.of(data);
        assertThat(r.string(known)).isSameAs(known[1]);
        assertThat(r.string(known)).isEqualTo("selL").isNotSameAs(known[1]);
        assertThat(r.string(known)).isSameAs(known[0]);
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        byte[] data = new BorshWriter().u32(2).raw(new byte[] {(byte) 0xC3, (byte) 0x28}).bytes();
        assertThat(BorshReader.of(data).string()).isEqualTo("\uFFFD(");
    }

    @Test
    void aRangeOutsideTheArrayReadsAsEmpty() {
        BorshReader r = new BorshReader(new byte[4], 3, 5);
        assertThat(r.remaining()).isZero();
        assertThat(r.u8()).isZero();
        assertThat(r.ok()).isFalse();
        assertThat(new BorshReader(new byte[4], -1, 2).remaining()).isZero();
        BorshReader slice = new BorshReader(new byte[] {9, 1, 2, 9}, 1, 2);
        assertThat(slice.u16()).isEqualTo(0x0201);
        assertThat(slice.remaining()).isZero();
    }
}
