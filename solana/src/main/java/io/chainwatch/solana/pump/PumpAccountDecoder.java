package io.chainwatch.solana.pump;

import io.chainwatch.solana.AccountDecoder;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.Decoding;

/**
 * Decodes pump's BondingCurve and Global accounts from their data (discriminator first). Other data
 * is {@link DecodeResult.Unknown}. Stateless and thread-safe; throws nothing.
 */
public final class PumpAccountDecoder implements AccountDecoder {
    public static final PumpAccountDecoder INSTANCE = new PumpAccountDecoder();

    private PumpAccountDecoder() {
    }

    @Override
    public PublicKey programId() {
        return PumpProgram.ID;
    }

    @Override
    public String programName() {
        return PumpProgram.NAME;
    }

    @Override
    public DecodeResult<ProgramAccount> decode(byte[] data, int offset, int length) {
        if (!Decoding.inside(data, offset, length) || length < 8) {
            return DecodeResult.unknown();
        }
        long discriminator = Discriminators.read(data, offset);
        if (discriminator == BondingCurve.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(BondingCurve.read(r), r, PumpProgram.NAME, "BondingCurve", length);
        } else if (discriminator == Global.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(Global.read(r), r, PumpProgram.NAME, "Global", length);
        }
        return DecodeResult.unknown();
    }
}
