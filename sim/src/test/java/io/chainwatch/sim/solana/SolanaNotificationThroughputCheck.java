package io.chainwatch.sim.solana;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * A quick manual check, not a test and not a benchmark: how many logsNotifications per second the
 * Solana load mode pushes to one WebSocket subscriber of pump's logs over loopback, and how many
 * slots a second that is. Run it with the test classpath:
 * {@code java -cp target/classes:target/test-classes:<deps> io.chainwatch.sim.solana.SolanaNotificationThroughputCheck [seconds] [load|prepared [slotsPerSecond]]}:
 * {@code load} makes slots as fast as the subscriber reads; {@code prepared [slotsPerSecond]} makes
 * them before the clock starts and releases them at that rate (2,000 by default).
 * The benchmark proper belongs to the {@code bench} module.
 */
public final class SolanaNotificationThroughputCheck {
    private SolanaNotificationThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        LongAdder received = new LongAdder();
        LongAdder bytes = new LongAdder();
        boolean prepared = args.length > 1 && args[1].equals("prepared");
        SolanaSimConfig config = SolanaSimConfig.load(1);
        if (prepared) {
            int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
            config = config.withProduction(SlotProduction.prepared(rate, rate * (seconds + 4)));
        }
        try (SolanaSimulator sim = SolanaSimulator.start(config)) {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(sim.endpoint(0).wsUrl(), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    bytes.add(data.length());
                    if (last) {
                        received.increment();
                    }
                    w.request(1);
                    return null;
                }
            }).join();
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logsSubscribe\",\"params\":[{\"mentions\":[\""
                    + SolanaPrograms.PUMP.base58() + "\"]},{\"commitment\":\"processed\"}]}", true).join();
            Thread.sleep(3_000); // warm-up
            long n0 = received.sum();
            long b0 = bytes.sum();
            long s0 = sim.slot(Commitment.PROCESSED);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double s = (System.nanoTime() - t0) / 1e9;
            long n = received.sum() - n0;
            System.out.printf("%,d logsNotifications in %.1f s = %,.0f /s (%,.1f MB/s), %,.0f slots/s; %s%n", n, s, n / s,
                    (bytes.sum() - b0) / s / 1e6, (sim.slot(Commitment.PROCESSED) - s0) / s, sim.endpoint(0).stats());
            ws.abort();
        }
    }
}
