package io.chainwatch.core.config;

import java.util.Locale;

/** How a Solana endpoint is spoken to: JSON-RPC over HTTP, WebSocket subscriptions, or Yellowstone gRPC. */
public enum SolanaEndpointKind {
    RPC, WS, GRPC;

    static SolanaEndpointKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
