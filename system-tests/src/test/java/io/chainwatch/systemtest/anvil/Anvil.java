package io.chainwatch.systemtest.anvil;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real anvil node (from {@code node_modules}, see {@link NodeModules}) on a free port of
 * 127.0.0.1, chain id {@value #CHAIN_ID}, with the default dev accounts. It mines on demand
 * only: with automine on (the start state) every transaction gets its own block at once; with
 * {@link #automine(boolean) automine off} transactions wait in the pool until {@link #mine()}, so
 * several land in one block. Its output goes to {@link #logFile()} under {@code target/anvil}.
 *
 * <p>Owned by the test that started it: the control methods are plain blocking RPC calls and
 * safe from any thread, but a test that switches automine from two threads gets what it asked for.
 */
public final class Anvil implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    /** Dev account 0 of anvil's default mnemonic ("test test ... junk"), funded with 10 000 ETH. */
    public static final String DEV_ACCOUNT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** The well-known private key of {@link #DEV_ACCOUNT_0}; anvil prints it at start. */
    public static final String DEV_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final Process process;
    private final Path logFile;
    private final int port;
    private final HttpService http;
    private final Web3j web3j;
    private final Thread killOnExit;

    private Anvil(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.http = new HttpService(httpUrl(port));
        this.web3j = Web3j.build(http);
        this.killOnExit = new Thread(process::destroyForcibly, "anvil-" + port + "-kill-on-exit");
    }

    /** Starts anvil and returns once it answers {@code eth_chainId}. */
    public static Anvil start() throws IOException {
        Path binary = NodeModules.anvilBinary();
        Path logDir = Path.of(System.getProperty("chainwatch.test.output", "target"), "anvil").toAbsolutePath();
        Files.createDirectories(logDir);
        Path logFile = logDir.resolve("anvil-" + ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet() + ".log");
        // Port 0: anvil binds a free port itself and prints it, so no other process can take it
        // between our choosing it and anvil binding it.
        Process process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(CHAIN_ID))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        try {
            int port = awaitListening(process, logFile);
            Anvil anvil = new Anvil(process, logFile, port);
            Runtime.getRuntime().addShutdownHook(anvil.killOnExit);
            anvil.awaitChainId();
            return anvil;
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public String httpUrl() {
        return httpUrl(port);
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** A web3j client over HTTP, shared by everything that uses this node; closed with it. */
    public Web3j web3j() {
        return web3j;
    }

    /** Raw JSON-RPC call; returns the decoded "result" (String, Map, List, Boolean or null). */
    public Object rpc(String method, Object... params) {
        RawResponse response;
        try {
            response = new Request<>(method, Arrays.asList(params), http, RawResponse.class).send();
        } catch (IOException e) {
            throw new AnvilRpcException(method + " failed on anvil at " + httpUrl() + ": " + e, e);
        }
        if (response.hasError()) {
            throw new AnvilRpcException(method + " returned error " + response.getError().getCode() + ": " + response.getError().getMessage());
        }
        return response.getResult();
    }

    public long blockNumber() {
        return Hex.quantity((String) rpc("eth_blockNumber"));
    }

    public Hash32 blockHash(long number) {
        return block(number).hash();
    }

    /** The canonical block at {@code number} now; fails when there is none. */
    public BlockRef block(long number) {
        Object result = rpc("eth_getBlockByNumber", Hex.quantity(number), false);
        if (!(result instanceof Map<?, ?> block)) {
            throw new AnvilRpcException("no block " + number + " on anvil (head is " + blockNumber() + ")");
        }
        return new BlockRef(number, Hash32.of((String) block.get("hash")), Hash32.of((String) block.get("parentHash")));
    }

    /** Mines one block with whatever the pool holds. */
    public void mine() {
        mine(1);
    }

    public void mine(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
        }
        rpc("anvil_mine", Hex.quantity(blocks));
    }

    /** On: each transaction is mined into its own block at once. Off: they wait for {@link #mine()}. */
    public void automine(boolean on) {
        rpc("evm_setAutomine", on);
    }

    public boolean automine() {
        return Boolean.TRUE.equals(rpc("anvil_getAutomine"));
    }

    /**
     * Replaces the last {@code depth} blocks with {@code depth} new ones that hold exactly
     * {@code txs} (each at its offset from the first new block); the head keeps its number and
     * every replaced block gets a new hash. Sends
     * {@code anvil_reorg(depth, [[tx, blockOffset], ...])}, tx being a signed raw transaction
     * or a request anvil signs for an unlocked dev account.
     *
     * <p>As anvil 1.7.1 does it: the transactions of the replaced blocks are gone (they do not go
     * back to the pool), and a given transaction that is invalid in its new block (a nonce
     * already taken, say) is left out with only a line in anvil's log.
     */
    public void reorg(int depth, List<ReorgTx> txs) {
        if (depth < 1) {
            throw new IllegalArgumentException("reorg depth must be >= 1, got " + depth);
        }
        List<List<Object>> pairs = new ArrayList<>(txs.size());
        for (ReorgTx tx : txs) {
            if (tx.blockOffset() >= depth) {
                throw new IllegalArgumentException("reorg tx blockOffset must be < depth " + depth + ", got " + tx.blockOffset());
            }
            pairs.add(List.of(tx.payload(), tx.blockOffset()));
        }
        rpc("anvil_reorg", depth, pairs);
    }

    /** Saves the whole chain state; {@link #revert(String)} goes back to it. */
    public String snapshot() {
        return (String) rpc("evm_snapshot");
    }

    /** Goes back to a {@link #snapshot()}, dropping every block after it; each id works once. */
    public void revert(String snapshotId) {
        if (!Boolean.TRUE.equals(rpc("evm_revert", snapshotId))) {
            throw new AnvilRpcException("evm_revert(" + snapshotId + ") refused: unknown or already used snapshot");
        }
    }

    /** Kills anvil and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        web3j.shutdown();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook runs anyway and finds the process gone.
        }
    }

    private static String httpUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static int awaitListening(Process process, Path logFile) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(logFile));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with " + process.exitValue() + " before listening; its output:\n" + Files.readString(logFile));
            }
            pause();
        }
        throw new IllegalStateException("anvil did not print 'Listening on' within " + START_TIMEOUT + "; its output:\n" + Files.readString(logFile));
    }

    private void awaitChainId() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        AnvilRpcException last = null;
        while (System.nanoTime() < deadline) {
            try {
                long chainId = Hex.quantity((String) rpc("eth_chainId"));
                if (chainId != CHAIN_ID) {
                    throw new IllegalStateException("anvil at " + httpUrl() + " reports chain id " + chainId + ", expected " + CHAIN_ID);
                }
                return;
            } catch (AnvilRpcException e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException("anvil at " + httpUrl() + " did not answer eth_chainId within " + START_TIMEOUT
                + "; its output:\n" + Files.readString(logFile), last);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for anvil", e);
        }
    }

    /** A JSON-RPC response whose result is left as Jackson's plain tree of maps and lists. */
    public static final class RawResponse extends Response<Object> {}
}
