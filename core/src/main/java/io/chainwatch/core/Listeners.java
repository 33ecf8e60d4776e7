package io.chainwatch.core;

import org.slf4j.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is told of something, and telling them: each listener in turn, on the caller's thread; one
 * that throws is logged and the others are still told, so a listener's bug never breaks the
 * pipeline that tells it. Listeners are added at start and may be added from any thread.
 */
public final class Listeners<T> {
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    private final Logger log;
    private final String what;

    /** @param what what is told, for the log line when a listener fails ({@code "a curve milestone"}) */
    public Listeners(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    public void add(Consumer<T> listener) {
        listeners.add(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Tells every listener of {@code event}. */
    public void tell(T event) {
        for (Consumer<T> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                String told = String.valueOf(event);
                log.warn("a listener failed on {} ({}): {}", what, told.length() > 200 ? told.substring(0, 200) + "..." : told, e.toString());
            }
        }
    }
}
