package io.chainwatch.systemtest.evm;

import io.chainwatch.sim.evm.EvmSimulator;

/** Mines a block every 250 ms on its own thread, until paused or closed. */
final class Miner implements AutoCloseable {
    private final Thread thread;
    private volatile boolean paused;
    private volatile boolean running = true;

    Miner(EvmSimulator sim) {
        this.thread = Thread.ofPlatform().daemon().name("sim-miner").start(() -> {
            while (running) {
                if (!paused) {
                    sim.mineBlock();
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Returns once no block is being mined. */
    void pause() {
        paused = true;
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void resume() {
        paused = false;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
