package io.chainwatch.evm.trade;

import io.chainwatch.core.Hash32;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.evm.rpc.EvmRpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a signed transaction to every usable endpoint of the chain at once, and to the private
 * relays when configured, so that no single provider decides whether it reaches a block. Taken
 * as soon as one of them accepts it (an endpoint that already has it, from another, counts as
 * accepting); refused only when every one refused, with each one's reason.
 */
public final class Broadcaster {
    private final EndpointPool pool;
    private final List<Endpoint> relays;
    private final EvmRpc rpc;

    /** @param relays private relays (for example a builder's endpoint) that get every transaction too; may be empty */
    public Broadcaster(EndpointPool pool, List<Endpoint> relays, EvmRpc rpc) {
        this.pool = pool;
        this.relays = List.copyOf(relays);
        this.rpc = rpc;
    }

    /** What a broadcast did: the hash, and which endpoints took it. */
    public record Sent(Hash32 txHash, List<String> acceptedBy, List<String> refusals) {
    }

    /**
     * Sends {@code signedHex}, whose hash is {@code txHash}. Completes with the endpoints that took it
     * once every endpoint has answered (or failed); fails with {@link RefusedException} when none took it.
     */
    public CompletableFuture<Sent> send(String signedHex, Hash32 txHash) {
        List<Endpoint> targets = new ArrayList<>(pool.ranked());
        targets.addAll(relays);
        if (targets.isEmpty()) {
            return CompletableFuture.failedFuture(new RefusedException("no usable endpoint to send " + txHash.hex() + " to", List.of()));
        }
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Sent> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(targets.size());
        for (Endpoint e : targets) {
            rpc.sendRawTransaction(e, signedHex).whenComplete((hash, err) -> {
                if (err == null && hash.equals(txHash)) {
                    accepted.add(e.id());
                } else if (err == null) {
                    refusals.add(e.id() + ": answered the hash " + hash.hex() + ", not " + txHash.hex());
                } else if (alreadyKnown(err)) {
                    accepted.add(e.id());
                } else {
                    refusals.add(e.id() + ": " + message(err));
                }
                if (left.decrementAndGet() == 0) {
                    if (accepted.isEmpty()) {
                        done.completeExceptionally(new RefusedException("every endpoint refused " + txHash.hex() + ": "
                                + String.join("; ", refusals), List.copyOf(refusals)));
                    } else {
                        done.complete(new Sent(txHash, List.copyOf(accepted), List.copyOf(refusals)));
                    }
                }
            });
        }
        return done;
    }

    private static boolean alreadyKnown(Throwable err) {
        String m = message(err).toLowerCase(Locale.ROOT);
        return m.contains("already known") || m.contains("known transaction") || m.contains("alreadyknown")
                || m.contains("already imported");
    }

    static String message(Throwable err) {
        Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** No endpoint took the transaction; {@link #refusals()} has each one's reason. */
    public static final class RefusedException extends RuntimeException {
        private final List<String> refusals;

        RefusedException(String message, List<String> refusals) {
            super(message);
            this.refusals = refusals;
        }

        public List<String> refusals() {
            return refusals;
        }

        /** True when the refusals say the nonce was used already (our count is behind the chain's). */
        public boolean nonceTooLow() {
            return refusals.stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains("nonce too low"));
        }
    }
}
