package io.chainwatch.sim.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The thread that owns a simulated chain, and the hand-over to it: other threads submit commands
 * to a bounded queue and wait for the result; the owner runs {@code step} until closed, and takes
 * the commands in its own time. A failure inside the loop is counted and logged once, with where
 * the chain stood, and never ends the loop. On close, commands still queued fail with "the
 * simulator is closed". Shared by the EVM and the Solana simulators.
 *
 * @param <C> the chain's commands
 */
public final class SimThread<C> {
    /** One turn of the owner's loop. */
    @FunctionalInterface
    public interface Step {
        void run() throws InterruptedException;
    }

    private final ArrayBlockingQueue<C> commands = new ArrayBlockingQueue<>(256);
    private final Thread thread;
    private final Step step;
    private final BiConsumer<C, IllegalStateException> failClosed;
    private final Logger log;
    private final String name;
    private final Supplier<String> where;
    private volatile boolean running = true;
    private long failures; // owner thread only

    /**
     * @param failClosed completes a command that will never run with the given exception
     * @param name       the simulator's name in the failure log line
     * @param where      where the chain stands, for the failure log line ("head 12")
     */
    public SimThread(String threadName, Step step, BiConsumer<C, IllegalStateException> failClosed, Logger log, String name,
                     Supplier<String> where) {
        this.step = step;
        this.failClosed = failClosed;
        this.log = log;
        this.name = name;
        this.where = where;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public boolean running() {
        return running;
    }

    /** Queues a command, waiting for room; throws if the simulator is closed. */
    public void submit(C c) {
        if (!running) {
            throw new IllegalStateException("the simulator is closed");
        }
        try {
            commands.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a command to the simulator", e);
        }
        if (!running) {
            failPending();
        }
    }

    /** Queues a command if there is room and the simulator runs; never blocks. */
    public void offer(C c) {
        if (running) {
            commands.offer(c);
        }
    }

    public C take() throws InterruptedException {
        return commands.take();
    }

    public C poll() {
        return commands.poll();
    }

    public C poll(long timeout, TimeUnit unit) throws InterruptedException {
        return commands.poll(timeout, unit);
    }

    /** Waits for a command's result; a failure comes back as the exception the owner threw. */
    public static <T> T await(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Runs a command's work and completes it; a bad argument is the caller's, anything else is also counted. */
    public <T> void complete(CompletableFuture<T> done, Supplier<T> work) {
        try {
            done.complete(work.get());
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalArgumentException)) {
                countFailure("command", e);
            }
            done.completeExceptionally(e);
        }
    }

    /** Runs loop work that must not end the loop if it fails. */
    public void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            countFailure(what, e);
        }
    }

    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                step.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            failPending();
        }
    }

    private void countFailure(String what, RuntimeException e) {
        if (failures++ == 0) {
            log.error("{} failed during {} at {} (further failures are only counted)", name, what, where.get(), e);
        }
    }

    private void failPending() {
        C c;
        while ((c = commands.poll()) != null) {
            failClosed.accept(c, new IllegalStateException("the simulator is closed"));
        }
    }
}
