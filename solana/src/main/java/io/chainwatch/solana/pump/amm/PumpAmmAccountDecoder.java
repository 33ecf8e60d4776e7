package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.AccountDecoder;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.Decoding;

/**
 * Decodes PumpSwap's Pool and GlobalConfig accounts from their data (discriminator first). Other data
 * is {@link DecodeResult.Unknown}. Stateless and thread-safe; throws nothing.
 */
public final class PumpAmmAccountDecoder implements AccountDecoder {
    public static final PumpAmmAccountDecoder INSTANCE = new PumpAmmAccountDecoder();

    private PumpAmmAccountDecoder() {
    }

    @Override
    public PublicKey programId() {
        return PumpAmmProgram.ID;
    }

    @Override
    public String programName() {
        return PumpAmmProgram.NAME;
    }

    @Override
    public DecodeResult<ProgramAccount> decode(byte[] data, int offset, int length) {
        if (!Decoding.inside(data, offset, length) || length < 8) {
            return DecodeResult.unknown();
        }
        long discriminator = Discriminators.read(data, offset);
        if (discriminator == Pool.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(Pool.read(r), r, PumpAmmProgram.NAME, "Pool", length);
        } else if (discriminator == GlobalConfig.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(GlobalConfig.read(r), r, PumpAmmProgram.NAME, "GlobalConfig", length);
        }
        return DecodeResult.unknown();
    }
}
