package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.IdlStruct;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.IdlFields;

import java.util.Map;

/** One entry of {@link TradeEvent#shareholders()}: who gets a share of the creator fee, in basis points. */
public record Shareholder(PublicKey address, int shareBps) implements IdlStruct {
    /** Borsh size: a pubkey and a u16. */
    static final int BYTES = 34;

    static Shareholder read(BorshReader r) {
        return new Shareholder(r.pubkey(), r.u16());
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.pubkey("address", address).u16("share_bps", shareBps);
    }

    /** The IDL view: {@code address} in base58, {@code share_bps}. */
    public Map<String, Object> fields() {
        return IdlFields.of(Integer.MAX_VALUE, this::putFields);
    }
}
