package io.chainwatch.solana.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.IdlFields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One entry of {@link TradeEvent#shareholders()}: who gets a share of the creator fee, in basis points. */
public record Shareholder(PublicKey address, int shareBps) {
    /** Borsh size: a pubkey and a u16. */
    static final int BYTES = 34;

    static Shareholder read(BorshReader r) {
        return new Shareholder(r.pubkey(), r.u16());
    }

    /** The IDL view: {@code address} in base58, {@code share_bps}. */
    public Map<String, Object> fields() {
        return IdlFields.first(2).pubkey("address", address).u16("share_bps", shareBps).build();
    }

    static List<Map<String, Object>> json(List<Shareholder> shareholders) {
        List<Map<String, Object>> out = new ArrayList<>(shareholders.size());
        for (Shareholder s : shareholders) {
            out.add(s.fields());
        }
        return Collections.unmodifiableList(out);
    }
}
