package io.chainwatch.store;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.store.SolanaStore.LostSlot;
import io.chainwatch.store.SolanaStore.Retracted;
import io.chainwatch.store.SolanaStore.SlotCommit;
import io.chainwatch.store.SolanaStore.StoredEvent;
import io.chainwatch.store.internal.PostgresSolanaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.chainwatch.store.SolanaFixtures.commit;
import static io.chainwatch.store.SolanaFixtures.curve;
import static io.chainwatch.store.SolanaFixtures.key;
import static io.chainwatch.store.SolanaFixtures.trade;
import static io.chainwatch.store.SolanaFixtures.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * SolanaStore on a real embedded PostgreSQL, one server for the class. Each test keeps to its own
 * feed, signatures, mints and slots (made from its name), so that tests do not see each other.
 */
@Timeout(60)
class SolanaStoreTest {
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    static Path dir;
    static Database db;
    static SolanaStore store;

    private String feed;
    private long label;
    /** First slot of this test's own range. */
    private long base;
    private List<SolanaPubkey> mints;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(new StorageConfig("embedded", null, null, Fixtures.traversable(dir)));
        store = db.solanaStore(InstantSource.fixed(NOW));
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void ownData(TestInfo test) {
        feed = test.getTestMethod().orElseThrow().getName();
        label = feed.hashCode() & 0xFFFF_FFFFL;
        base = 1_000_000L * (Math.floorMod(feed.hashCode(), 100_000) + 1);
        mints = List.of(key(label, 1), key(label, 2), key(label, 3));
    }

    @Test
    void committingTheSameEventsTwiceKeepsOneCopyOfEach() {
        List<SolanaEventRow> events = trades(label, base, base + 9, 4, mints, Commitment.CONFIRMED);

        assertThat(store.commit(commit(feed, base + 9, events, List.of()))).isEqualTo(40);
        assertThat(store.commit(commit(feed, base + 9, events, List.of()))).isZero();
        List<SolanaEventRow> twiceInOne = new ArrayList<>(events.subList(0, 5));
        twiceInOne.addAll(events.subList(0, 5));
        assertThat(store.commit(commit(feed, base + 9, twiceInOne, List.of()))).isZero();

        assertThat(countEvents(true)).isEqualTo(40);
        assertThat(store.events(mints.get(0), 100)).hasSize(14).doesNotHaveDuplicates();
        assertThat(store.checkpoint(feed)).map(SolanaStore.Checkpoint::slot).contains(base + 9);
    }

    @Test
    void aStoreThatDoesNotKnowWhatIsStoredAsAfterARestartStillKeepsOneCopyOfEach() {
        List<SolanaEventRow> events = trades(label, base, base + 9, 4, mints, Commitment.CONFIRMED);
        assertThat(store.commit(commit(feed, base + 9, events, List.of()))).isEqualTo(40);

        // A second writer knows of no stored slot: it tries the COPY fast path, and the primary key sends it to the merge.
        SolanaStore restarted = db.solanaStore(InstantSource.fixed(NOW));
        List<SolanaEventRow> overlapping = new ArrayList<>(events);
        overlapping.addAll(trades(label, base + 10, base + 11, 4, mints, Commitment.CONFIRMED));
        assertThat(restarted.commit(commit(feed, base + 11, overlapping, List.of()))).isEqualTo(8);
        assertThat(restarted.commit(commit(feed, base + 11, overlapping, List.of()))).isZero();
        assertThat(store.commit(commit(feed, base + 11, overlapping, List.of()))).isZero();

        assertThat(countEvents(true)).isEqualTo(48);
    }

    @Test
    void aSlotSettledLateGoesStraightInAndOnlyTheRowsOfASlotWrittenBeforeAreMerged() {
        PostgresSolanaStore own = (PostgresSolanaStore) db.solanaStore(InstantSource.fixed(NOW));
        own.commit(commit(feed, base + 109, trades(label, base + 100, base + 109, 2, mints, Commitment.CONFIRMED), List.of()));
        assertThat(own.rowsCopied()).isEqualTo(20);

        // A slot settled fifty slots late, new to the store, with the next two: all straight in.
        List<SolanaEventRow> withLateSlot = new ArrayList<>(trades(label, base + 59, base + 59, 2, mints, Commitment.CONFIRMED));
        withLateSlot.addAll(trades(label, base + 110, base + 111, 2, mints, Commitment.CONFIRMED));
        assertThat(own.commit(commit(feed, base + 111, withLateSlot, List.of()))).isEqualTo(6);
        assertThat(own.rowsCopied()).isEqualTo(26);
        assertThat(own.rowsMerged()).isZero();

        // A slot written before comes again (a replay, a retracted slot back) beside a new one: only its rows are merged.
        List<SolanaEventRow> withSlotAgain = new ArrayList<>(trades(label, base + 105, base + 105, 3, mints, Commitment.FINALIZED));
        withSlotAgain.addAll(trades(label, base + 112, base + 112, 2, mints, Commitment.CONFIRMED));
        assertThat(own.commit(commit(feed, base + 112, withSlotAgain, List.of()))).isEqualTo(3);
        assertThat(own.rowsCopied()).isEqualTo(28);
        assertThat(own.rowsMerged()).isEqualTo(3);
        assertThat(commitmentOf(withSlotAgain.get(0))).isEqualTo(Commitment.FINALIZED);

        // A store that has written nothing, as after a restart, sends stored slots straight at first: the key sends them on to the merge.
        PostgresSolanaStore restarted = (PostgresSolanaStore) db.solanaStore(InstantSource.fixed(NOW));
        assertThat(restarted.commit(commit(feed, base + 112, withLateSlot, List.of()))).isZero();
        assertThat(restarted.rowsCopied()).isZero();
        assertThat(restarted.rowsMerged()).isEqualTo(6);
        assertThat(countEvents(true)).isEqualTo(29);
    }

    @Test
    void aReplayOverlappingTheCheckpointAddsOnlyTheNewEvents() {
        store.commit(commit(feed, base + 9, trades(label, base, base + 9, 3, mints, Commitment.CONFIRMED), List.of()));

        long added = store.commit(commit(feed, base + 14, trades(label, base + 5, base + 14, 3, mints, Commitment.CONFIRMED), List.of()));

        assertThat(added).isEqualTo(15);
        assertThat(countEvents(true)).isEqualTo(45);
        assertThat(store.checkpoint(feed)).map(SolanaStore.Checkpoint::slot).contains(base + 14);
    }

    @Test
    void eventsReadBackExactlyLatestFirstWithinTheLimit() throws SQLException {
        long max = -1L; // 2^64 - 1
        SolanaPubkey mint = mints.get(0);
        SolanaEventRow huge = trade(label, base + 1, 0, 0, mint, max, Long.MIN_VALUE, false, Commitment.PROCESSED);
        SolanaEventRow plain = trade(label, base + 2, 3, 0, mint, 1, 0, true, Commitment.FINALIZED);
        // No position in the block, no block time (as from logsSubscribe), and no trade (a CreateEvent).
        SolanaEventRow create = new SolanaEventRow(SolanaFixtures.signature(label, base + 2, 9), 1, base + 2,
                SolanaEventRow.UNKNOWN_TX_INDEX, null, SolanaFixtures.PUMP, "pump", "CreateEvent", Commitment.CONFIRMED, mint, null,
                new byte[]{1, 2, 3});
        SolanaEventRow noMint = new SolanaEventRow(SolanaFixtures.signature(label, base + 3, 0), 0, base + 3, 0, SolanaFixtures.SOME_TIME,
                key(9, 9), "pump_amm", "CreatePoolEvent", Commitment.CONFIRMED, null, null, null);

        store.commit(commit(feed, base + 3, List.of(huge, plain, create, noMint), List.of()));

        assertThat(store.events(mint, 10)).containsExactly(plain, create, huge);
        assertThat(store.events(mint, 2)).containsExactly(plain, create);
        assertThat(store.events(mint, 0)).isEmpty();
        assertThat(store.event(noMint.signature(), 0)).contains(new StoredEvent(noMint, false));
        assertThat(sql("SELECT sol_amount::text || ' ' || token_amount::text || ' ' || (fields IS NULL) FROM solana_events "
                + "WHERE signature = ? AND event_index = 0", huge.signature()))
                .as("u64 amounts exact; the fields are in the event's bytes, not stored again as JSON")
                .isEqualTo("18446744073709551615 9223372036854775808 true");
    }

    @Test
    void aTradeIsStoredBesideItsBytesOnlyWhereTheBytesDoNotSayIt() throws SQLException {
        SolanaPubkey mint = mints.get(0);
        // As the feed makes them: the bytes of a pump TradeEvent say its trade, which the view reads there.
        SolanaEventRow said = trade(label, base + 1, 0, 0, mint, Commitment.CONFIRMED);
        // Bytes that say another trade, and bytes too short to say one: the trade is stored beside them.
        SolanaEventRow other = withData(trade(label, base + 1, 1, 0, mint, Commitment.CONFIRMED), said.data());
        SolanaEventRow tooShort = withData(trade(label, base + 1, 2, 0, mint, Commitment.CONFIRMED), new byte[]{1, 2, 3});

        store.commit(commit(feed, base + 1, List.of(said, other, tooShort), List.of()));

        assertThat(store.events(mint, 10)).containsExactly(tooShort, other, said);
        assertThat(sql("SELECT count(*) FILTER (WHERE trader IS NULL AND sol_amount IS NULL AND token_amount IS NULL AND is_buy IS NULL) "
                + "|| ' of ' || count(*) FROM solana_event_rows WHERE slot = ?", base + 1))
                .as("rows whose bytes say their trade")
                .isEqualTo("1 of 3");
    }

    @Test
    void aFailingRowLeavesNothingOfItsCommitAndTheCheckpointUnmoved() {
        CurveRow before = curve(mints.get(0), CurveRow.Status.TRADING, 1, base + 1);
        store.commit(commit(feed, base + 1, trades(label, base, base + 1, 2, mints, Commitment.CONFIRMED), List.of(before)));
        List<SolanaEventRow> next = new ArrayList<>(trades(label, base + 2, base + 5, 2, mints, Commitment.CONFIRMED));
        SolanaEventRow last = next.removeLast();
        next.add(new SolanaEventRow(last.signature(), last.eventIndex(), last.slot(), last.txIndex(), last.blockTime(), last.program(),
                last.programName(), "Trade\u0000Event", last.commitment(), last.mint(), last.trade(), last.data()));
        List<CurveRow> curves = List.of(curve(mints.get(0), CurveRow.Status.COMPLETE, 2, base + 5),
                curve(mints.get(1), CurveRow.Status.CREATED, 3, base + 5));
        List<LostSlot> lost = List.of(new LostSlot(base + 4, "gone", NOW));

        assertThatThrownBy(() -> store.commit(new SlotCommit(feed, base + 5, next, curves, lost)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("commit of feed '" + feed + "' to slot " + (base + 5) + " (8 events, 2 curves, 1 lost slots) "
                        + "failed and was rolled back")
                .hasMessageContaining("0x00");
        assertNothingOfTheFailedCommit(base + 1, before);

        // The same on the replay path: the first events of the commit are stored already.
        List<SolanaEventRow> replay = new ArrayList<>(trades(label, base, base + 1, 2, mints, Commitment.CONFIRMED));
        replay.addAll(next);
        assertThatThrownBy(() -> store.commit(new SlotCommit(feed, base + 5, replay, curves, lost))).isInstanceOf(StorageException.class);
        assertNothingOfTheFailedCommit(base + 1, before);
    }

    @Test
    void aCommitThatFailsAtItsLastStepLeavesNothingOfItsEarlierSteps() throws SQLException {
        // A fault PostgreSQL cannot be made to show on demand: the checkpoint write, the last step, fails.
        String doomed = "doomed-" + feed;
        execute("CREATE OR REPLACE FUNCTION fail_doomed_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.feed LIKE 'doomed-%' THEN RAISE EXCEPTION 'injected failure for feed %', NEW.feed; END IF; RETURN NEW; END $$",
                "CREATE OR REPLACE TRIGGER fail_doomed BEFORE INSERT OR UPDATE ON solana_checkpoints FOR EACH ROW "
                        + "EXECUTE FUNCTION fail_doomed_checkpoint()");
        try {
            SlotCommit failing = new SlotCommit(doomed, base + 3, trades(label, base, base + 3, 2, mints, Commitment.CONFIRMED),
                    List.of(curve(mints.get(0), CurveRow.Status.TRADING, 1, base + 3)), List.of(new LostSlot(base + 2, "gone", NOW)));

            assertThatThrownBy(() -> store.commit(failing))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("injected failure for feed " + doomed);

            assertThat(countEvents(true)).isZero();
            assertThat(store.curve(mints.get(0))).isEmpty();
            assertThat(store.lostSlots(1000)).extracting(LostSlot::slot).doesNotContain(base + 2);
            assertThat(store.checkpoint(doomed)).isEmpty();
        } finally {
            execute("DROP TRIGGER fail_doomed ON solana_checkpoints");
        }
    }

    @Test
    void commitmentIsRaisedNeverLowered() {
        SolanaEventRow p1 = trade(label, base + 1, 0, 0, mints.get(0), Commitment.PROCESSED);
        SolanaEventRow f2 = trade(label, base + 2, 0, 0, mints.get(0), Commitment.FINALIZED);
        SolanaEventRow p3 = trade(label, base + 3, 0, 0, mints.get(0), Commitment.PROCESSED);
        SolanaEventRow p4 = trade(label, base + 4, 0, 0, mints.get(0), Commitment.PROCESSED);
        store.commit(commit(feed, base + 4, List.of(p1, f2, p3, p4), List.of()));

        store.upgradeCommitment(base + 1, base + 3, Commitment.CONFIRMED);
        store.upgradeCommitment(base + 1, base + 3, Commitment.PROCESSED);
        store.upgradeCommitment(base + 1, base + 3, Commitment.CONFIRMED);
        assertThat(commitmentOf(p1)).isEqualTo(Commitment.CONFIRMED);
        assertThat(commitmentOf(f2)).isEqualTo(Commitment.FINALIZED);
        assertThat(commitmentOf(p3)).isEqualTo(Commitment.CONFIRMED);
        assertThat(commitmentOf(p4)).isEqualTo(Commitment.PROCESSED);

        // A replayed copy at a lower level leaves the stored level; one at a higher level raises it.
        store.commit(commit(feed, base + 4, List.of(p1, SolanaFixtures.withCommitment(p4, Commitment.FINALIZED)), List.of()));
        assertThat(commitmentOf(p1)).isEqualTo(Commitment.CONFIRMED);
        assertThat(commitmentOf(p4)).isEqualTo(Commitment.FINALIZED);

        store.upgradeCommitment(base + 1, base + 4, Commitment.FINALIZED);
        assertThat(List.of(p1, f2, p3, p4)).allSatisfy(e -> assertThat(commitmentOf(e)).isEqualTo(Commitment.FINALIZED));
        assertThatThrownBy(() -> store.upgradeCommitment(base + 4, base + 3, Commitment.FINALIZED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 0 <= fromSlot <= toSlot");
    }

    @Test
    void anUpgradedRangeVouchesForEventsStoredInItLaterAndARetractedEventKeepsItsLevel() {
        SolanaEventRow early = trade(label, base + 1, 0, 0, mints.get(0), Commitment.CONFIRMED);
        store.commit(commit(feed, base + 1, List.of(early), List.of()));
        store.upgradeCommitment(base + 1, base + 2, Commitment.FINALIZED);
        // Touching the first range: merged with it.
        store.upgradeCommitment(base + 3, base + 3, Commitment.FINALIZED);

        SolanaEventRow late = trade(label, base + 2, 0, 0, mints.get(1), Commitment.CONFIRMED);
        SolanaEventRow later = trade(label, base + 3, 0, 0, mints.get(1), Commitment.PROCESSED);
        store.commit(commit(feed, base + 3, List.of(late, later), List.of()));
        assertThat(List.of(early, late, later)).allSatisfy(e -> assertThat(commitmentOf(e)).isEqualTo(Commitment.FINALIZED));
        assertThat(store.events(mints.get(1), 10)).extracting(SolanaEventRow::commitment).containsOnly(Commitment.FINALIZED);

        store.retract(List.of(base + 1), List.of());
        assertThat(store.event(early.signature(), 0))
                .contains(new StoredEvent(SolanaFixtures.withCommitment(early, Commitment.FINALIZED), true));
        // A copy in another slot is a row of its own, at its own level; the stored one keeps its level.
        SolanaEventRow elsewhere = SolanaFixtures.inSlot(late, base + 4);
        store.commit(commit(feed, base + 4, List.of(elsewhere), List.of()));
        assertThat(store.events(mints.get(1), 10)).containsExactly(elsewhere, SolanaFixtures.withCommitment(later, Commitment.FINALIZED),
                SolanaFixtures.withCommitment(late, Commitment.FINALIZED));
    }

    @Test
    void retractionMarksTheSlotsEventsAndPutsTheirCurvesRight() {
        SolanaPubkey old = mints.get(0);
        SolanaPubkey bornOnTheDeadFork = mints.get(1);
        CurveRow oldAt10 = curve(old, CurveRow.Status.TRADING, 1, base + 10);
        store.commit(commit(feed, base + 10, trades(label, base + 10, base + 10, 2, List.of(old), Commitment.PROCESSED), List.of(oldAt10)));
        List<SolanaEventRow> at11 = trades(label, base + 11, base + 11, 3, List.of(old, bornOnTheDeadFork), Commitment.PROCESSED);
        store.commit(commit(feed, base + 12, at11, List.of(curve(old, CurveRow.Status.TRADING, 2, base + 11),
                curve(bornOnTheDeadFork, CurveRow.Status.CREATED, 3, base + 11))));

        Retracted retracted = store.retract(List.of(base + 11, base + 12), List.of(oldAt10));

        assertThat(retracted).isEqualTo(new Retracted(3, 1));
        assertThat(store.events(old, 100)).hasSize(2).allSatisfy(e -> assertThat(e.slot()).isEqualTo(base + 10));
        assertThat(store.events(bornOnTheDeadFork, 100)).isEmpty();
        assertThat(store.event(at11.getFirst().signature(), 0)).contains(new StoredEvent(at11.getFirst(), true));
        assertThat(store.curve(old)).contains(oldAt10);
        assertThat(store.curve(bornOnTheDeadFork)).isEmpty();
        // Retracted events stay as they were: not raised, not retracted twice.
        store.upgradeCommitment(base + 10, base + 12, Commitment.CONFIRMED);
        assertThat(store.events(old, 100)).extracting(SolanaEventRow::commitment).containsOnly(Commitment.CONFIRMED);
        assertThat(store.event(at11.getFirst().signature(), 0).orElseThrow().event().commitment()).isEqualTo(Commitment.PROCESSED);
        assertThat(store.retract(List.of(base + 11), List.of())).isEqualTo(new Retracted(0, 0));
        assertThat(countEvents(true)).isEqualTo(5);
        assertThat(countEvents(false)).isEqualTo(2);
    }

    @Test
    void aTransactionThatLandsAgainInAnotherSlotAfterItsForkDiedIsStoredThereAndItsDeadCopyStaysRetracted() {
        // Above every other test's slots, so that the commit in the new slot takes the fast path.
        long s = 9_000_000_000_000_000L + base;
        SolanaEventRow onDeadFork = trade(label, s, 0, 0, mints.get(0), Commitment.PROCESSED);
        SolanaEventRow other = trade(label, s, 1, 0, mints.get(1), Commitment.PROCESSED);
        store.commit(commit(feed, s, List.of(onDeadFork, other), List.of()));
        store.retract(List.of(s), List.of());
        SolanaEventRow landedAgain = SolanaFixtures.inSlot(onDeadFork, s + 2);
        SolanaEventRow fresh = trade(label, s + 2, 1, 0, mints.get(2), Commitment.PROCESSED);

        assertThat(store.commit(commit(feed, s + 2, List.of(landedAgain, fresh), List.of()))).isEqualTo(2);

        assertThat(store.event(onDeadFork.signature(), 0)).contains(new StoredEvent(landedAgain, false));
        assertThat(store.event(other.signature(), 0)).contains(new StoredEvent(other, true));
        assertThat(store.events(mints.get(0), 10)).containsExactly(landedAgain);
        assertThat(countEvents(true)).isEqualTo(4);
        assertThat(countEvents(false)).isEqualTo(2);

        // Seen in two live slots (two forks, neither settled): a row in each, the latest slot's answers;
        // when its fork dies, the other copy is the event again.
        SolanaEventRow seenLater = SolanaFixtures.inSlot(landedAgain, s + 3);
        assertThat(store.commit(commit(feed, s + 3, List.of(seenLater), List.of()))).isEqualTo(1);
        assertThat(store.event(onDeadFork.signature(), 0)).contains(new StoredEvent(seenLater, false));
        store.retract(List.of(s + 3), List.of());
        assertThat(store.event(onDeadFork.signature(), 0)).contains(new StoredEvent(landedAgain, false));
        assertThat(replayOfThisTest(-1)).containsExactly(landedAgain, fresh);
    }

    @Test
    void curvesComeMostRecentlyActiveFirstByStatusWithinTheLimit() {
        // Above every other test's curves, so that they lead the lists.
        long s = 8_000_000_000_000_000L;
        SolanaPubkey a = key(label, 11);
        SolanaPubkey b = key(label, 12);
        SolanaPubkey c = key(label, 13);
        SolanaPubkey d = key(label, 14);
        CurveRow aOld = curve(a, CurveRow.Status.TRADING, 1, s + 1);
        CurveRow aNew = curve(a, CurveRow.Status.TRADING, 5, s + 5);
        CurveRow bRow = curve(b, CurveRow.Status.COMPLETE, 2, s + 4);
        CurveRow cRow = curve(c, CurveRow.Status.TRADING, 3, s + 3);
        CurveRow dRow = curve(d, CurveRow.Status.MIGRATED, 4, s + 2);

        store.commit(commit(feed, 1, List.of(), List.of(aOld, bRow, cRow, dRow, aNew)));

        assertThat(store.curves(null, 4)).containsExactly(aNew, bRow, cRow, dRow);
        assertThat(store.curves(null, 2)).containsExactly(aNew, bRow);
        assertThat(store.curves(CurveRow.Status.TRADING, 2)).containsExactly(aNew, cRow);
        assertThat(store.curves(CurveRow.Status.MIGRATED, 1)).containsExactly(dRow);
        assertThat(store.curves(CurveRow.Status.CREATED, 10)).noneMatch(r -> r.updatedSlot() > s);
        assertThat(store.curve(a)).contains(aNew);
        assertThat(store.curve(key(label, 99))).isEmpty();

        // A later commit's row wins.
        CurveRow cLater = curve(c, CurveRow.Status.COMPLETE, 7, s + 7);
        store.commit(commit(feed, 2, List.of(), List.of(cLater)));
        assertThat(store.curves(null, 2)).containsExactly(cLater, aNew);
    }

    @Test
    void u64ValuesAboveLongMaxAndVolumesUpTo10To30RoundTripExactly() throws SQLException {
        BigInteger u64Max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        U256 volumeMax = U256.of(BigInteger.TEN.pow(30).subtract(BigInteger.ONE));
        long[] values = {0, 1, 9_999, 10_000, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -10_000L, 0x8000_0000_0000_2710L,
                u64Max.divide(BigInteger.TEN).longValue()};
        List<CurveRow> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            rows.add(new CurveRow(key(label, 100 + i), CurveRow.Status.TRADING, null, v, ~v, v ^ 0x5555, v + 1, -1L, true,
                    i % 2 == 0 ? volumeMax : U256.of(v), U256.of(BigInteger.TWO.pow(64).add(BigInteger.valueOf(i))), Long.MAX_VALUE,
                    CurveRow.UNKNOWN_SLOT, null, base + i));
        }
        store.commit(commit(feed, base, List.of(), rows));

        for (CurveRow r : rows) {
            assertThat(store.curve(r.mint())).contains(r);
        }
        assertThat(sql("SELECT token_total_supply::text || ' ' || buy_volume_lamports::text FROM pump_curves WHERE mint = ?",
                rows.getFirst().mint())).isEqualTo(u64Max + " " + BigInteger.TEN.pow(30).subtract(BigInteger.ONE));
        assertThatThrownBy(() -> new CurveRow(key(label, 1), CurveRow.Status.TRADING, null, 0, 0, 0, 0, 0, false,
                U256.of(BigInteger.TEN.pow(30)), U256.ZERO, 0, CurveRow.UNKNOWN_SLOT, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("volumes must be below 10^30 lamports, got buy 1000000000000000000000000000000");
    }

    @Test
    void theCheckpointIsPerFeedAndNeverMovesBack() {
        assertThat(store.checkpoint(feed)).isEmpty();

        store.commit(commit(feed, base + 10, List.of(), List.of()));
        store.commit(commit(feed, base + 5, List.of(), List.of()));
        store.commit(commit("other-" + feed, base + 2, List.of(), List.of()));

        assertThat(store.checkpoint(feed)).contains(new SolanaStore.Checkpoint(feed, base + 10, NOW));
        assertThat(store.checkpoint("other-" + feed)).map(SolanaStore.Checkpoint::slot).contains(base + 2);
    }

    @Test
    void lostSlotsAreKeptHighestFirstWithTheirFirstReason() {
        // Above every other test's lost slots, so that they lead the list.
        long s = 7_000_000_000_000_000L;
        store.commit(new SlotCommit(feed, s + 5, List.of(), List.of(),
                List.of(new LostSlot(s + 1, "first", NOW), new LostSlot(s + 3, "third", NOW))));
        store.commit(new SlotCommit(feed, s + 6, List.of(), List.of(),
                List.of(new LostSlot(s + 1, "again", NOW.plusSeconds(1)), new LostSlot(s + 2, "second", NOW))));

        assertThat(store.lostSlots(3)).containsExactly(new LostSlot(s + 3, "third", NOW), new LostSlot(s + 2, "second", NOW),
                new LostSlot(s + 1, "first", NOW));
        assertThat(store.lostSlots(1)).hasSize(1);
    }

    @Test
    void aConnectionCutMidCommitLeavesNothingAndAReplayFromTheCheckpointStoresEveryEventOnce() throws Exception {
        store.commit(commit(feed, base + 9, trades(label, base, base + 9, 5, mints, Commitment.CONFIRMED), List.of()));
        List<SolanaEventRow> big = trades(label, base + 10, base + 109, 200, mints, Commitment.CONFIRMED);
        CompletableFuture<Long> commit;
        // The feed's checkpoint row, locked by a transaction of our own, holds the commit at its last step, after its
        // events and curves are written: there it is cut, and our connection is not one the pool can hand the commit.
        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT 1 FROM solana_checkpoints WHERE feed = '" + feed + "' FOR UPDATE");
            }
            commit = CompletableFuture.supplyAsync(
                    () -> store.commit(commit(feed, base + 109, big, List.of(curve(mints.get(0), CurveRow.Status.TRADING, 1, base + 109))
                    )), r -> Thread.ofVirtual().start(r));
            long pid = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2))
                    .until(SolanaStoreTest::waitingBackend, p -> p != 0 || commit.isDone());
            assertThat(pid).as("caught the commit waiting for the checkpoint row").isNotZero();
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_terminate_backend(?::int)")) {
                ps.setLong(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1)).isTrue();
                }
            }
            lock.rollback();
        }

        assertThatThrownBy(() -> commit.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StorageException.class)
                .hasMessageContaining("commit of feed '" + feed + "' to slot " + (base + 109));
        assertThat(store.checkpoint(feed)).map(SolanaStore.Checkpoint::slot).contains(base + 9);
        assertThat(countEvents(true)).isEqualTo(50);
        assertThat(store.curve(mints.get(0))).isEmpty();

        // Restart: replay from a little before the checkpoint, as a source does after a reconnect.
        List<SolanaEventRow> replay = new ArrayList<>(trades(label, base + 5, base + 9, 5, mints, Commitment.CONFIRMED));
        replay.addAll(big);
        assertThat(store.commit(commit(feed, base + 109, replay, List.of()))).isEqualTo(big.size());
        assertThat(countEvents(true)).isEqualTo(50 + big.size());
        assertThat(sql("SELECT count(DISTINCT slot)::text FROM solana_events WHERE substring(signature from 1 for 8) = ?",
                labelBytes())).isEqualTo("110");
    }

    @Test
    void liveEventsReplayInChainOrderWithTheirBytesAndWithoutRetractedOnes() {
        SolanaPubkey mint = mints.get(0);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        SolanaEventRow belowFrom = trade(label, base + 1, 0, 0, mint, Commitment.CONFIRMED);
        SolanaEventRow tx0 = trade(label, base + 2, 0, 0, mint, Commitment.CONFIRMED);
        SolanaEventRow tx3a = trade(label, base + 2, 3, 0, mint, Commitment.PROCESSED);
        SolanaEventRow tx3b = withData(trade(label, base + 2, 3, 1, mint, Commitment.PROCESSED), everyByte);
        // Positions unknown (logsSubscribe): after the known ones of the slot, by signature.
        SolanaEventRow unknownA = withUnknownPosition(trade(label, base + 2, 7, 0, mint, Commitment.PROCESSED));
        SolanaEventRow unknownB = withUnknownPosition(trade(label, base + 2, 8, 0, mint, Commitment.PROCESSED));
        SolanaEventRow storedBeforeV3 = withData(trade(label, base + 3, 0, 0, mint, Commitment.FINALIZED), null);
        SolanaEventRow onDeadFork = trade(label, base + 4, 0, 0, mint, Commitment.PROCESSED);
        SolanaEventRow afterDeadFork = trade(label, base + 5, 0, 0, mint, Commitment.PROCESSED);
        store.commit(commit(feed, base + 5, List.of(afterDeadFork, unknownB, onDeadFork, storedBeforeV3, tx3b, unknownA, tx3a, tx0,
                belowFrom), List.of()));
        store.retract(List.of(base + 4), List.of());

        List<SolanaEventRow> replayed = replayOfThisTest(base + 1);

        assertThat(replayed).containsExactly(tx0, tx3a, tx3b, unknownA, unknownB, storedBeforeV3, afterDeadFork);
        assertThat(replayed.get(2).data()).isEqualTo(everyByte);
        assertThat(replayed.get(5).data()).isNull();
        assertThat(replayOfThisTest(base + 5)).isEmpty();
        assertThat(replayOfThisTest(-1)).first().isEqualTo(belowFrom);
    }

    @Test
    void aReplayStreamsItsRowsInsteadOfReadingThemAllFirst() {
        List<SolanaEventRow> events = trades(label, base, base + 249, 100, mints, Commitment.CONFIRMED);
        store.commit(commit(feed, base + 249, events, List.of()));
        long[] seen = {0};

        // The reading backend dies while the first row is handled: rows the driver has not fetched yet are lost with it.
        assertThatThrownBy(() -> store.forEachLiveEvent(base - 1, e -> {
            if (seen[0]++ == 0) {
                terminateReplayBackend();
            }
        })).isInstanceOf(StorageException.class).hasMessageContaining("replay of live events above slot " + (base - 1) + " failed");

        assertThat(seen[0]).isPositive().isLessThan(events.size());
        // The next replay, on another connection, reads them all.
        assertThat(replayOfThisTest(base - 1)).hasSameSizeAs(events);
    }

    @Test
    void anExceptionOfTheReplaysActionEndsItAndComesOutAsItIs() {
        store.commit(commit(feed, base + 3, trades(label, base + 1, base + 3, 2, mints, Commitment.CONFIRMED), List.of()));
        IllegalStateException stop = new IllegalStateException("the book refused the event");
        int[] seen = {0};

        assertThatThrownBy(() -> store.forEachLiveEvent(base, e -> {
            seen[0]++;
            throw stop;
        })).isSameAs(stop);

        assertThat(seen[0]).isOne();
        assertThat(replayOfThisTest(base)).hasSize(6);
    }

    @Test
    void aCopyThatReplacesTheStoredEventReplacesItsBytesToo() {
        long s = base + 10;
        SolanaEventRow first = withData(trade(label, s, 0, 0, mints.get(0), Commitment.PROCESSED), new byte[]{1});
        store.commit(commit(feed, s, List.of(first), List.of()));
        store.retract(List.of(s), List.of());

        // Retracted, then its slot came back.
        SolanaEventRow cameBack = withData(first, new byte[]{2});
        store.commit(commit(feed, s, List.of(cameBack), List.of()));
        assertThat(storedData(first)).containsExactly(2);
        // The same slot at a higher commitment: the whole row is the new copy's, null bytes too.
        store.commit(commit(feed, s, List.of(withData(SolanaFixtures.withCommitment(first, Commitment.CONFIRMED), null)), List.of()));
        assertThat(storedData(first)).isNull();
        // A less committed copy changes nothing.
        store.commit(commit(feed, s, List.of(withData(first, new byte[]{4})), List.of()));
        assertThat(store.event(first.signature(), 0).orElseThrow().event())
                .isEqualTo(withData(SolanaFixtures.withCommitment(first, Commitment.CONFIRMED), null));
    }

    private List<SolanaEventRow> replayOfThisTest(long fromSlotExclusive) {
        List<SolanaEventRow> out = new ArrayList<>();
        store.forEachLiveEvent(fromSlotExclusive, e -> {
            if (e.signature().w0() == label) {
                out.add(e);
            }
        });
        return out;
    }

    private static byte[] storedData(SolanaEventRow e) {
        return store.event(e.signature(), e.eventIndex()).orElseThrow().event().data();
    }

    private static SolanaEventRow withData(SolanaEventRow e, byte[] data) {
        return new SolanaEventRow(e.signature(), e.eventIndex(), e.slot(), e.txIndex(), e.blockTime(), e.program(), e.programName(),
                e.kind(), e.commitment(), e.mint(), e.trade(), data);
    }

    private static SolanaEventRow withUnknownPosition(SolanaEventRow e) {
        return new SolanaEventRow(e.signature(), e.eventIndex(), e.slot(), SolanaEventRow.UNKNOWN_TX_INDEX, null, e.program(),
                e.programName(), e.kind(), e.commitment(), e.mint(), e.trade(), e.data());
    }

    /** Ends the backend that runs a replay's query, and waits until it is gone. */
    private static void terminateReplayBackend() {
        try {
            String pid = sql("SELECT coalesce(max(pid), 0)::text FROM pg_stat_activity WHERE application_name = 'chainwatch' "
                    + "AND query LIKE '%WHERE slot > $1 AND NOT retracted ORDER BY slot%' AND pid <> pg_backend_pid()");
            assertThat(pid).as("the replay's backend").isNotEqualTo("0");
            assertThat(sql("SELECT pg_terminate_backend(?::int, 10000)::text", Long.parseLong(pid))).isEqualTo("true");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void assertNothingOfTheFailedCommit(long checkpoint, CurveRow curveBefore) {
        assertThat(countEvents(true)).isEqualTo(4);
        assertThat(store.checkpoint(feed)).map(SolanaStore.Checkpoint::slot).contains(checkpoint);
        assertThat(store.curve(mints.get(0))).contains(curveBefore);
        assertThat(store.curve(mints.get(1))).isEmpty();
        assertThat(store.lostSlots(1000)).extracting(LostSlot::slot).doesNotContain(base + 4);
    }

    private static Commitment commitmentOf(SolanaEventRow e) {
        return store.event(e.signature(), e.eventIndex()).orElseThrow().event().commitment();
    }

    /** A backend of the store that has written and waits for a lock (the commit held at its checkpoint row), or 0. */
    private static long waitingBackend() throws SQLException {
        String found = sql("SELECT coalesce(max(pid), 0)::text FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                + "AND wait_event_type = 'Lock' AND application_name = 'chainwatch' AND pid <> pg_backend_pid()");
        return Long.parseLong(found);
    }

    private byte[] labelBytes() {
        return java.nio.ByteBuffer.allocate(8).putLong(label).array();
    }

    /** Events of this test's label (the first 8 bytes of its signatures). */
    private long countEvents(boolean includeRetracted) {
        try {
            return Long.parseLong(sql("SELECT count(*)::text FROM solana_events WHERE substring(signature from 1 for 8) = ?"
                    + (includeRetracted ? "" : " AND NOT retracted"), labelBytes()));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The first column of the first row, as text. */
    private static String sql(String query, Object... params) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                switch (p) {
                    case SolanaSignature s -> ps.setBytes(i + 1, s.bytes());
                    case SolanaPubkey k -> ps.setBytes(i + 1, k.bytes());
                    default -> ps.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
