package io.chainwatch.solana;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.pump.PumpAccountDecoder;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.amm.PumpAmmAccountDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmEventDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmProgram;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of every decoder: whatever the bytes, a decoder returns one of its declared
 * results and throws nothing (Base58 text parsing declares IllegalArgumentException).
 *
 * <p>Under plain {@code mvn verify} these run in Jazzer's regression mode over the seeds in
 * src/test/resources/io/chainwatch/solana/DecoderFuzzTestInputs (real mainnet payloads and
 * synthesised ones); {@code JAZZER_FUZZ=1} fuzzes one of them for real. {@link DecoderMutationTest}
 * adds seeded random mutations to every normal run.
 */
@Timeout(300)
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void pumpEvents(byte[] data) {
        checkEvent(PumpEventDecoder.INSTANCE.decode(data), data);
        checkEvent(PumpEventDecoder.INSTANCE.decodeInstruction(PumpProgram.ID, data), data);
        int cut = data.length / 3;
        checkEvent(PumpEventDecoder.INSTANCE.decode(data, cut, data.length - cut), data);
    }

    @FuzzTest(maxDuration = "60s")
    void pumpAmmEvents(byte[] data) {
        checkEvent(PumpAmmEventDecoder.INSTANCE.decode(data), data);
        checkEvent(PumpAmmEventDecoder.INSTANCE.decodeInstruction(PumpAmmProgram.ID, data), data);
    }

    @FuzzTest(maxDuration = "60s")
    void accounts(byte[] data) {
        checkAccount(PumpAccountDecoder.INSTANCE.decode(data));
        checkAccount(PumpAmmAccountDecoder.INSTANCE.decode(data));
        checkAccount(PumpDecoders.decodeAccount(data));
    }

    /** Lines of a transaction's logs, one per '\n'. */
    @FuzzTest(maxDuration = "60s")
    void logs(byte[] data) {
        List<String> lines = Arrays.asList(new String(data, StandardCharsets.ISO_8859_1).split("\n", -1));
        List<LogEvent> events = PumpDecoders.logEventParser().parse(lines);
        for (int i = 0; i < events.size(); i++) {
            LogEvent e = events.get(i);
            assertThat(e.eventIndex()).isEqualTo(i);
            assertThat(lines.get(e.logIndex())).startsWith("Program data: ");
            assertThat(e.programId()).isIn(PumpProgram.ID, PumpAmmProgram.ID);
            checkEvent(e.result(), data);
        }
        LogEventParser parser = PumpDecoders.logEventParser();
        for (String line : lines) {
            checkEvent(parser.decodeDataLine(PumpEventDecoder.INSTANCE, line), data);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void base58(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        byte[] decoded;
        try {
            decoded = Base58.decode(text);
        } catch (IllegalArgumentException declared) {
            assertThat(Base58.isValid(text)).isFalse();
            return;
        }
        assertThat(Base58.encode(decoded)).isEqualTo(text);
        assertThat(Base58.decode(Base58.encode(data))).containsExactly(data);
    }

    /** Any sequence of reads over any bytes: defaults and a state, never an exception. */
    @FuzzTest(maxDuration = "30s")
    void borshReader(FuzzedDataProvider in) {
        int[] ops = new int[in.consumeInt(0, 40)];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = in.consumeInt(0, 15);
        }
        boolean tolerateEnd = in.consumeBoolean();
        byte[] data = in.consumeRemainingAsBytes();
        BorshReader r = BorshReader.of(data);
        if (tolerateEnd) {
            r.tolerateEnd();
        }
        for (int op : ops) {
            switch (op) {
                case 0 -> r.u8();
                case 1 -> r.u16();
                case 2 -> r.u32();
                case 3 -> r.u64();
                case 4 -> r.i64();
                case 5 -> r.i128();
                case 6 -> r.u128();
                case 7 -> r.bool();
                case 8 -> r.pubkey();
                case 9 -> r.string();
                case 10 -> r.string(new String[] {"buy", "sell"});
                case 11 -> r.vec(34, x -> new Object[] {x.pubkey(), x.u16()});
                case 12 -> r.option(BorshReader::u64, 0L);
                case 13 -> r.pubkeys(3);
                case 14 -> r.bytes(5);
                default -> r.skip(7);
            }
        }
        assertThat(r.position()).isBetween(0, data.length);
        assertThat(r.ok()).isEqualTo(r.failure() == null);
    }

    static void checkEvent(DecodeResult<ProgramEvent> result, byte[] input) {
        switch (result) {
            case DecodeResult.Decoded<ProgramEvent>(ProgramEvent event) -> checkRecord(event);
            case DecodeResult.Unknown<ProgramEvent> unknown -> assertThat(unknown).isSameAs(DecodeResult.unknown());
            case DecodeResult.Malformed<ProgramEvent>(String reason) -> assertThat(reason).as("for %d bytes", input.length).isNotBlank();
        }
    }

    static void checkAccount(DecodeResult<ProgramAccount> result) {
        switch (result) {
            case DecodeResult.Decoded<ProgramAccount>(ProgramAccount account) -> checkRecord(account);
            case DecodeResult.Unknown<ProgramAccount> unknown -> assertThat(unknown).isSameAs(DecodeResult.unknown());
            case DecodeResult.Malformed<ProgramAccount>(String reason) -> assertThat(reason).isNotBlank();
        }
    }

    private static void checkRecord(IdlRecord record) {
        assertThat(record.programName()).isIn(PumpProgram.NAME, PumpAmmProgram.NAME);
        assertThat(record.typeName()).isNotBlank();
        assertThat(record.fields()).isNotEmpty();
        assertThat(record.toString()).isNotEmpty();
    }
}
