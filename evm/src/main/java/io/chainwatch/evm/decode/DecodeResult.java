package io.chainwatch.evm.decode;

import io.chainwatch.market.PoolEvent;

/** What a decoder makes of one log: an event, a log it does not know, or a known log whose bytes are wrong. */
public sealed interface DecodeResult {
    record Decoded(PoolEvent event) implements DecodeResult {
    }

    /** Not one of ours (other topic0, or an emitter we do not track). */
    record Unknown() implements DecodeResult {
    }

    /** The topic says it is ours but the layout is wrong; {@code reason} says how. */
    record Malformed(String reason) implements DecodeResult {
    }

    Unknown UNKNOWN = new Unknown();
}
