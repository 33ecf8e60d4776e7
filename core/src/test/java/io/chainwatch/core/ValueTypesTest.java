package io.chainwatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ValueTypesTest {
    @Test
    void hashRoundTripsThroughHex() {
        String h = "0x8b2b5e7ff5d1bdb3e8c1c0e0f9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0";
        assertThat(Hash32.of(h).hex()).isEqualTo(h);
        assertThat(Hash32.of(h.toUpperCase().replace("0X", "0x"))).isEqualTo(Hash32.of(h));
    }

    @Test
    void addressRoundTripsAndReadsFromAbiWord() {
        String a = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
        assertThat(Address.of(a).hex()).isEqualTo(a);
        String word = "000000000000000000000000" + a.substring(2);
        assertThat(Address.fromWord(word, 0)).isEqualTo(Address.of(a));
        assertThatThrownBy(() -> Address.fromWord("1" + word.substring(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void u256ConvertsExactlyAtEveryWordBoundary() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        for (BigInteger v : new BigInteger[]{BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE), BigInteger.ONE.shiftLeft(63),
                BigInteger.ONE.shiftLeft(112).subtract(BigInteger.ONE), max}) {
            assertThat(U256.of(v).toBigInteger()).isEqualTo(v);
        }
        assertThat(U256.at("f".repeat(64), 0).toBigInteger()).isEqualTo(max);
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 10_000; i++) {
            BigInteger v = new BigInteger(1 + random.nextInt(256), random); // every width, every word's top bit
            assertThat(U256.of(v).toBigInteger()).isEqualTo(v);
        }
        assertThat(U256.of(5).compareTo(U256.of(BigInteger.ONE.shiftLeft(200)))).isNegative();
    }

    @Test
    void quantityParsing() {
        assertThat(Hex.quantity("0x1a")).isEqualTo(26);
        assertThat(Hex.quantity(26)).isEqualTo("0x1a");
        assertThatThrownBy(() -> Hex.quantity("0xzz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.quantity("0x")).isInstanceOf(IllegalArgumentException.class);
    }
}
