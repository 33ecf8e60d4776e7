package io.chainwatch.market.pump;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class TxSignatureTest {
    @Property(tries = 500)
    void bytesAndBase58RoundTrip(@ForAll @Size(value = 64) byte[] bytes) {
        TxSignature s = TxSignature.read(bytes, 0);
        assertThat(s.toBytes()).containsExactly(bytes);
        assertThat(TxSignature.fromBase58(s.toBase58())).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.toBase58()).hasSizeBetween(64, 88);
    }

    @Test
    void ordersByUnsignedBytesAndRejectsWhatIsNotASignature() {
        byte[] low = new byte[64];
        byte[] high = new byte[64];
        high[0] = (byte) 0x80;
        assertThat(TxSignature.read(low, 0)).isLessThan(TxSignature.read(high, 0));
        assertThatThrownBy(() -> TxSignature.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decodes to 32 bytes, a signature is 64");
        assertThatThrownBy(() -> TxSignature.read(new byte[63], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new EventPosition(-1, TxSignature.read(low, 0), 0, 0)).hasMessageContaining("slot");
        assertThatThrownBy(() -> new EventPosition(1, TxSignature.read(low, 0), -2, 0)).hasMessageContaining("txIndex");
        assertThatThrownBy(() -> new FeeRates(10_001, 0)).hasMessageContaining("protocolFeeBps: must be 0 to 10000, got 10001");
    }
}
