package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.Decoding;

/**
 * Decodes PumpSwap's BuyEvent, SellEvent and CreatePoolEvent from their bytes (discriminator first).
 * Other PumpSwap events are {@link DecodeResult.Unknown}. Stateless and thread-safe; throws nothing.
 */
public final class PumpAmmEventDecoder implements EventDecoder {
    public static final PumpAmmEventDecoder INSTANCE = new PumpAmmEventDecoder();

    private PumpAmmEventDecoder() {
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
    public DecodeResult<ProgramEvent> decode(byte[] data, int offset, int length) {
        if (!Decoding.inside(data, offset, length)) {
            return DecodeResult.malformed("pump_amm event: range " + offset + "+" + length + " outside the data");
        }
        if (length < 8) {
            return DecodeResult.malformed("pump_amm event: " + length + " bytes, shorter than a discriminator");
        }
        long discriminator = Discriminators.read(data, offset);
        if (discriminator == BuyEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(BuyEvent.read(r), r, PumpAmmProgram.NAME, "BuyEvent", length);
        } else if (discriminator == SellEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(SellEvent.read(r), r, PumpAmmProgram.NAME, "SellEvent", length);
        } else if (discriminator == CreatePoolEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(CreatePoolEvent.read(r), r, PumpAmmProgram.NAME, "CreatePoolEvent", length);
        }
        return DecodeResult.unknown();
    }
}
