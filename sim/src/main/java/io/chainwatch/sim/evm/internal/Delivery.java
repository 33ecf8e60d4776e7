package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import java.util.List;
import java.util.Map;

/**
 * One chain change as one endpoint's subscribers see it: blocks that left their view (their logs go
 * out again with {@code "removed":true}) and blocks that entered it. Serialises each log and header
 * at most once, on first use, and shares the text among all subscriptions.
 *
 * <p>Owned by the simulator thread for one delivery; not thread-safe.
 */
final class Delivery {
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

    List<SimBlock> removed() {
        return removed;
    }

    List<SimBlock> added() {
        return added;
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
