package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Lists, on one endpoint, every transaction that mentions a watched program in the slots from
 * {@code from} to the endpoint's tip: {@code getSlot} first (the tip), then
 * {@code getSignaturesForAddress} for each program, page by page from the newest back to
 * {@code from}. The node answers at or above the tip it gave a moment before, and a block it
 * shows at confirmed or finalized is whole: every slot up to the tip is listed completely, down
 * to where the pages stopped.
 *
 * <p>One call per thousand transactions, where reading blocks takes one per slot: the listing is
 * what lets the feed settle a slot from what the stream brought, and read a block only where the
 * stream missed something.
 */
final class SignatureSweep {
    /**
     * @param top         the tip the endpoint gave; slots above it are left for the next sweep
     * @param coveredFrom the lowest slot listed completely ({@code from} unless the page budget ran
     *                    out first); the slots below it, down to {@code from}, are not listed
     * @param bySlot      the listed transactions of each slot from {@code coveredFrom} to {@code top}, program by
     *                    program in the node's order: a transaction that mentions two watched programs is there twice
     */
    record Result(long top, long coveredFrom, Map<Long, List<SolanaRpc.SignatureInfo>> bySlot) {
    }

    private final SolanaRpc rpc;
    private final Endpoint endpoint;
    private final Commitment level;
    private final long from;
    private long top;
    private long coveredFrom;
    private final Map<Long, List<SolanaRpc.SignatureInfo>> bySlot = new HashMap<>();

    private SignatureSweep(SolanaRpc rpc, Endpoint endpoint, Commitment level, long from) {
        this.rpc = rpc;
        this.endpoint = endpoint;
        this.level = SolanaRpc.blockLevel(level);
        this.from = from;
        this.coveredFrom = from;
    }

    /** Sweeps {@code programs} on {@code endpoint} from {@code from} up to its tip at {@code level} (confirmed at least). */
    static CompletableFuture<Result> run(SolanaRpc rpc, Endpoint endpoint, List<String> programs, long from, Commitment level,
                                         int maxPagesPerProgram) {
        SignatureSweep sweep = new SignatureSweep(rpc, endpoint, level, from);
        return rpc.slot(endpoint, sweep.level).thenCompose(tip -> {
            sweep.top = tip;
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            if (tip >= from) {
                for (String program : programs) {
                    chain = chain.thenCompose(x -> sweep.pages(program, null, maxPagesPerProgram));
                }
            }
            return chain.thenApply(x -> new Result(sweep.top, Math.min(sweep.coveredFrom, sweep.top + 1), sweep.bySlot));
        });
    }

    private CompletableFuture<Void> pages(String program, String before, int left) {
        return rpc.signatures(endpoint, program, before, SolanaRpc.MAX_SIGNATURES, level).thenCompose(page -> {
            // A page holds a slot's signatures one after another: its list is looked up once per slot, not per entry.
            List<SolanaRpc.SignatureInfo> ofSlot = null;
            long slotOfMap = -1;
            for (SolanaRpc.SignatureInfo info : page) {
                if (info.slot() >= from && info.slot() <= top) {
                    if (info.slot() != slotOfMap) {
                        slotOfMap = info.slot();
                        ofSlot = bySlot.computeIfAbsent(slotOfMap, s -> new ArrayList<>());
                    }
                    ofSlot.add(info);
                }
            }
            if (page.size() < SolanaRpc.MAX_SIGNATURES) {
                return CompletableFuture.completedFuture(null); // the node has nothing older
            }
            long oldest = page.getLast().slot();
            if (oldest < from) {
                return CompletableFuture.completedFuture(null);
            }
            if (left <= 1) {
                // Out of pages: the oldest slot of the last page may go on in the next one, so it and
                // everything below it is not listed completely.
                coveredFrom = Math.max(coveredFrom, oldest + 1);
                return CompletableFuture.completedFuture(null);
            }
            return pages(program, page.getLast().signature(), left - 1);
        });
    }
}
