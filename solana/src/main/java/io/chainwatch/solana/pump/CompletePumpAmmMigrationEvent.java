package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * pump's {@code CompletePumpAmmMigrationEvent}: a completed curve's liquidity moved to a PumpSwap pool.
 *
 * <p>Payloads: 168 bytes (ends after {@code pool}) and 200 (adds {@code quote_mint}). u64 values are
 * unsigned in a long; {@code sol_amount} is in units of the quote mint.
 *
 * <p>Event discriminator {@code bde95db95c94ea94}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (8 to 9), and {@link #fields()} shows only those.
 */
public record CompletePumpAmmMigrationEvent(
        PublicKey user,
        PublicKey mint,
        long mintAmount,
        long solAmount,
        long poolMigrationFee,
        PublicKey bondingCurve,
        long timestamp,
        PublicKey pool,
        PublicKey quoteMint,
        int fieldsPresent) implements PumpEvent {
    public static final long DISCRIMINATOR = 0x94ea945cb95de9bdL;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("user", "mint", "mint_amount", "sol_amount", "pool_migration_fee", "bonding_curve", "timestamp",
            "pool", "quote_mint");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 8;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static CompletePumpAmmMigrationEvent read(BorshReader r) {
        PublicKey user = r.pubkey();
        PublicKey mint = r.pubkey();
        long mintAmount = r.u64();
        long solAmount = r.u64();
        long poolMigrationFee = r.u64();
        PublicKey bondingCurve = r.pubkey();
        long timestamp = r.i64();
        PublicKey pool = r.pubkey();
        r.tolerateEnd();
        PublicKey quoteMint = r.pubkey();
        return new CompletePumpAmmMigrationEvent(user, mint, mintAmount, solAmount, poolMigrationFee, bondingCurve, timestamp, pool, quoteMint, r.fieldsRead());
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
        return "CompletePumpAmmMigrationEvent";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.pubkey("user", user)
                .pubkey("mint", mint)
                .u64("mint_amount", mintAmount)
                .u64("sol_amount", solAmount)
                .u64("pool_migration_fee", poolMigrationFee)
                .pubkey("bonding_curve", bondingCurve)
                .i64("timestamp", timestamp)
                .pubkey("pool", pool)
                .pubkey("quote_mint", quoteMint);
    }
}
