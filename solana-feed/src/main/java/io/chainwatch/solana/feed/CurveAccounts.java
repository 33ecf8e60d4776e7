package io.chainwatch.solana.feed;

import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.CurveStatus;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.PumpEvent;
import io.chainwatch.solana.pump.PumpProgram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which BondingCurve account belongs to which mint, and which curves' accounts are to be read. A
 * curve's account is the program's address for its mint (a CreateEvent names both; otherwise it is
 * derived), so an account update, named by address, finds its curve here. Owned by the feed thread.
 */
final class CurveAccounts {
    /** A BondingCurve's first eight bytes, as filters match them. */
    static final byte[] BONDING_CURVE_PREFIX = littleEndian(BondingCurve.DISCRIMINATOR);

    private final boolean tracking;
    private final Map<PublicKey, PublicKey> curveByMint = new HashMap<>();
    private final Map<PublicKey, PublicKey> mintByCurve = new HashMap<>();
    private final Set<PublicKey> toRead = new LinkedHashSet<>();

    /**
     * @param tracking remember every curve the events name, so that account updates (subscribed or
     *                 listed) can be matched to mints; without it only curves to be read are looked up
     */
    CurveAccounts(boolean tracking) {
        this.tracking = tracking;
    }

    /** Notes the curve of an event's mint; a CreateEvent names the account, so nothing is derived. */
    void learn(PumpEvent event) {
        if (!tracking) {
            return;
        }
        if (event instanceof CreateEvent c) {
            remember(c.mint(), c.bondingCurve());
        } else {
            curveOf(CurveBook.mintOf(event));
        }
    }

    /** The BondingCurve account of {@code mint}. */
    PublicKey curveOf(PublicKey mint) {
        PublicKey known = curveByMint.get(mint);
        if (known != null) {
            return known;
        }
        PublicKey curve = PumpProgram.bondingCurve(mint);
        remember(mint, curve);
        return curve;
    }

    Optional<PublicKey> mintOf(PublicKey curve) {
        return Optional.ofNullable(mintByCurve.get(curve));
    }

    /** Asks for {@code mint}'s account to be read (its events left it without reserves, or it disagrees with the chain). */
    void needs(PublicKey mint) {
        toRead.add(mint);
    }

    /** True when some mint's account is to be read. */
    boolean hasReads() {
        return !toRead.isEmpty();
    }

    /** Up to {@code most} mints whose accounts are to be read, taken off the list. */
    List<PublicKey> takeReads(int most) {
        List<PublicKey> out = new ArrayList<>(Math.min(most, toRead.size()));
        Iterator<PublicKey> it = toRead.iterator();
        while (it.hasNext() && out.size() < most) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /**
     * Compares the book with the curves the chain lists as open (not complete) at {@code slot}: each
     * known curve the book holds open that the chain has closed, or closed that the chain holds open,
     * and that no event of ours touched at or after that slot, is a disagreement, and its account is
     * asked to be read. Returns how many there were.
     */
    int disagreements(Set<PublicKey> openOnChain, long slot, CurveBook book) {
        int found = 0;
        for (Map.Entry<PublicKey, PublicKey> e : mintByCurve.entrySet()) {
            Optional<CurveView> view = book.curve(e.getValue());
            if (view.isEmpty()) {
                continue;
            }
            CurveView v = view.get();
            if (Math.max(v.lastActivitySlot(), v.createdSlot()) >= slot) {
                continue; // our events are newer than the listing: it cannot judge them
            }
            boolean openInBook = v.status() == CurveStatus.CREATED || v.status() == CurveStatus.TRADING;
            if (openInBook != openOnChain.contains(e.getKey())) {
                found++;
                needs(e.getValue());
            }
        }
        return found;
    }

    int tracked() {
        return curveByMint.size();
    }

    private void remember(PublicKey mint, PublicKey curve) {
        curveByMint.put(mint, curve);
        mintByCurve.put(curve, mint);
    }

    private static byte[] littleEndian(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
