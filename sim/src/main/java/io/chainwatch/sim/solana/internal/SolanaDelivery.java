package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.WsConnection;
import io.chainwatch.sim.internal.WsConnection.Offer;
import io.chainwatch.sim.solana.Commitment;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one endpoint's subscribers learn from one ledger change: for each block that reached a
 * commitment level (processed, confirmed, finalized; in slot order within a level), its slot
 * notification (processed only), the logs of its transactions and the accounts it changed, to each
 * subscription at that level whose filter matches. Serialises each account result once, on first
 * use, and shares the text among subscriptions; a logs notification is the bytes its transaction
 * was made with ({@link LogsText}, itself in pieces) between the slot's head and the subscription id,
 * queued as those pieces (the connection's writer joins them, {@link SolanaJson#logsNotification}
 * shows how).
 *
 * <p>Owned by the simulator thread for one delivery; not thread-safe.
 */
final class SolanaDelivery implements WsConnection.Delivery<SolSub> {
    /** A block that reached {@code level}; {@code root} is the finalized slot the endpoint shows. */
    record Item(Commitment level, SolBlock block, long root) {
    }

    private final List<Item> items;
    private final Map<AccountWrite, String[]> accounts = new IdentityHashMap<>();
    private final Map<AccountWrite, String[]> programAccounts = new IdentityHashMap<>();

    SolanaDelivery(List<Item> items) {
        this.items = items;
    }

    @Override
    public Offer deliverTo(Collection<SolSub> active, WsConnection.Outbox out) {
        for (Item item : items) {
            for (SolSub s : active) {
                if (s.level() != item.level()) {
                    continue;
                }
                Offer o = switch (s.kind()) {
                    case SLOT -> out.notify(s.notification(slotResult(item)));
                    case LOGS -> logs(s, item, out);
                    case PROGRAM, ACCOUNT -> accounts(s, item, out);
                };
                if (o != Offer.ACCEPTED) {
                    return o;
                }
            }
        }
        return Offer.ACCEPTED;
    }

    private Offer logs(SolSub s, Item item, WsConnection.Outbox out) {
        SolBlock b = item.block();
        byte[] head = null;
        for (SolTx t : b.transactions()) {
            if (s.key() == null || t.mentions(s.key())) {
                head = head != null ? head : SolanaJson.logsNotificationHead(s.prefixUtf8(), b.slot());
                Offer o = out.notify(head, t.logsValue(), s.suffixUtf8());
                if (o != Offer.ACCEPTED) {
                    return o;
                }
            }
        }
        return Offer.ACCEPTED;
    }

    private Offer accounts(SolSub s, Item item, WsConnection.Outbox out) {
        long slot = item.block().slot();
        for (AccountWrite w : item.block().writes()) {
            boolean program = s.kind() == SolSub.Kind.PROGRAM;
            boolean match = program ? w.account().owner().equals(s.key()) && AccountFilter.all(s.filters(), w.account())
                    : w.key().equals(s.key());
            if (!match) {
                continue;
            }
            String[] cache = (program ? programAccounts : accounts).computeIfAbsent(w, x -> new String[AccountEncoding.values().length]);
            int e = s.encoding().ordinal();
            if (cache[e] == null) {
                cache[e] = program ? programResult(slot, w, s.encoding()) : accountResult(slot, w, s.encoding());
            }
            Offer o = out.notify(s.notification(cache[e]));
            if (o != Offer.ACCEPTED) {
                return o;
            }
        }
        return Offer.ACCEPTED;
    }

    private static String slotResult(Item item) {
        SolBlock b = item.block();
        return "{\"parent\":" + b.parentSlot() + ",\"root\":" + item.root() + ",\"slot\":" + b.slot() + "}";
    }

    private static String accountResult(long slot, AccountWrite w, AccountEncoding encoding) {
        StringBuilder sb = new StringBuilder(512).append("{\"context\":{\"slot\":").append(slot).append("},\"value\":");
        SolanaJson.account(sb, w.account(), encoding, 0, -1);
        return sb.append('}').toString();
    }

    private static String programResult(long slot, AccountWrite w, AccountEncoding encoding) {
        StringBuilder sb = new StringBuilder(512).append("{\"context\":{\"slot\":").append(slot).append("},\"value\":{\"account\":");
        SolanaJson.account(sb, w.account(), encoding, 0, -1);
        return sb.append(",\"pubkey\":\"").append(w.key().base58()).append("\"}}").toString();
    }
}
