package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * pump's {@code CompleteEvent}: a bonding curve completed: its real token reserves reached 0; migration to PumpSwap follows.
 *
 * <p>Payloads: 112 bytes (ends after {@code timestamp}) and 144 (adds {@code quote_mint}).
 *
 * <p>Event discriminator {@code 5f72619cd42e9808}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (4 to 5), and {@link #fields()} shows only those.
 */
public record CompleteEvent(
        PublicKey user,
        PublicKey mint,
        PublicKey bondingCurve,
        long timestamp,
        PublicKey quoteMint,
        int fieldsPresent) implements PumpEvent {
    public static final long DISCRIMINATOR = 0x08982ed49c61725fL;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("user", "mint", "bonding_curve", "timestamp", "quote_mint");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 4;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static CompleteEvent read(BorshReader r) {
        PublicKey user = r.pubkey();
        PublicKey mint = r.pubkey();
        PublicKey bondingCurve = r.pubkey();
        long timestamp = r.i64();
        r.tolerateEnd();
        PublicKey quoteMint = r.pubkey();
        return new CompleteEvent(user, mint, bondingCurve, timestamp, quoteMint, r.fieldsRead());
    }

    /** True when the bytes held IDL field {@code idlName}. */
    public boolean has(String idlName) {
        int i = IDL_FIELDS.indexOf(idlName);
        return i >= 0 && i < fieldsPresent;
    }

    @Override
    public String programName() {
        return PumpProgram.NAME;
    }

    @Override
    public String typeName() {
        return "CompleteEvent";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.pubkey("user", user)
                .pubkey("mint", mint)
                .pubkey("bonding_curve", bondingCurve)
                .i64("timestamp", timestamp)
                .pubkey("quote_mint", quoteMint);
    }
}
