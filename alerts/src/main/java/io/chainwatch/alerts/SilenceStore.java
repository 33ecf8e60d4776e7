package io.chainwatch.alerts;

import java.util.List;

/**
 * Where silences outlive a restart: an operator who silences a provider's maintenance window must
 * not be paged again because chainwatch restarted in it. Called on the API's threads; writes are
 * synchronous, so a silence the API confirmed is kept.
 */
public interface SilenceStore {
    /** Keeps nothing: silences end with the process (tests, tools). */
    SilenceStore NONE = new SilenceStore() {
        @Override
        public List<Silence> load() {
            return List.of();
        }

        @Override
        public void save(Silence silence) {
        }

        @Override
        public void delete(String id) {
        }
    };

    /** The silences kept, at start. */
    List<Silence> load();

    /** Keeps a new silence. */
    void save(Silence silence);

    /** Forgets a silence. */
    void delete(String id);
}
