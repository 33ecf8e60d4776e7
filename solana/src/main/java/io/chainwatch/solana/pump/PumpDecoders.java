package io.chainwatch.solana.pump;

import io.chainwatch.solana.AccountDecoder;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.LogEventParser;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.amm.PumpAmmAccountDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmEventDecoder;

import java.util.List;

/** The pump.fun family in one place: pump and PumpSwap, their event and account decoders. */
public final class PumpDecoders {
    /** pump first, then PumpSwap. */
    public static final List<EventDecoder> EVENT_DECODERS = List.of(PumpEventDecoder.INSTANCE, PumpAmmEventDecoder.INSTANCE);
    /** pump first: PumpSwap's IDL names pump's BondingCurve among its accounts, with the same discriminator. */
    public static final List<AccountDecoder> ACCOUNT_DECODERS = List.of(PumpAccountDecoder.INSTANCE, PumpAmmAccountDecoder.INSTANCE);

    private static final LogEventParser LOG_EVENT_PARSER = new LogEventParser(EVENT_DECODERS);

    private PumpDecoders() {
    }

    /** The parser for pump and PumpSwap events in transaction logs; thread-safe, so shared. */
    public static LogEventParser logEventParser() {
        return LOG_EVENT_PARSER;
    }

    /** An account of pump or PumpSwap told by its discriminator alone, for data whose owner is not known. */
    public static DecodeResult<ProgramAccount> decodeAccount(byte[] data) {
        for (AccountDecoder decoder : ACCOUNT_DECODERS) {
            DecodeResult<ProgramAccount> result = decoder.decode(data);
            if (!(result instanceof DecodeResult.Unknown)) {
                return result;
            }
        }
        return DecodeResult.unknown();
    }

    /** An account of pump or PumpSwap; data of any other owner is {@link DecodeResult.Unknown}. */
    public static DecodeResult<ProgramAccount> decodeAccount(PublicKey owner, byte[] data) {
        for (AccountDecoder decoder : ACCOUNT_DECODERS) {
            if (decoder.programId().equals(owner)) {
                return decoder.decode(data);
            }
        }
        return DecodeResult.unknown();
    }
}
