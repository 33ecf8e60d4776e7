package io.chainwatch.solana.pump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Fixtures;
import io.chainwatch.solana.IdlJsonWriter;
import io.chainwatch.solana.IdlRecord;
import io.chainwatch.solana.IdlSamples;
import io.chainwatch.solana.Int128;
import io.chainwatch.solana.LogEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.amm.BuyEvent;
import io.chainwatch.solana.pump.amm.PumpAmmAccountDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmEventDecoder;
import io.chainwatch.solana.pump.amm.SellEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdlJsonWriter} writes exactly what the store kept before it: Jackson's text of
 * {@link IdlRecord#fields()}, compared as text and as UTF-8 bytes, on the real mainnet events, on
 * every decoder seed (mainnet payloads and the synthesised PumpSwap, create, completion and
 * migration events), on random records of every IDL type cut at every older layout's end, and on
 * strings and numbers at their edges.
 */
@Timeout(60)
class IdlJsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final Path SEEDS = Path.of("src/test/resources/io/chainwatch/solana/DecoderFuzzTestInputs");

    /** One writer for the whole test class, as one thread reuses it: nothing of a record may stay for the next. */
    private final IdlJsonWriter writer = new IdlJsonWriter();

    @Test
    void theMainnetTradeEventIsWrittenAsJacksonWritesIt() {
        List<LogEvent> events = PumpDecoders.logEventParser().parse(Fixtures.buyTxLogs());
        assertThat(events).hasSize(1);
        assertSameAsJackson(events.getFirst().event());
        assertThat(writer.json(events.getFirst().event())).startsWith("{\"mint\":\"BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump\","
                + "\"sol_amount\":50051224,\"token_amount\":693868985905,\"is_buy\":true,");
    }

    @Test
    void everyDecoderSeedIsWrittenAsJacksonWritesIt() throws IOException {
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SEEDS)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] data = Files.readAllBytes(f);
                for (DecodeResult<? extends IdlRecord> r : List.of(PumpEventDecoder.INSTANCE.decode(data),
                        PumpAmmEventDecoder.INSTANCE.decode(data), PumpAccountDecoder.INSTANCE.decode(data),
                        PumpAmmAccountDecoder.INSTANCE.decode(data))) {
                    if (r.valueOrNull() != null) {
                        assertSameAsJackson(r.valueOrNull());
                        types.add(r.valueOrNull().typeName());
                    }
                }
            }
        }
        assertThat(types).contains("TradeEvent", "CreateEvent", "CompleteEvent", "CompletePumpAmmMigrationEvent", "BuyEvent",
                "SellEvent", "CreatePoolEvent", "BondingCurve", "Global", "Pool", "GlobalConfig");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.chainwatch.solana.pump.LayoutConformanceTest#cases")
    void everyTypeAtEveryLayoutLengthIsWrittenAsJacksonWritesIt(LayoutConformanceTest.Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), 11);
        for (int i = 0; i < 40; i++) {
            IdlSamples.Sample s = idl.sample(c.kind(), c.type());
            for (int k = c.required(); k <= s.fieldEnds().length; k++) {
                IdlRecord r = c.decode(Arrays.copyOf(s.bytes(), s.fieldEnds()[k - 1])).valueOrNull();
                assertThat(r).as("%s cut after %d fields", c, k).isNotNull();
                assertSameAsJackson(r);
                assertThat(writer.json(r)).isEqualTo(jackson(s.firstFields(k)));
            }
        }
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() {
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            ascii.append(c);
        }
        for (String s : List.of(ascii.toString(), "", "\"\\/", "é€🚀 ünïcødé", "\u2028\u2029\u007f\u0080\u07ff\u0800\uffff",
                "line\nbreak\ttab\r\f\b\u0000\u001f")) {
            assertSameAsJackson(create(s));
        }
    }

    /** No decoded string has one (the decoder replaces bad UTF-8), but the bytes are what PostgreSQL got from Jackson's text. */
    @Test
    void aLoneSurrogateIsWrittenAsTheUtf8OfJacksonsText() {
        for (String s : List.of("\ud83d\ude80\ud83d", "\ude80a\ud83d", "\ud83d")) {
            CreateEvent e = create(s);
            assertThat(writer.utf8(e)).isEqualTo(jackson(e.fields()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersAreExactAtTheirEdges() {
        for (long v : new long[] {0, 1, 9, 10, 99, 100, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L,
                1_000_000_000_000_000_000L, -999_999_999_999_999_999L}) {
            TradeEvent t = new TradeEvent(key(1), v, v, false, PublicKey.ZERO, v, v, v, v, v, key(-1), v, v, key(2), v, v, true, v, v, v, v,
                    "sell", false, v, v, v, v, List.of(new Shareholder(key(3), 65_535), new Shareholder(PublicKey.ZERO, 0)), key(4),
                    v, v, v, v, v, TradeEvent.IDL_FIELDS.size());
            assertSameAsJackson(t);
        }
        for (Int128 v : new Int128[] {Int128.of(-1), Int128.of(Long.MIN_VALUE), new Int128(0, -1), new Int128(Long.MAX_VALUE, -1),
                new Int128(Long.MIN_VALUE, 0), new Int128(-2, 5)}) {
            assertSameAsJackson(buy(v));
            assertSameAsJackson(sell(v));
        }
    }

    /** The writer keeps the text of keys it met: keys met again, and keys that take another's place in its cache. */
    @Test
    void keysMetAgainAndKeysThatDisplaceOthersAreWrittenRight() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        PublicKey[] keys = new PublicKey[3_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextInt(10) == 0 ? PublicKey.ZERO : new PublicKey(random.nextLong(), random.nextLong(), random.nextLong(),
                    random.nextInt(4) == 0 ? 0 : random.nextLong());
        }
        for (int i = 0; i < 20_000; i++) {
            // A few keys often, as mints and fee recipients come, and the rest now and then.
            PublicKey often = keys[random.nextInt(16)];
            PublicKey any = keys[random.nextInt(keys.length)];
            CompleteEvent e = new CompleteEvent(often, any, keys[random.nextInt(keys.length)], i, often, CompleteEvent.IDL_FIELDS.size());
            assertThat(writer.json(e)).isEqualTo(jackson(e.fields()));
        }
    }

    @Test
    void aRecordWithFewFieldsAfterALongOneShowsOnlyItsOwn() {
        assertSameAsJackson(buy(new Int128(7, 7)));
        CompleteEvent short4 = new CompleteEvent(key(1), key(2), key(3), 1_700_000_000L, null, CompleteEvent.REQUIRED_FIELDS);
        assertSameAsJackson(short4);
        assertThat(writer.json(short4)).doesNotContain("quote_mint");
    }

    private void assertSameAsJackson(IdlRecord r) {
        String expected = jackson(r.fields());
        assertThat(writer.json(r)).as("%s", r).isEqualTo(expected);
        assertThat(writer.utf8(r)).as("%s", r).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String jackson(Object fields) {
        try {
            return JACKSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static CreateEvent create(String text) {
        return new CreateEvent(text, text, text, key(1), key(2), key(3), key(4), -1, 1, 2, 3, 4, key(5), true, false, key(6), 7, 8, true,
                CreateEvent.IDL_FIELDS.size());
    }

    private static BuyEvent buy(Int128 quoteReserves) {
        return new BuyEvent(-5, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, key(1), key(2), key(3), key(4), key(5), key(6), key(7), 13, 14,
                true, 15, 16, 17, -18, 19, "buy_exact_quote_in", 20, 21, 22, 23, quoteReserves, true, 24, 25, 26, BuyEvent.IDL_FIELDS.size());
    }

    private static SellEvent sell(Int128 quoteReserves) {
        return new SellEvent(-5, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, key(1), key(2), key(3), key(4), key(5), key(6), key(7), 13, 14,
                15, 16, 17, 18, quoteReserves, false, 19, 20, 21, SellEvent.IDL_FIELDS.size());
    }

    private static PublicKey key(long seed) {
        return new PublicKey(seed, seed * 31, seed * 131, seed * 1_000_003);
    }
}
