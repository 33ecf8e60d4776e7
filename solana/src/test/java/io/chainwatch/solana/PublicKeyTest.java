package io.chainwatch.solana;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class PublicKeyTest {
    @Test
    void parsesAndPrintsBase58() {
        PublicKey pump = PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
        assertThat(pump.toBase58()).isEqualTo("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
        assertThat(pump.toString()).isEqualTo(pump.toBase58());
        assertThat(java.util.HexFormat.of().formatHex(pump.toBytes())).isEqualTo("0156e0f693665acf44db1568bf175baa5189cb97f5d2ff3b655d2bb6fd6d18b0");
        assertThat(PublicKey.ZERO.toBase58()).isEqualTo("11111111111111111111111111111111");
        assertThat(PublicKey.fromBase58("11111111111111111111111111111111")).isEqualTo(PublicKey.ZERO);
        assertThat(PublicKey.ZERO.isZero()).isTrue();
        assertThat(pump.isZero()).isFalse();
    }

    @Test
    void rejectsTextThatIsNotAKey() {
        assertThatThrownBy(() -> PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5u")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decodes to 27 bytes, a public key is 32");
        assertThatThrownBy(() -> PublicKey.fromBase58("z".repeat(44))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33 bytes");
        assertThatThrownBy(() -> PublicKey.fromBase58("1".repeat(45))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("44");
        assertThatThrownBy(() -> PublicKey.fromBase58("0EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKey.fromBase58("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 1_000)
    void bytesAndTextRoundTrip(@ForAll @Size(value = 32) byte[] bytes) {
        PublicKey key = PublicKey.of(bytes);
        assertThat(key.toBytes()).containsExactly(bytes);
        assertThat(PublicKey.fromBase58(key.toBase58())).isEqualTo(key);
        assertThat(key.toBase58()).hasSizeBetween(32, 44);
        byte[] shifted = new byte[40];
        key.writeTo(shifted, 5);
        assertThat(PublicKey.read(shifted, 5)).isEqualTo(key);
    }

    @Test
    void equalityHashingAndOrderFollowTheBytes() {
        Set<PublicKey> keys = new HashSet<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            PublicKey k = PublicKey.of(b);
            assertThat(PublicKey.of(b.clone())).isEqualTo(k).hasSameHashCodeAs(k);
            keys.add(k);
            byte[] c = new byte[32];
            random.nextBytes(c);
            assertThat(Integer.signum(k.compareTo(PublicKey.of(c)))).isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(b, c)));
        }
        assertThat(keys).hasSize(1_000);
    }
}
