package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * PumpSwap's {@code GlobalConfig}: pumpSwap's global configuration: fees and their recipients.
 *
 * <p>Grew from 313 bytes (to {@code protocol_fee_recipients}) to the IDL's 949; fields that do not fit
 * whole read as defaults (fixed arrays as empty lists). u64 values are unsigned in a long.
 *
 * <p>Account discriminator {@code 95089ccaa0fcb0d9}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (5 to 18), and {@link #fields()} shows only those.
 */
public record GlobalConfig(
        PublicKey admin,
        long lpFeeBasisPoints,
        long protocolFeeBasisPoints,
        int disableFlags,
        List<PublicKey> protocolFeeRecipients,
        long coinCreatorFeeBasisPoints,
        PublicKey adminSetCoinCreatorAuthority,
        PublicKey whitelistPda,
        PublicKey reservedFeeRecipient,
        boolean mayhemModeEnabled,
        List<PublicKey> reservedFeeRecipients,
        boolean isCashbackEnabled,
        List<PublicKey> buybackFeeRecipients,
        long buybackBasisPoints,
        PublicKey boostAuthority,
        boolean boostEnabled,
        boolean creatorFeeConfigurable,
        long maxConfigurableCreatorFeeBps,
        int fieldsPresent) implements PumpAmmAccount {
    public static final long DISCRIMINATOR = 0xd9b0fca0ca9c0895L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("admin", "lp_fee_basis_points", "protocol_fee_basis_points", "disable_flags",
            "protocol_fee_recipients", "coin_creator_fee_basis_points", "admin_set_coin_creator_authority",
            "whitelist_pda", "reserved_fee_recipient", "mayhem_mode_enabled", "reserved_fee_recipients",
            "is_cashback_enabled", "buyback_fee_recipients", "buyback_basis_points", "boost_authority",
            "boost_enabled", "creator_fee_configurable", "max_configurable_creator_fee_bps");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 5;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static GlobalConfig read(BorshReader r) {
        PublicKey admin = r.pubkey();
        long lpFeeBasisPoints = r.u64();
        long protocolFeeBasisPoints = r.u64();
        int disableFlags = r.u8();
        List<PublicKey> protocolFeeRecipients = r.pubkeys(8);
        r.tolerateEnd();
        long coinCreatorFeeBasisPoints = r.u64();
        PublicKey adminSetCoinCreatorAuthority = r.pubkey();
        PublicKey whitelistPda = r.pubkey();
        PublicKey reservedFeeRecipient = r.pubkey();
        boolean mayhemModeEnabled = r.bool();
        List<PublicKey> reservedFeeRecipients = r.pubkeys(7);
        boolean isCashbackEnabled = r.bool();
        List<PublicKey> buybackFeeRecipients = r.pubkeys(8);
        long buybackBasisPoints = r.u64();
        PublicKey boostAuthority = r.pubkey();
        boolean boostEnabled = r.bool();
        boolean creatorFeeConfigurable = r.bool();
        long maxConfigurableCreatorFeeBps = r.u64();
        return new GlobalConfig(admin, lpFeeBasisPoints, protocolFeeBasisPoints, disableFlags, protocolFeeRecipients,
                coinCreatorFeeBasisPoints, adminSetCoinCreatorAuthority, whitelistPda, reservedFeeRecipient,
                mayhemModeEnabled, reservedFeeRecipients, isCashbackEnabled, buybackFeeRecipients, buybackBasisPoints,
                boostAuthority, boostEnabled, creatorFeeConfigurable, maxConfigurableCreatorFeeBps, r.fieldsRead());
    }

    /** True when the bytes held IDL field {@code idlName}. */
    public boolean has(String idlName) {
        int i = IDL_FIELDS.indexOf(idlName);
        return i >= 0 && i < fieldsPresent;
    }

    @Override
    public String programName() {
        return PumpAmmProgram.NAME;
    }

    @Override
    public String typeName() {
        return "GlobalConfig";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.pubkey("admin", admin)
                .u64("lp_fee_basis_points", lpFeeBasisPoints)
                .u64("protocol_fee_basis_points", protocolFeeBasisPoints)
                .u8("disable_flags", disableFlags)
                .pubkeys("protocol_fee_recipients", protocolFeeRecipients)
                .u64("coin_creator_fee_basis_points", coinCreatorFeeBasisPoints)
                .pubkey("admin_set_coin_creator_authority", adminSetCoinCreatorAuthority)
                .pubkey("whitelist_pda", whitelistPda)
                .pubkey("reserved_fee_recipient", reservedFeeRecipient)
                .bool("mayhem_mode_enabled", mayhemModeEnabled)
                .pubkeys("reserved_fee_recipients", reservedFeeRecipients)
                .bool("is_cashback_enabled", isCashbackEnabled)
                .pubkeys("buyback_fee_recipients", buybackFeeRecipients)
                .u64("buyback_basis_points", buybackBasisPoints)
                .pubkey("boost_authority", boostAuthority)
                .bool("boost_enabled", boostEnabled)
                .bool("creator_fee_configurable", creatorFeeConfigurable)
                .u64("max_configurable_creator_fee_bps", maxConfigurableCreatorFeeBps);
    }
}
