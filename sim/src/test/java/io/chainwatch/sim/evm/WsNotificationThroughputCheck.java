package io.chainwatch.sim.evm;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * A quick manual check, not a test and not a benchmark: how many log notifications per second the
 * load mode pushes to one WebSocket subscriber over loopback. Run it with the test classpath:
 * {@code java -cp target/classes:target/test-classes:<deps> io.chainwatch.sim.evm.WsNotificationThroughputCheck [seconds] [jdk|raw]}.
 * {@code jdk} reads with java.net.http.WebSocket; {@code raw} reads frames off a plain socket
 * without decoding them, which shows what the server side alone can push. The benchmark proper
 * belongs to the {@code bench} module.
 */
public final class WsNotificationThroughputCheck {
    private static final String SUBSCRIBE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{}]}";

    private WsNotificationThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean raw = args.length > 1 && args[1].equals("raw");
        LongAdder received = new LongAdder();
        LongAdder bytes = new LongAdder();
        try (EvmSimulator sim = EvmSimulator.start(SimConfig.load(1))) {
            AutoCloseable client = raw ? rawReader(sim.endpoint(0).wsUrl(), received, bytes) : jdkReader(sim.endpoint(0).wsUrl(), received, bytes);
            Thread.sleep(3_000); // warm-up
            long n0 = received.sum();
            long b0 = bytes.sum();
            long h0 = sim.head().number();
            java.util.Map<String, Long> threads0 = threadCpuNanos();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            long n = received.sum() - n0;
            System.out.printf("%s reader: %,d log notifications in %.1f s = %,.0f /s (%,.1f MB/s, %,d blocks); "
                            + "process CPU %.1f s = %,.0f notifications per CPU-second; %s%n",
                    raw ? "raw socket" : "java.net.http", n, s, n / s, (bytes.sum() - b0) / s / 1e6, sim.head().number() - h0,
                    cpu, n / cpu, sim.endpoint(0).stats());
            java.util.Map<String, Long> threads1 = threadCpuNanos();
            threads1.forEach((name, nanos) -> {
                double used = (nanos - threads0.getOrDefault(name, 0L)) / 1e9;
                if (used > 0.05) {
                    System.out.printf("  %-28s %.2f CPU-s%n", name, used);
                }
            });
            client.close();
        }
    }

    /** CPU time per platform thread name (virtual threads show up as their carriers). */
    private static java.util.Map<String, Long> threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                out.merge(info.getThreadName().replaceAll("\\d+", "N"), Math.max(0, mx.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return out;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static AutoCloseable jdkReader(URI url, LongAdder received, LongAdder bytes) {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket w) {
                w.request(Long.MAX_VALUE);
            }

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                bytes.add(data.length());
                if (last) {
                    received.increment();
                }
                return null;
            }
        }).join();
        ws.sendText(SUBSCRIBE, true).join();
        return ws::abort;
    }

    /** RFC 6455 by hand: upgrade, one masked text frame out, then count unmasked frames in. */
    private static AutoCloseable rawReader(URI url, LongAdder received, LongAdder bytes) throws IOException {
        Socket socket = new Socket(url.getHost(), url.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        int matched = 0;
        while (matched < 4) { // skip the 101 response up to the blank line
            int c = in.read();
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        byte[] payload = SUBSCRIBE.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length); // short frame, masked with a zero key
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
        out.flush();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                byte[] skip = new byte[1 << 16];
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte() & 0x7F;
                    long length = b1 == 126 ? in.readUnsignedShort() : b1 == 127 ? in.readLong() : b1;
                    for (long left = length; left > 0; ) {
                        left -= in.read(skip, 0, (int) Math.min(skip.length, left));
                    }
                    bytes.add(length);
                    if ((b0 & 0x80) != 0) {
                        received.increment();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        return () -> {
            socket.close();
            reader.join(1_000);
        };
    }
}
