package io.chainwatch.sim.solana.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * getBlock results made once: the JSON of a block in one form (encoding, transaction details,
 * rewards, version) does not change once the block is made, so it is written on the first request
 * and copied on the next. Whether the block is shown at all (its commitment, a fork) is decided per
 * request before asking here. A slot names one block for the life of a ledger (each block takes a
 * slot above every slot before it), and the block is compared by identity as well.
 *
 * <p>Bounded: at most {@code maxTexts} results, the oldest made dropped first, and those of slots
 * below the ledger's lowest dropped as new ones come. Thread-safe: server threads call it
 * concurrently; two that miss at once both write the text and one copy is kept.
 */
final class BlockTexts {
    private record Key(long slot, int form) {
    }

    private record Text(SolBlock block, String json) {
    }

    private final int maxTexts;
    private final ConcurrentHashMap<Key, Text> texts = new ConcurrentHashMap<>();
    /** Keys in the order their texts were made, for dropping the oldest. */
    private final ConcurrentLinkedQueue<Key> made = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    BlockTexts(int maxTexts) {
        if (maxTexts < 1) {
            throw new IllegalArgumentException("maxTexts: need at least 1, got " + maxTexts);
        }
        this.maxTexts = maxTexts;
    }

    /**
     * The result for block {@code b} in form {@code form} (a number for the request's options), made
     * by {@code write} when not kept; {@code lowest} is the view's lowest kept slot.
     */
    String get(SolBlock b, int form, long lowest, Supplier<String> write) {
        Key key = new Key(b.slot(), form);
        Text kept = texts.get(key);
        if (kept != null && kept.block() == b) {
            return kept.json();
        }
        String json = write.get();
        if (texts.put(key, new Text(b, json)) == null) {
            made.add(key);
            count.incrementAndGet();
        }
        drop(lowest);
        return json;
    }

    private void drop(long lowest) {
        while (true) {
            Key oldest = made.peek();
            if (oldest == null || count.get() <= maxTexts && oldest.slot() >= lowest) {
                return;
            }
            if (made.remove(oldest)) { // one thread drops each key
                texts.remove(oldest);
                count.decrementAndGet();
            }
        }
    }
}
