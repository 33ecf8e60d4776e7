package io.chainwatch.app.trading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskManager.RiskEvent;
import io.chainwatch.store.RiskStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The risk manager's audit trail and persistence. Every event becomes a row of the append-only
 * {@code risk_audit} table and one JSON line on the {@code chainwatch.audit} logger, with the inputs
 * it was made from. A change of state or a settlement (what moves money or stops trading) is written,
 * with the whole risk state, before the risk manager's call returns, so a crash right after cannot
 * lose it; a decision is queued and written by the trail's own thread, so deciding never waits for
 * the database (the queue is bounded: when it is full, deciding waits).
 */
final class RiskAuditTrail implements Consumer<RiskEvent>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RiskAuditTrail.class);
    private static final Logger audit = LoggerFactory.getLogger("chainwatch.audit");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private record Entry(String kind, Instant at, Object record, boolean saveState) {
    }

    private static final Entry STOP = new Entry("stop", Instant.EPOCH, null, false);

    private final String account;
    private final RiskStateStore store;
    private final InstantSource clock;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread writer;
    private volatile RiskManager manager;

    RiskAuditTrail(String account, RiskStateStore store, InstantSource clock) {
        this.account = account;
        this.store = store;
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("risk-audit-" + account).start(this::run);
    }

    /** The manager whose state is saved with each event; set once, right after it is made. */
    void attach(RiskManager m) {
        this.manager = m;
    }

    @Override
    public void accept(RiskEvent event) {
        switch (event) {
            case RiskEvent.Decided d -> enqueue(new Entry("decision", d.decision().at(), d, d.decision().approved()));
            case RiskEvent.StateChanged s -> writeNow(new Entry("state", s.at(), s, true));
            case RiskEvent.Settled s -> writeNow(new Entry(RiskStateStore.SETTLEMENT, clock.instant(), s, true));
            case RiskEvent.LimitsChanged l -> writeNow(new Entry("limits", l.at(), l, false));
        }
    }

    /** Writes an event the operator asked for (a manual stop or reset through the API) with who and why. */
    void note(String kind, Map<String, Object> record) {
        writeNow(new Entry(kind, clock.instant(), record, true));
    }

    private void enqueue(Entry e) {
        try {
            queue.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            writeNow(e); // not lost: written here instead
        }
    }

    private void writeNow(Entry e) {
        line(e);
        store.audit(account, e.kind(), e.at(), e.record());
        if (e.saveState()) {
            save();
        }
    }

    private void save() {
        RiskManager m = manager;
        if (m != null) {
            store.save(account, m.snapshot(), clock.instant());
        }
    }

    private void line(Entry e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("audit", e.kind());
        line.put("account", account);
        line.put("at", e.at());
        line.put("record", e.record());
        try {
            audit.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException ex) {
            log.error("audit record of kind {} cannot be written as JSON: {}", e.kind(), ex.getOriginalMessage());
        }
    }

    private void run() {
        while (true) {
            Entry e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (e == STOP) {
                return;
            }
            line(e); // first: the log line stands even when the database does not take the row
            try {
                store.audit(account, e.kind(), e.at(), e.record());
                if (e.saveState()) {
                    save();
                }
            } catch (RuntimeException ex) {
                log.error("storing the audit record of a {} failed (its JSON line above holds it): {}", e.kind(), ex.toString());
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        queue.offer(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
