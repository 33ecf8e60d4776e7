package io.chainwatch.solana;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.solana.internal.IdlFields;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON view's number rules: exact integers, u64 above Long.MAX_VALUE as its unsigned value. */
@Timeout(30)
class IdlValuesTest {
    @Test
    void unsignedAboveLongMaxIsExact() {
        assertThat(IdlFields.unsigned(0)).isEqualTo(0L);
        assertThat(IdlFields.unsigned(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(IdlFields.unsigned(Long.MIN_VALUE)).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(IdlFields.unsigned(-1)).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void int128KeepsItsSignAndPrintsExactly() {
        assertThat(Int128.of(-1)).isEqualTo(new Int128(-1, -1));
        assertThat(Int128.of(-1).toBigInteger()).isEqualTo(BigInteger.ONE.negate());
        BigInteger big = BigInteger.TWO.pow(126).add(BigInteger.valueOf(12345)).negate();
        assertThat(Int128.of(big).toBigInteger()).isEqualTo(big);
        assertThat(Int128.of(big).toString()).isEqualTo(big.toString());
        assertThat(Int128.of(big).fitsLong()).isFalse();
        assertThat(Int128.of(BigInteger.valueOf(Long.MIN_VALUE)).fitsLong()).isTrue();
        assertThat(Int128.of(big).compareTo(Int128.of(-1))).isNegative();
        assertThat(new Int128(0, -1).toBigInteger()).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void jacksonWritesTheViewAsExactJson() throws Exception {
        byte[] data = new BorshWriter().discriminator("event:TradeEvent").pubkey(PublicKey.ZERO).u64(-1L).u64(1).bool(true)
                .pubkey(PublicKey.ZERO).i64(-1).u64(0).u64(0).u64(0).u64(Long.MIN_VALUE).bytes();
        TradeEvent t = (TradeEvent) PumpEventDecoder.INSTANCE.decode(data).valueOrNull();
        String json = new ObjectMapper().writeValueAsString(Map.of("program", t.programName(), "type", t.typeName(), "fields", t.fields()));
        assertThat(json).contains("\"sol_amount\":18446744073709551615")
                .contains("\"timestamp\":-1")
                .contains("\"real_token_reserves\":9223372036854775808")
                .contains("\"is_buy\":true")
                .contains("\"mint\":\"11111111111111111111111111111111\"")
                .contains("\"type\":\"TradeEvent\"");
    }
}
