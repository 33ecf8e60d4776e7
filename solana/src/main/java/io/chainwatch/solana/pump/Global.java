package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * pump's {@code Global}: pump's one Global account: fee and curve parameters for new tokens.
 *
 * <p>Grew from 113 bytes (to {@code fee_basis_points}) to the IDL's 1087; a 512-byte account on
 * mainnet ends after {@code whitelist_pda}. Fields that do not fit whole read as defaults (fixed
 * arrays as empty lists). u64 values are unsigned in a long.
 *
 * <p>Account discriminator {@code a7e8e8b1c86c727f}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (8 to 29), and {@link #fields()} shows only those.
 */
public record Global(
        boolean initialized,
        PublicKey authority,
        PublicKey feeRecipient,
        long initialVirtualTokenReserves,
        long initialVirtualSolReserves,
        long initialRealTokenReserves,
        long tokenTotalSupply,
        long feeBasisPoints,
        PublicKey withdrawAuthority,
        boolean enableMigrate,
        long poolMigrationFee,
        long creatorFeeBasisPoints,
        List<PublicKey> feeRecipients,
        PublicKey setCreatorAuthority,
        PublicKey adminSetCreatorAuthority,
        boolean createV2Enabled,
        PublicKey whitelistPda,
        PublicKey reservedFeeRecipient,
        boolean mayhemModeEnabled,
        List<PublicKey> reservedFeeRecipients,
        boolean isCashbackEnabled,
        List<PublicKey> buybackFeeRecipients,
        long buybackBasisPoints,
        long initialVirtualQuoteReserves,
        List<PublicKey> whitelistedQuoteMints,
        boolean creatorFeeConfigurable,
        long maxConfigurableCreatorFeeBps,
        PublicKey holderRewardClaimAuthority,
        boolean isHolderRewardEnabled,
        int fieldsPresent) implements PumpAccount {
    public static final long DISCRIMINATOR = 0x7f726cc8b1e8e8a7L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("initialized", "authority", "fee_recipient", "initial_virtual_token_reserves",
            "initial_virtual_sol_reserves", "initial_real_token_reserves", "token_total_supply",
            "fee_basis_points", "withdraw_authority", "enable_migrate", "pool_migration_fee",
            "creator_fee_basis_points", "fee_recipients", "set_creator_authority",
            "admin_set_creator_authority", "create_v2_enabled", "whitelist_pda", "reserved_fee_recipient",
            "mayhem_mode_enabled", "reserved_fee_recipients", "is_cashback_enabled", "buyback_fee_recipients",
            "buyback_basis_points", "initial_virtual_quote_reserves", "whitelisted_quote_mints",
            "creator_fee_configurable", "max_configurable_creator_fee_bps", "holder_reward_claim_authority",
            "is_holder_reward_enabled");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 8;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static Global read(BorshReader r) {
        boolean initialized = r.bool();
        PublicKey authority = r.pubkey();
        PublicKey feeRecipient = r.pubkey();
        long initialVirtualTokenReserves = r.u64();
        long initialVirtualSolReserves = r.u64();
        long initialRealTokenReserves = r.u64();
        long tokenTotalSupply = r.u64();
        long feeBasisPoints = r.u64();
        r.tolerateEnd();
        PublicKey withdrawAuthority = r.pubkey();
        boolean enableMigrate = r.bool();
        long poolMigrationFee = r.u64();
        long creatorFeeBasisPoints = r.u64();
        List<PublicKey> feeRecipients = r.pubkeys(7);
        PublicKey setCreatorAuthority = r.pubkey();
        PublicKey adminSetCreatorAuthority = r.pubkey();
        boolean createV2Enabled = r.bool();
        PublicKey whitelistPda = r.pubkey();
        PublicKey reservedFeeRecipient = r.pubkey();
        boolean mayhemModeEnabled = r.bool();
        List<PublicKey> reservedFeeRecipients = r.pubkeys(7);
        boolean isCashbackEnabled = r.bool();
        List<PublicKey> buybackFeeRecipients = r.pubkeys(8);
        long buybackBasisPoints = r.u64();
        long initialVirtualQuoteReserves = r.u64();
        List<PublicKey> whitelistedQuoteMints = r.pubkeys(1);
        boolean creatorFeeConfigurable = r.bool();
        long maxConfigurableCreatorFeeBps = r.u64();
        PublicKey holderRewardClaimAuthority = r.pubkey();
        boolean isHolderRewardEnabled = r.bool();
        return new Global(initialized, authority, feeRecipient, initialVirtualTokenReserves, initialVirtualSolReserves,
                initialRealTokenReserves, tokenTotalSupply, feeBasisPoints, withdrawAuthority, enableMigrate,
                poolMigrationFee, creatorFeeBasisPoints, feeRecipients, setCreatorAuthority, adminSetCreatorAuthority,
                createV2Enabled, whitelistPda, reservedFeeRecipient, mayhemModeEnabled, reservedFeeRecipients,
                isCashbackEnabled, buybackFeeRecipients, buybackBasisPoints, initialVirtualQuoteReserves,
                whitelistedQuoteMints, creatorFeeConfigurable, maxConfigurableCreatorFeeBps, holderRewardClaimAuthority,
                isHolderRewardEnabled, r.fieldsRead());
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
        return "Global";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.bool("initialized", initialized)
                .pubkey("authority", authority)
                .pubkey("fee_recipient", feeRecipient)
                .u64("initial_virtual_token_reserves", initialVirtualTokenReserves)
                .u64("initial_virtual_sol_reserves", initialVirtualSolReserves)
                .u64("initial_real_token_reserves", initialRealTokenReserves)
                .u64("token_total_supply", tokenTotalSupply)
                .u64("fee_basis_points", feeBasisPoints)
                .pubkey("withdraw_authority", withdrawAuthority)
                .bool("enable_migrate", enableMigrate)
                .u64("pool_migration_fee", poolMigrationFee)
                .u64("creator_fee_basis_points", creatorFeeBasisPoints)
                .pubkeys("fee_recipients", feeRecipients)
                .pubkey("set_creator_authority", setCreatorAuthority)
                .pubkey("admin_set_creator_authority", adminSetCreatorAuthority)
                .bool("create_v2_enabled", createV2Enabled)
                .pubkey("whitelist_pda", whitelistPda)
                .pubkey("reserved_fee_recipient", reservedFeeRecipient)
                .bool("mayhem_mode_enabled", mayhemModeEnabled)
                .pubkeys("reserved_fee_recipients", reservedFeeRecipients)
                .bool("is_cashback_enabled", isCashbackEnabled)
                .pubkeys("buyback_fee_recipients", buybackFeeRecipients)
                .u64("buyback_basis_points", buybackBasisPoints)
                .u64("initial_virtual_quote_reserves", initialVirtualQuoteReserves)
                .pubkeys("whitelisted_quote_mints", whitelistedQuoteMints)
                .bool("creator_fee_configurable", creatorFeeConfigurable)
                .u64("max_configurable_creator_fee_bps", maxConfigurableCreatorFeeBps)
                .pubkey("holder_reward_claim_authority", holderRewardClaimAuthority)
                .bool("is_holder_reward_enabled", isHolderRewardEnabled);
    }
}
