package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import io.chainwatch.sim.internal.WsConnection;
import io.chainwatch.sim.internal.WsConnection.Offer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One chain change as one endpoint's subscribers see it: blocks that left their view (their logs go
 * out again with {@code "removed":true}) and blocks that entered it, as geth tells them: for each
 * orphaned block its matching logs with {@code removed:true}, then for each new block its head and
 * matching logs. Serialises each log and header at most once, on first use, and shares the text
 * among all subscriptions.
 *
 * <p>Owned by the simulator thread for one delivery; not thread-safe.
 */
final class Delivery implements WsConnection.Delivery<Subscription> {
    private final List<SimBlock> removed;
    private final List<SimBlock> added;
    private final int lieBlocks;
    private final String[][] removedLogs;
    private final String[][] addedLogs;
    private final String[] headers;

    Delivery(List<SimBlock> removed, List<SimBlock> added, int lieBlocks) {
        this.removed = removed;
        this.added = added;
        this.lieBlocks = lieBlocks;
        this.removedLogs = new String[removed.size()][];
        this.addedLogs = new String[added.size()][];
        this.headers = new String[added.size()];
    }

    @Override
    public Offer deliverTo(Collection<Subscription> active, WsConnection.Outbox out) {
        for (int b = 0; b < removed.size(); b++) {
            List<SimLog> logs = removed.get(b).logs();
            for (Subscription s : active) {
                if (s.kind() != Subscription.Kind.LOGS) {
                    continue;
                }
                for (int i = 0; i < logs.size(); i++) {
                    if (s.filter().matches(logs.get(i))) {
                        Offer o = out.notify(s.notification(removedLog(b, i)));
                        if (o != Offer.ACCEPTED) {
                            return o;
                        }
                    }
                }
            }
        }
        for (int b = 0; b < added.size(); b++) {
            List<SimLog> logs = added.get(b).logs();
            for (Subscription s : active) {
                if (s.kind() == Subscription.Kind.NEW_HEADS) {
                    Offer o = out.notify(s.notification(header(b)));
                    if (o != Offer.ACCEPTED) {
                        return o;
                    }
                    continue;
                }
                for (int i = 0; i < logs.size(); i++) {
                    if (s.filter().matches(logs.get(i))) {
                        Offer o = out.notify(s.notification(addedLog(b, i)));
                        if (o != Offer.ACCEPTED) {
                            return o;
                        }
                    }
                }
            }
        }
        return Offer.ACCEPTED;
    }

    String removedLog(int block, int log) {
        return cached(removedLogs, removed, block, log, true);
    }

    String addedLog(int block, int log) {
        return cached(addedLogs, added, block, log, false);
    }

    /** The head to announce for an added block; a made-up one far ahead when the endpoint lies. */
    String header(int block) {
        String h = headers[block];
        if (h == null) {
            SimBlock b = added.get(block);
            SimBlock shown = lieBlocks == 0 ? b : new SimBlock(b.number() + lieBlocks, WireFormat.derived(b.hash(), 99),
                    WireFormat.derived(b.parentHash(), 99), b.timestamp(), List.of(), List.of(), Map.of(), b.logsBloom());
            h = WireFormat.header(new StringBuilder(1200), shown).toString();
            headers[block] = h;
        }
        return h;
    }

    private static String cached(String[][] cache, List<SimBlock> blocks, int block, int log, boolean removed) {
        String[] perBlock = cache[block];
        if (perBlock == null) {
            perBlock = new String[blocks.get(block).logs().size()];
            cache[block] = perBlock;
        }
        String s = perBlock[log];
        if (s == null) {
            SimLog l = blocks.get(block).logs().get(log);
            s = WireFormat.log(l, removed);
            perBlock[log] = s;
        }
        return s;
    }
}
