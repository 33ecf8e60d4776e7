package io.chainwatch.bench.endpoints;

import com.sun.net.httpserver.HttpServer;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.HedgedReader;
import io.chainwatch.endpoints.JsonRpcHttp;
import io.chainwatch.endpoints.ScoringPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.HdrHistogram.Histogram;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;

/**
 * Load run: read latency with and without hedging when one of three endpoints delays 5% of its
 * answers by 500 ms. The three JSON-RPC servers are small loopback HTTP servers: a real node cannot
 * be made to stall a chosen share of answers, so these stand in for that fault. The reads go through
 * the production path (JsonRpcHttp over real sockets, EndpointPool scoring, HedgedReader). Both
 * modes run in the same process, alternating rounds, and differ only in the hedge budget (zero
 * means never hedge).
 *
 * <p>The scorer is not run during the measurement: it would move the slow endpoint out of first
 * place within a second or two (which production does, and is a separate mechanism), and then
 * neither mode would meet the slow answers. Frozen, the slow endpoint stays primary in both modes;
 * with no p95 observed yet the hedge fires at its upper bound (50 ms).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.endpoints.HedgingLoadRun [reads per round] [rounds]}
 */
public final class HedgingLoadRun {
    public static void main(String[] args) throws Exception {
        int readsPerRound = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<HttpServer> servers = new ArrayList<>();
        SplittableRandom faults = new SplittableRandom(5);
        for (int i = 0; i < 3; i++) {
            boolean slowOne = i == 0;
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = req.replaceAll(".*\"id\":(\\d+).*", "$1");
                boolean delay;
                synchronized (faults) {
                    delay = slowOne && faults.nextDouble() < 0.05;
                }
                if (delay) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x10\"}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            servers.add(server);
        }
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (JsonRpcHttp http = new JsonRpcHttp(1 << 20)) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                URI url = URI.create("http://127.0.0.1:" + servers.get(i).getAddress().getPort() + "/");
                // The slow endpoint has the best priority, so it is the primary: the case hedging is for.
                endpoints.add(new Endpoint("e" + i, new EndpointConfig(url, "r" + i, i + 1, 1_000_000, 10_000), ScoringPolicy.DEFAULT));
            }
            EndpointPool pool = new EndpointPool("bench", endpoints, ScoringPolicy.DEFAULT, new SplittableRandom(1), metrics);
            HedgedReader hedged = new HedgedReader(pool, 2, 50, 0.1, 20, metrics);
            HedgedReader plain = new HedgedReader(pool, 2, 50, 0.0, 0, metrics);
            Histogram with = new Histogram(60_000_000_000L, 3);
            Histogram without = new Histogram(60_000_000_000L, 3);
            run(plain, http, 300, new Histogram(60_000_000_000L, 3)); // warm-up
            for (int r = 0; r < rounds; r++) {
                run(plain, http, readsPerRound, without);
                run(hedged, http, readsPerRound, with);
            }
            double hedges = metrics.counter("chainwatch_hedged_requests", "chain", "bench").count();
            System.out.printf("reads per mode: %d (%d rounds of %d, alternating)%n", without.getTotalCount(), rounds, readsPerRound);
            print("without hedging", without);
            print("with hedging", with);
            System.out.printf("hedged requests: %.0f (%.1f%% of hedged-mode reads)%n", hedges, 100 * hedges / with.getTotalCount());
            System.out.printf("p99 ratio (with / without): %.3f%n", p(with, 99) / p(without, 99));
        } finally {
            servers.forEach(s -> s.stop(0));
        }
    }

    private static void run(HedgedReader reader, JsonRpcHttp http, int reads, Histogram h) throws Exception {
        for (int i = 0; i < reads; i++) {
            long start = System.nanoTime();
            reader.read(e -> http.call(e, "eth_blockNumber", List.of())).get();
            h.recordValue(System.nanoTime() - start);
        }
    }

    private static double p(Histogram h, double pct) {
        return h.getValueAtPercentile(pct) / 1e6;
    }

    private static void print(String name, Histogram h) {
        System.out.printf("%-16s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", name, p(h, 50), p(h, 95), p(h, 99),
                h.getMaxValue() / 1e6);
    }
}
