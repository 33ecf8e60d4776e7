package io.chainwatch.solana.pump;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.Decoding;

/**
 * Decodes pump's CreateEvent, TradeEvent, CompleteEvent and CompletePumpAmmMigrationEvent from their
 * bytes (discriminator first). Other pump events are {@link DecodeResult.Unknown}. Stateless and
 * thread-safe; throws nothing.
 */
public final class PumpEventDecoder implements EventDecoder {
    public static final PumpEventDecoder INSTANCE = new PumpEventDecoder();

    private PumpEventDecoder() {
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
    public DecodeResult<ProgramEvent> decode(byte[] data, int offset, int length) {
        if (!Decoding.inside(data, offset, length)) {
            return DecodeResult.malformed("pump event: range " + offset + "+" + length + " outside the data");
        }
        if (length < 8) {
            return DecodeResult.malformed("pump event: " + length + " bytes, shorter than a discriminator");
        }
        long discriminator = Discriminators.read(data, offset);
        // Trades are nearly all of the traffic: test them first.
        if (discriminator == TradeEvent.DISCRIMINATOR) {
            TradeEvent known = TradeEvent.readKnownLayout(data, offset + 8, length - 8);
            if (known != null) {
                return DecodeResult.decoded(known);
            }
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(TradeEvent.read(r), r, PumpProgram.NAME, "TradeEvent", length);
        } else if (discriminator == CreateEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(CreateEvent.read(r), r, PumpProgram.NAME, "CreateEvent", length);
        } else if (discriminator == CompleteEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(CompleteEvent.read(r), r, PumpProgram.NAME, "CompleteEvent", length);
        } else if (discriminator == CompletePumpAmmMigrationEvent.DISCRIMINATOR) {
            BorshReader r = new BorshReader(data, offset + 8, length - 8);
            return Decoding.finish(CompletePumpAmmMigrationEvent.read(r), r, PumpProgram.NAME, "CompletePumpAmmMigrationEvent", length);
        }
        return DecodeResult.unknown();
    }
}
