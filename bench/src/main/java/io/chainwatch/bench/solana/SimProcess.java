package io.chainwatch.bench.solana;

import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.SlotProduction;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load run's simulator in a process of its own, as a remote provider is: its heap (the slots it
 * made ahead, gigabytes of them) and its garbage collections are not chainwatch's, while its CPU is
 * still taken from the same two cores and counted. The parent reads one line {@code SIM ready HTTP WS}
 * from its standard output, asks {@code ahead} on its standard input for the slots made ahead that are
 * left (answered {@code SIM ahead N}), and ends it by closing its input.
 *
 * <p>Usage (by {@link SolanaIngestLoadRun}): {@code SimProcess aheadSlots slotsPerSecond historySlots warmUpSeconds tradesPerSlot}.
 */
public final class SimProcess implements SolanaIngestLoadRun.Sim {
    private static final String PREFIX = "SIM ";

    private final Process process;
    /** The answers ({@code SIM} lines) the process printed, in order; its other lines are printed here as they come. */
    private final BlockingQueue<String> answers;
    private final String httpUrl;
    private final String wsUrl;

    private SimProcess(Process process, BlockingQueue<String> answers, String httpUrl, String wsUrl) {
        this.process = process;
        this.answers = answers;
        this.httpUrl = httpUrl;
        this.wsUrl = wsUrl;
    }

    public static void main(String[] args) throws IOException {
        int aheadSlots = Integer.parseInt(args[0]);
        int slotsPerSecond = Integer.parseInt(args[1]);
        int historySlots = Integer.parseInt(args[2]);
        int warmUpSeconds = Integer.parseInt(args[3]);
        int tradesPerSlot = Integer.parseInt(args[4]);
        SolanaSimConfig config = config(aheadSlots, slotsPerSecond, historySlots, warmUpSeconds, tradesPerSlot);
        try (SolanaSimulator sim = SolanaSimulator.start(config);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(PREFIX + "ready " + sim.endpoint(0).httpUrl() + " " + sim.endpoint(0).wsUrl());
            System.out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("ahead")) {
                    System.out.println(PREFIX + "ahead " + sim.slotsAhead());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    /**
     * The load run's simulator: {@link SolanaSimConfig#load}, with {@code aheadSlots} made ahead and released as fast as
     * the subscriber reads, or at {@code slotsPerSecond} when above zero. Released at a fixed rate, nothing paces the
     * slots by the subscriber's room, so its queue gets about a second of notifications (the closed loop's eight slots
     * are milliseconds at that rate, and any pause of the reader's would drop it; Agave's own pubsub queue holds up to
     * 10 million items or 256 MB). The fixed rate starts {@code warmUpSeconds} after the subscriber subscribed; until
     * then slots go as fast as it reads, so that the rate meets a reader the JIT has compiled.
     */
    static SolanaSimConfig config(int aheadSlots, int slotsPerSecond, int historySlots, int warmUpSeconds, int tradesPerSlot) {
        SolanaSimConfig load = SolanaSimConfig.load(1).withHistorySlots(historySlots);
        if (tradesPerSlot > 0) {
            PumpActivity busier = load.activity().withTradesPerSlot(tradesPerSlot);
            load = load.withSubscriberQueueMessages(8 * SolanaSimConfig.maxMessagesPerSlot(busier)).withActivity(busier);
        }
        if (slotsPerSecond <= 0) {
            return load.withProduction(SlotProduction.load(aheadSlots));
        }
        int secondOfMessages = (int) Math.min(Integer.MAX_VALUE,
                (long) slotsPerSecond * SolanaSimConfig.maxMessagesPerSlot(load.activity()) / 3);
        return load.withProduction(SlotProduction.prepared(slotsPerSecond, aheadSlots, Duration.ofSeconds(warmUpSeconds)))
                .withSubscriberQueueMessages(Math.max(load.subscriberQueueMessages(), secondOfMessages));
    }

    /** Starts the simulator's process with {@code heap} (e.g. {@code 8g}) and waits until it serves. */
    static SimProcess start(int aheadSlots, int slotsPerSecond, int historySlots, int warmUpSeconds, int tradesPerSlot, String heap)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        // The parallel collector with a fixed young generation: the heap is nearly all slots made ahead (old, never
        // freed before the run ends), which G1 kept marking concurrently (up to 0.18 cores in an open-loop run with
        // 240,000 slots ahead) and refining cards for; G1's own sizing had left the young generation so small that its
        // collections took up to 0.3 cores. The whole heap is committed and touched before the run: on this VM a
        // page's first touch is a fault the host serves (the guest reports free pages to it), and without it the
        // simulator spent half its CPU in the kernel, 16 µs an event against 5.6 with it (BENCHMARKS.md, "Solana
        // ingest, 2026-12-05 (fourth session)"). -Dsim.jvm="..." replaces these flags.
        command.addAll(List.of(System.getProperty("sim.jvm", "-XX:+UseParallelGC -Xmn3g -Xms" + heap + " -XX:+AlwaysPreTouch").trim()
                .split("\\s+")));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp",
                System.getProperty("java.class.path"), SimProcess.class.getName(), Integer.toString(aheadSlots),
                Integer.toString(slotsPerSecond), Integer.toString(historySlots), Integer.toString(warmUpSeconds),
                Integer.toString(tradesPerSlot)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("sim-process-out").start(() -> drain(p, answers));
        String[] ready = answer(p, answers, "ready").split(" ");
        return new SimProcess(p, answers, ready[0], ready[1]);
    }

    /** Reads the process's output to its end, so that its logging never waits on a full pipe. */
    private static void drain(Process p, BlockingQueue<String> answers) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(PREFIX)) {
                    answers.add(line);
                } else {
                    System.out.println("sim | " + line);
                }
            }
        } catch (IOException e) {
            System.out.println("sim | output unreadable: " + e);
        }
        answers.add(PREFIX + "ended");
    }

    @Override
    public String where() {
        return "process " + process.pid();
    }

    @Override
    public String httpUrl() {
        return httpUrl;
    }

    @Override
    public String wsUrl() {
        return wsUrl;
    }

    /** The slots made ahead not handed out yet. */
    @Override
    public int slotsAhead() throws IOException {
        process.getOutputStream().write("ahead\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        return Integer.parseInt(answer(process, answers, "ahead"));
    }

    /** The process's id, whose CPU time and threads the run reads from /proc. */
    @Override
    public long pid() {
        return process.pid();
    }

    /** The text after {@code SIM word }: the next answer, which must be that one. */
    private static String answer(Process p, BlockingQueue<String> answers, String word) throws IOException {
        String want = PREFIX + word + " ";
        String line;
        try {
            line = answers.poll(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the simulator's '" + word + "'", e);
        }
        if (line == null || !line.startsWith(want)) {
            throw new IOException("the simulator's process said " + (line == null ? "nothing in 10 minutes" : "'" + line + "'")
                    + " where '" + word + "' was due" + (p.isAlive() ? "" : " (it ended with exit code " + p.exitValue() + ")"));
        }
        return line.substring(want.length());
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
