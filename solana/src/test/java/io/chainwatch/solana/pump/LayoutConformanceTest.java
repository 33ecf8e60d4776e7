package io.chainwatch.solana.pump;

import io.chainwatch.solana.AccountDecoder;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.IdlRecord;
import io.chainwatch.solana.IdlSamples;
import io.chainwatch.solana.pump.amm.BuyEvent;
import io.chainwatch.solana.pump.amm.CreatePoolEvent;
import io.chainwatch.solana.pump.amm.GlobalConfig;
import io.chainwatch.solana.pump.amm.Pool;
import io.chainwatch.solana.pump.amm.PumpAmmAccountDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmEventDecoder;
import io.chainwatch.solana.pump.amm.SellEvent;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every decoder against records encoded from the IDL's own field lists (not from our records):
 * random values, every field boundary as the end of an older layout, cuts inside a field, and
 * unknown trailing bytes.
 */
@Timeout(60)
class LayoutConformanceTest {
    private static final int SAMPLES = 40;

    record Case(String idl, String kind, String type, int required, List<String> javaFields, long discriminator, Object decoder) {
        @Override
        public String toString() {
            return type;
        }

        DecodeResult<? extends IdlRecord> decode(byte[] data) {
            return decoder instanceof EventDecoder e ? e.decode(data) : ((AccountDecoder) decoder).decode(data);
        }
    }

    static Stream<Arguments> cases() {
        String pump = "idl-pump.json";
        String amm = "idl-pump-amm.json";
        return Stream.of(
                new Case(pump, "account", "BondingCurve", BondingCurve.REQUIRED_FIELDS, BondingCurve.IDL_FIELDS,
                        BondingCurve.DISCRIMINATOR, PumpAccountDecoder.INSTANCE),
                new Case(pump, "account", "Global", Global.REQUIRED_FIELDS, Global.IDL_FIELDS,
                        Global.DISCRIMINATOR, PumpAccountDecoder.INSTANCE),
                new Case(pump, "event", "CreateEvent", CreateEvent.REQUIRED_FIELDS, CreateEvent.IDL_FIELDS,
                        CreateEvent.DISCRIMINATOR, PumpEventDecoder.INSTANCE),
                new Case(pump, "event", "TradeEvent", TradeEvent.REQUIRED_FIELDS, TradeEvent.IDL_FIELDS,
                        TradeEvent.DISCRIMINATOR, PumpEventDecoder.INSTANCE),
                new Case(pump, "event", "CompleteEvent", CompleteEvent.REQUIRED_FIELDS, CompleteEvent.IDL_FIELDS,
                        CompleteEvent.DISCRIMINATOR, PumpEventDecoder.INSTANCE),
                new Case(pump, "event", "CompletePumpAmmMigrationEvent", CompletePumpAmmMigrationEvent.REQUIRED_FIELDS,
                        CompletePumpAmmMigrationEvent.IDL_FIELDS, CompletePumpAmmMigrationEvent.DISCRIMINATOR, PumpEventDecoder.INSTANCE),
                new Case(amm, "account", "Pool", Pool.REQUIRED_FIELDS, Pool.IDL_FIELDS,
                        Pool.DISCRIMINATOR, PumpAmmAccountDecoder.INSTANCE),
                new Case(amm, "account", "GlobalConfig", GlobalConfig.REQUIRED_FIELDS, GlobalConfig.IDL_FIELDS,
                        GlobalConfig.DISCRIMINATOR, PumpAmmAccountDecoder.INSTANCE),
                new Case(amm, "event", "BuyEvent", BuyEvent.REQUIRED_FIELDS, BuyEvent.IDL_FIELDS,
                        BuyEvent.DISCRIMINATOR, PumpAmmEventDecoder.INSTANCE),
                new Case(amm, "event", "SellEvent", SellEvent.REQUIRED_FIELDS, SellEvent.IDL_FIELDS,
                        SellEvent.DISCRIMINATOR, PumpAmmEventDecoder.INSTANCE),
                new Case(amm, "event", "CreatePoolEvent", CreatePoolEvent.REQUIRED_FIELDS, CreatePoolEvent.IDL_FIELDS,
                        CreatePoolEvent.DISCRIMINATOR, PumpAmmEventDecoder.INSTANCE)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recordFieldsAreTheIdlFieldsInIdlOrder(Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), 1);
        assertThat(c.javaFields()).isEqualTo(idl.fieldNames(c.type()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fullLayoutDecodesToExactlyTheEncodedValues(Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), c.type().hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            IdlSamples.Sample s = idl.sample(c.kind(), c.type());
            IdlRecord decoded = decoded(c, s.bytes());
            assertThat(decoded.fields()).containsExactlyEntriesOf(s.fields());
            assertThat(decoded.typeName()).isEqualTo(c.type());
            assertThat(decoded.programName()).isEqualTo(c.idl().equals("idl-pump.json") ? "pump" : "pump_amm");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownTrailingBytesAreIgnored(Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), 7 + c.type().hashCode());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < SAMPLES; i++) {
            IdlSamples.Sample s = idl.sample(c.kind(), c.type());
            byte[] longer = Arrays.copyOf(s.bytes(), s.bytes().length + 1 + random.nextInt(100));
            random.nextBytes(longer); // overwritten below, except the tail
            System.arraycopy(s.bytes(), 0, longer, 0, s.bytes().length);
            assertThat(decoded(c, longer).fields()).containsExactlyEntriesOf(s.fields());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyFieldBoundaryIsAnOlderLayoutAndShorterIsMalformed(Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), 11 + c.type().hashCode());
        for (int i = 0; i < SAMPLES / 4; i++) {
            IdlSamples.Sample s = idl.sample(c.kind(), c.type());
            int[] ends = s.fieldEnds();
            for (int k = 0; k <= ends.length; k++) {
                int end = k == 0 ? 8 : ends[k - 1];
                byte[] cut = Arrays.copyOf(s.bytes(), end);
                if (k < c.required()) {
                    assertThat(c.decode(cut)).as("%s cut after %d fields", c, k).isInstanceOf(DecodeResult.Malformed.class);
                } else {
                    assertThat(decoded(c, cut).fields()).as("%s cut after %d fields", c, k).containsExactlyEntriesOf(s.firstFields(k));
                }
                // A cut inside the next field: that field is not there, the ones before are.
                if (k < ends.length && ends[k] - end > 1) {
                    byte[] inside = Arrays.copyOf(s.bytes(), end + (ends[k] - end) / 2);
                    if (k < c.required()) {
                        assertThat(c.decode(inside)).isInstanceOf(DecodeResult.Malformed.class);
                    } else {
                        assertThat(decoded(c, inside).fields()).as("%s cut inside field %d", c, k).containsExactlyEntriesOf(s.firstFields(k));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void discriminatorConstantIsTheIdlsAndSha256OfItsName(Case c) {
        IdlSamples idl = new IdlSamples(c.idl(), 1);
        assertThat(Discriminators.hex(c.discriminator())).isEqualTo(Discriminators.hex(Discriminators.of(c.kind() + ":" + c.type())));
        assertThat(c.discriminator()).isEqualTo(idl.discriminator(c.kind(), c.type()));
    }

    private static IdlRecord decoded(Case c, byte[] data) {
        DecodeResult<? extends IdlRecord> r = c.decode(data);
        assertThat(r).as("%s of %d bytes", c, data.length).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded<? extends IdlRecord>) r).value();
    }
}
