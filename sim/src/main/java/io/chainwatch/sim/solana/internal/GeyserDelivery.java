package io.chainwatch.sim.solana.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateAccount;
import io.chainwatch.geyser.proto.SubscribeUpdateAccountInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateBlock;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.internal.GeyserStream.Offer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What Geyser subscriptions learn from a run of {@link GeyserEvent}s: for each event, in order,
 * the updates a subscription's filters select. For a block that reached a level: its slot update
 * (to the slot filters that take that status), then, when the level is the subscription's
 * commitment, its transactions in block order (each followed by its status update), its account
 * writes, its full block and its block meta. For an abandoned block: its dead slot update. Encodes
 * each transaction, account write and block meta once, on first use, and shares the message among
 * subscriptions; only the filter names and the envelope are per subscription.
 *
 * <p>Owned by one thread for one delivery (the simulator thread for live updates, a stream's writer
 * for a replay); not thread-safe.
 */
final class GeyserDelivery {
    /** Takes one update; returns the first outcome other than ACCEPTED to stop the delivery. */
    @FunctionalInterface
    interface Sink {
        Offer accept(SubscribeUpdate update) throws InterruptedException;
    }

    private final List<GeyserEvent> events;
    private final Timestamp createdAt;
    private final Map<SolTx, SubscribeUpdateTransactionInfo> transactions = new IdentityHashMap<>();
    private final Map<SolBlock, Map<Pubkey, ByteString>> writers = new IdentityHashMap<>();
    private final Map<AccountWrite, SubscribeUpdateAccountInfo> accounts = new IdentityHashMap<>();
    private final Map<SolBlock, SubscribeUpdateBlockMeta> metas = new IdentityHashMap<>();

    GeyserDelivery(List<GeyserEvent> events, Timestamp createdAt) {
        this.events = events;
        this.createdAt = createdAt;
    }

    Offer deliverTo(GeyserFilters f, Sink out) throws InterruptedException {
        for (GeyserEvent e : events) {
            Offer o = switch (e) {
                case GeyserEvent.Reached r -> reached(f, r, out);
                case GeyserEvent.Dead d -> send(out, f.deadSlotNames(), u -> u.setSlot(GeyserEncoding.dead(d)));
            };
            if (o != Offer.ACCEPTED) {
                return o;
            }
        }
        return Offer.ACCEPTED;
    }

    private Offer reached(GeyserFilters f, GeyserEvent.Reached r, Sink out) throws InterruptedException {
        SolBlock b = r.block();
        Offer o = send(out, f.slotNames(r.level()), u -> u.setSlot(GeyserEncoding.slot(b, r.level())));
        if (o != Offer.ACCEPTED || r.level() != f.commitment()) {
            return o;
        }
        o = transactions(f, b, out);
        if (o == Offer.ACCEPTED) {
            o = accounts(f, b, out);
        }
        for (int i = 0; i < f.blocks().size() && o == Offer.ACCEPTED; i++) {
            GeyserFilters.Named<GeyserFilters.BlocksFilter> n = f.blocks().get(i);
            o = send(out, List.of(n.name()), u -> u.setBlock(block(b, n.filter(), f.slices())));
        }
        if (o == Offer.ACCEPTED && !f.blocksMeta().isEmpty()) {
            o = send(out, f.blocksMeta(), u -> u.setBlockMeta(metas.computeIfAbsent(b, GeyserEncoding::blockMeta)));
        }
        return o;
    }

    private Offer transactions(GeyserFilters f, SolBlock b, Sink out) throws InterruptedException {
        if (f.transactions().isEmpty() && f.transactionStatus().isEmpty()) {
            return Offer.ACCEPTED;
        }
        List<SolTx> txs = b.transactions();
        for (int i = 0; i < txs.size(); i++) {
            SolTx t = txs.get(i);
            int index = i;
            Offer o = send(out, f.transactionNames(t), u -> u.setTransaction(SubscribeUpdateTransaction.newBuilder()
                    .setTransaction(transaction(t, index)).setSlot(b.slot())));
            if (o == Offer.ACCEPTED) {
                o = send(out, f.transactionStatusNames(t), u -> u.setTransactionStatus(GeyserEncoding.transactionStatus(b.slot(), t, index)));
            }
            if (o != Offer.ACCEPTED) {
                return o;
            }
        }
        return Offer.ACCEPTED;
    }

    private Offer accounts(GeyserFilters f, SolBlock b, Sink out) throws InterruptedException {
        if (f.accounts().isEmpty()) {
            return Offer.ACCEPTED;
        }
        List<AccountWrite> writes = b.writes();
        for (int i = 0; i < writes.size(); i++) {
            AccountWrite w = writes.get(i);
            ByteString writer = writers(b).get(w.key());
            int position = i;
            Offer o = send(out, f.accountNames(w, writer != null), u -> u.setAccount(SubscribeUpdateAccount.newBuilder()
                    .setAccount(account(b, w, position, writer, f.slices())).setSlot(b.slot()).setIsStartup(false)));
            if (o != Offer.ACCEPTED) {
                return o;
            }
        }
        return Offer.ACCEPTED;
    }

    private SubscribeUpdateBlock block(SolBlock b, GeyserFilters.BlocksFilter filter, List<GeyserFilters.Slice> slices) {
        SubscribeUpdateBlock.Builder block = GeyserEncoding.block(b);
        List<SolTx> txs = b.transactions();
        for (int i = 0; filter.transactions() && i < txs.size(); i++) {
            if (filter.includes(txs.get(i))) {
                block.addTransactions(transaction(txs.get(i), i));
            }
        }
        List<AccountWrite> writes = b.writes();
        for (int i = 0; filter.accounts() && i < writes.size(); i++) {
            AccountWrite w = writes.get(i);
            if (filter.includes(w)) {
                block.addAccounts(account(b, w, i, writers(b).get(w.key()), slices));
            }
        }
        return block.build();
    }

    private SubscribeUpdateTransactionInfo transaction(SolTx t, int index) {
        return transactions.computeIfAbsent(t, x -> GeyserEncoding.transaction(x, index));
    }

    private SubscribeUpdateAccountInfo account(SolBlock b, AccountWrite w, int position, ByteString writer, List<GeyserFilters.Slice> slices) {
        if (!slices.isEmpty()) {
            return GeyserEncoding.account(w, b.slot(), position, writer, slices); // slices are per subscription
        }
        return accounts.computeIfAbsent(w, x -> GeyserEncoding.account(x, b.slot(), position, writer, slices));
    }

    private Map<Pubkey, ByteString> writers(SolBlock b) {
        return writers.computeIfAbsent(b, GeyserEncoding::writers);
    }

    /** Sends one update to the filters named (none: nothing is sent). */
    private Offer send(Sink out, List<String> filters, Consumer<SubscribeUpdate.Builder> body)
            throws InterruptedException {
        if (filters.isEmpty()) {
            return Offer.ACCEPTED;
        }
        SubscribeUpdate.Builder u = SubscribeUpdate.newBuilder().addAllFilters(filters).setCreatedAt(createdAt);
        body.accept(u);
        return out.accept(u.build());
    }
}
