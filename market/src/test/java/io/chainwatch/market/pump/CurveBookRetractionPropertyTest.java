package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.PumpEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random pump inputs over a few mints and slots, delivered in random order with copies, random slots
 * retracted on the way (before, among and after their own inputs) and after finalization: the book must
 * end exactly where a fresh book fed only the surviving inputs, in another order, ends.
 *
 * <p>jqwik's engine runs these; the tries bound their time (about ten seconds on two busy cores). The
 * {@code @Timeout} is the house rule and binds only JUnit Jupiter tests.
 */
@Timeout(120)
class CurveBookRetractionPropertyTest {
    private static final int MINTS = 4;
    private static final int SLOTS = 12;

    enum Kind { CREATE, BUY, SELL, COMPLETE, MIGRATE, ACCOUNT, ACCOUNT_COMPLETE }

    /** One input; its key is (slot, sig, eventIndex) for events and (slot, mint) for account data. */
    record Input(Kind kind, int mint, long slot, int txIndex, int sig, int eventIndex, long amount, long vToken, long vSol,
                 long rToken, long rSol) {
        boolean isAccount() {
            return kind == Kind.ACCOUNT || kind == Kind.ACCOUNT_COMPLETE;
        }

        List<Object> key() {
            return isAccount() ? List.of(slot, mint) : List.of(slot, sig, eventIndex);
        }

        CurveBook.Outcome applyTo(CurveBook book) {
            PublicKey m = PumpInputs.key(mint);
            if (isAccount()) {
                BondingCurve data = PumpInputs.account(vToken, vSol, rToken, rSol, kind == Kind.ACCOUNT_COMPLETE);
                return book.applyAccount(m, slot, data);
            }
            PumpEvent event = switch (kind) {
                case CREATE -> PumpInputs.create(m);
                case BUY, SELL -> PumpInputs.trade(m, kind == Kind.BUY, amount, amount * 3, vToken, vSol, rToken, rSol);
                case COMPLETE -> PumpInputs.complete(m);
                case MIGRATE -> PumpInputs.migration(m, PumpInputs.key(10_000 + mint));
                default -> throw new AssertionError(kind);
            };
            return book.apply(new EventPosition(slot, PumpInputs.sig(sig), txIndex, eventIndex), event);
        }
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CREATE)), net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.BUY)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.SELL)), net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.COMPLETE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.MIGRATE)), net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.ACCOUNT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.ACCOUNT_COMPLETE)));
        Arbitrary<long[]> numbers = Arbitraries.longs().between(0, 1_000_000_000_000_000L).array(long[].class).ofSize(5);
        Arbitrary<Input> input = Combinators.combine(kinds, Arbitraries.integers().between(0, MINTS - 1),
                        Arbitraries.longs().between(1, SLOTS), Arbitraries.integers().between(-1, 3),
                        Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 2), numbers)
                .as((kind, mint, slot, tx, sig, ev, n) -> new Input(kind, mint, slot, tx, sig, ev, n[0] % 10_000_000_000L,
                        n[1], n[2], n[3], n[4] % 3 == 0 ? 0 : n[4]));
        return input.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 400)
    void retractingSlotsLeavesExactlyWhatTheRemainingInputsGive(@ForAll("inputs") List<Input> generated,
                                                                 @ForAll long seed,
                                                                 @ForAll @IntRange(min = 0, max = SLOTS) int finalized) {
        Random random = new Random(seed);
        List<Input> inputs = distinctByKey(generated);
        Set<Long> deadBeforeFinality = randomSlots(random, finalized + 1, SLOTS);
        Set<Long> deadAfterFinality = randomSlots(random, finalized + 1, SLOTS);
        deadAfterFinality.removeAll(deadBeforeFinality);

        CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);
        List<Object> deliveries = new ArrayList<>(inputs);
        for (Input copy : inputs) {
            if (random.nextInt(4) == 0) {
                deliveries.add(copy); // the same input from a second endpoint
            }
        }
        deliveries.addAll(deadBeforeFinality); // a Long is "retract this slot", at a random point among the inputs
        Collections.shuffle(deliveries, random);
        for (Object d : deliveries) {
            if (d instanceof Input in) {
                in.applyTo(book);
            } else {
                assertThat(book.retract((Long) d).result()).isNotEqualTo(CurveBook.Retraction.Result.FINALIZED);
            }
        }
        Map<PublicKey, CurveView> beforeFinality = views(book);
        book.prune(finalized);
        assertThat(views(book)).as("finalizing changes no state").isEqualTo(beforeFinality);
        for (long slot = 1; slot <= finalized; slot++) {
            assertThat(book.retract(slot).result()).isEqualTo(CurveBook.Retraction.Result.FINALIZED);
        }
        for (long slot : deadAfterFinality) {
            book.retract(slot);
        }

        CurveBook recomputed = new CurveBook(CurveBook.Settings.MAINNET);
        List<Input> surviving = new ArrayList<>(inputs.stream()
                .filter(i -> !deadBeforeFinality.contains(i.slot()) && !deadAfterFinality.contains(i.slot())).toList());
        Collections.shuffle(surviving, random);
        for (Input in : surviving) {
            assertThat(in.applyTo(recomputed)).isEqualTo(CurveBook.Outcome.APPLIED);
        }

        assertThat(views(book)).isEqualTo(views(recomputed));
        assertThat(book.size()).isEqualTo(recomputed.size());
        assertThat(book.mostRecentlyActive(100)).isEqualTo(recomputed.mostRecentlyActive(100));
        for (CurveStatus s : CurveStatus.values()) {
            assertThat(book.mostRecentlyActive(s, 2)).isEqualTo(recomputed.mostRecentlyActive(s, 2));
        }
        assertThat(book.journalSize()).isEqualTo((int) surviving.stream().filter(i -> i.slot() > finalized).count());
    }

    @Property(tries = 200)
    void deliveryOrderDoesNotMatter(@ForAll("inputs") List<Input> generated, @ForAll long seed,
                                    @ForAll @LongRange(min = 0, max = SLOTS) long finalizedMidway) {
        List<Input> inputs = distinctByKey(generated);
        CurveBook inChainOrder = new CurveBook(CurveBook.Settings.MAINNET);
        inputs.stream().sorted((a, b) -> Long.compare(a.slot(), b.slot())).forEach(i -> i.applyTo(inChainOrder));
        List<Input> shuffled = new ArrayList<>(inputs);
        Collections.shuffle(shuffled, new Random(seed));
        CurveBook anyOrder = new CurveBook(CurveBook.Settings.MAINNET);
        shuffled.forEach(i -> i.applyTo(anyOrder));
        anyOrder.prune(finalizedMidway);

        assertThat(views(anyOrder)).isEqualTo(views(inChainOrder));
    }

    private static List<Input> distinctByKey(List<Input> generated) {
        Map<List<Object>, Input> byKey = new LinkedHashMap<>();
        for (Input i : generated) {
            byKey.putIfAbsent(i.key(), i);
        }
        return List.copyOf(byKey.values());
    }

    private static Set<Long> randomSlots(Random random, long from, long to) {
        Set<Long> out = new TreeSet<>();
        for (long s = from; s <= to; s++) {
            if (random.nextInt(3) == 0) {
                out.add(s);
            }
        }
        return new HashSet<>(out);
    }

    private static Map<PublicKey, CurveView> views(CurveBook book) {
        Map<PublicKey, CurveView> out = new LinkedHashMap<>();
        for (int m = 0; m < MINTS; m++) {
            book.curve(PumpInputs.key(m)).ifPresent(v -> out.put(v.mint(), v));
        }
        return out;
    }
}
