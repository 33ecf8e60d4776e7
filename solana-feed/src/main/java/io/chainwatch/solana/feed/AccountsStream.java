package io.chainwatch.solana.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.WebSocketSession;
import io.chainwatch.endpoints.WebSocketConnect;
import io.chainwatch.solana.PublicKey;

import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket connection that follows accounts: {@code programSubscribe} for the accounts of a
 * program whose data starts with given bytes (pump's BondingCurves, by their discriminator), and
 * {@code accountSubscribe} for single accounts (pump's Global). Each update, with the slot it is the
 * state at, goes to the {@link Listener} on the socket's thread. Accounts are a second view of what
 * the events already say, so this stream has no resume: a lost update is superseded by the next.
 * The first failure goes once to {@link Listener#onClosed}.
 */
public final class AccountsStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receives account updates; called on the socket's thread. */
    public interface Listener {
        void onAccount(AccountsStream from, PublicKey address, long slot, byte[] data);

        void onClosed(AccountsStream from, EndpointException cause);
    }

    private final Endpoint endpoint;
    private final Listener listener;
    /** For each accountSubscribe request id, then for its subscription id: the account it follows. */
    private final Map<Long, PublicKey> requested = new ConcurrentHashMap<>();
    private final Map<Long, PublicKey> subscribed = new ConcurrentHashMap<>();
    private final WebSocketSession session;
    private volatile long updates;

    private AccountsStream(Endpoint endpoint, Listener listener) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.session = new WebSocketSession(endpoint, cause -> listener.onClosed(this, cause));
    }

    /**
     * Connects and subscribes to the accounts of {@code program} whose data begins with
     * {@code prefix}, and to each of {@code accounts}, at {@code level}, data in base64.
     */
    public static CompletableFuture<AccountsStream> open(Endpoint endpoint, PublicKey program, byte[] prefix,
                                                         List<PublicKey> accounts, Commitment level, int maxMessageBytes,
                                                         Listener listener) {
        AccountsStream stream = new AccountsStream(endpoint, listener);
        return WebSocketConnect.open(endpoint, new TextMessageListener(maxMessageBytes, stream::handle, stream::fail))
                .thenApply(ws -> {
                    stream.session.attach(ws);
                    stream.subscribe(ws, program, prefix, accounts, level);
                    return stream;
                });
    }

    private void subscribe(WebSocket ws, PublicKey program, byte[] prefix, List<PublicKey> accounts, Commitment level) {
        String config = "{\"encoding\":\"base64\",\"commitment\":\"" + level.rpcName() + "\"";
        List<String> requests = new ArrayList<>();
        requests.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"programSubscribe\",\"params\":[\"" + program + "\"," + config
                + ",\"filters\":[{\"memcmp\":{\"offset\":0,\"bytes\":\"" + Base64.getEncoder().encodeToString(prefix)
                + "\",\"encoding\":\"base64\"}}]}]}");
        for (PublicKey account : accounts) {
            long id = requests.size() + 1;
            requested.put(id, account);
            requests.add("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"accountSubscribe\",\"params\":[\"" + account + "\","
                    + config + "}]}");
        }
        session.sendInOrder(ws, requests);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Account updates read so far. */
    public long updates() {
        return updates;
    }

    // ---- socket thread ---------------------------------------------------------------------

    private void handle(String text) {
        if (!session.isOpen()) {
            return;
        }
        try {
            dispatch(JSON.readTree(text));
        } catch (java.io.IOException | RuntimeException e) {
            fail(FailureKind.MALFORMED, "unreadable account notification: " + e.getMessage());
        }
    }

    private void dispatch(JsonNode m) {
        if (m.has("error")) {
            fail(FailureKind.RPC_ERROR, "subscribe refused: " + m.get("error"));
            return;
        }
        String method = m.path("method").asText("");
        if (method.isEmpty()) {
            PublicKey account = requested.remove(m.path("id").asLong(-1));
            if (account != null && m.path("result").canConvertToExactIntegral()) {
                subscribed.put(m.path("result").asLong(), account);
            }
            return;
        }
        JsonNode params = m.path("params");
        JsonNode result = params.path("result");
        long slot = result.path("context").path("slot").asLong(-1);
        if (slot < 0) {
            throw new IllegalArgumentException(method + " without context.slot");
        }
        switch (method) {
            case "programNotification" -> {
                JsonNode value = result.path("value");
                deliver(PublicKey.fromBase58(value.path("pubkey").asText()), slot, value.path("account"));
            }
            case "accountNotification" -> {
                PublicKey account = subscribed.get(params.path("subscription").asLong(-1));
                if (account == null) {
                    throw new IllegalArgumentException("accountNotification for subscription " + params.path("subscription")
                            + ", which is none of ours");
                }
                deliver(account, slot, result.path("value"));
            }
            default -> {
                // Other methods carry nothing the feed needs.
            }
        }
    }

    private void deliver(PublicKey address, long slot, JsonNode account) {
        updates++;
        if (account.isNull()) {
            return; // the account does not exist (any more): nothing to compare
        }
        listener.onAccount(this, address, slot, SolanaRpc.account(account).data());
    }

    private void fail(FailureKind kind, String message) {
        session.fail(kind, message);
    }

    @Override
    public void close() {
        session.close();
    }
}
