package io.chainwatch.strategy.exec;

import io.chainwatch.core.Address;
import io.chainwatch.risk.Decision;
import io.chainwatch.risk.RiskScore;
import io.chainwatch.risk.TradingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class TradeJournalTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final RouteSummary ROUTE = new RouteSummary(List.of(new Address(1, 0, 1), new Address(1, 0, 2)),
            List.of(new Address(0, 0, 1), new Address(0, 0, 2), new Address(0, 0, 1)), BigInteger.TEN, BigInteger.valueOf(12),
            BigInteger.TWO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, new BigDecimal("0.5"), 7);

    private static Decision approved(String id) {
        return new Decision(id, true, "within every limit", BigDecimal.ONE, BigDecimal.TEN, new RiskScore(0, 0, 0, 0), TradingState.ACTIVE, T0);
    }

    private static Execution filled(String id) {
        return new Execution(id, true, BigInteger.TEN, BigInteger.valueOf(12), BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, null);
    }

    @Test
    void keepsTheNewestUpToItsCapacityNewestFirstAndCountsAll() {
        TradeJournal j = new TradeJournal(3, 2);
        for (int i = 0; i < 5; i++) {
            j.opportunity(new TradeJournal.OpportunityRecord(T0.plusSeconds(i), null, null, "skip " + i));
            j.tradeStarted("t" + i, T0.plusSeconds(i), ROUTE, approved("t" + i));
        }
        assertThat(j.opportunities(10)).extracting(TradeJournal.OpportunityRecord::skipped).containsExactly("skip 4", "skip 3", "skip 2");
        assertThat(j.opportunities(2)).extracting(TradeJournal.OpportunityRecord::skipped).containsExactly("skip 4", "skip 3");
        assertThat(j.trades(10)).extracting(TradeJournal.TradeRecord::requestId).containsExactly("t4", "t3");
        assertThat(j.opportunitiesRecorded()).isEqualTo(5);
        assertThat(j.tradesRecorded()).isEqualTo(5);
    }

    @Test
    void aCompletionKeepsTheTradesPlaceAndOneForATradeLetGoIsCounted() {
        TradeJournal j = new TradeJournal(3, 2);
        j.tradeStarted("a", T0, ROUTE, approved("a"));
        j.tradeStarted("b", T0, ROUTE, approved("b"));
        j.tradeCompleted("a", T0.plusSeconds(1), filled("a"), new BigDecimal("1.5"));
        assertThat(j.trades(10)).extracting(TradeJournal.TradeRecord::requestId).as("still by start, newest first").containsExactly("b", "a");
        assertThat(j.trades(10).get(1).status()).isEqualTo(TradeJournal.TradeStatus.FILLED);
        j.tradeStarted("c", T0, ROUTE, approved("c")); // lets "a" go
        j.tradeNotSent("a", T0, "late");
        assertThat(j.completionsOfEvicted()).isEqualTo(1);
        assertThat(j.trades(10)).extracting(TradeJournal.TradeRecord::requestId).containsExactly("c", "b");
    }

    @Test
    void refusesWhatCannotBeMeant() {
        assertThatThrownBy(() -> new TradeJournal(0, 1)).hasMessageContaining("capacities must be >= 1");
        TradeJournal j = new TradeJournal(1, 1);
        assertThatThrownBy(() -> j.trades(0)).hasMessage("limit: must be >= 1, got 0");
        j.tradeStarted("a", T0, ROUTE, approved("a"));
        assertThatThrownBy(() -> j.tradeStarted("a", T0, ROUTE, approved("a"))).hasMessageContaining("already");
        assertThatThrownBy(() -> new TradeJournal.OpportunityRecord(T0, ROUTE, approved("x"), "and skipped"))
                .hasMessageContaining("either decided or skipped");
    }

    @Test
    void writersAndReadersAtOnceLeaveItBoundedWithEveryKeptTradeCompletedInPlace() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        TradeJournal j = new TradeJournal(1_000, 1_000);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 2)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = thread + "-" + i;
                        j.opportunity(new TradeJournal.OpportunityRecord(T0, ROUTE, approved(id), null));
                        j.tradeStarted(id, T0, ROUTE, approved(id));
                        j.tradeCompleted(id, T0, filled(id), BigDecimal.ONE);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        assertThat(j.trades(1_000).size()).isLessThanOrEqualTo(1_000);
                        assertThat(j.opportunities(1_000).size()).isLessThanOrEqualTo(1_000);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(j.tradesRecorded()).isEqualTo((long) threads * perThread);
        assertThat(j.opportunitiesRecorded()).isEqualTo((long) threads * perThread);
        // Every thread completes each trade before it starts the next, so whatever is still kept was completed.
        assertThat(j.trades(1_000)).hasSize(1_000).allSatisfy(t -> assertThat(t.status()).isEqualTo(TradeJournal.TradeStatus.FILLED));
        assertThat(j.opportunities(1_000)).hasSize(1_000);
    }
}
