package io.chainwatch.monitor;

import java.time.Instant;
import java.util.List;

/**
 * Told after every sample of every finding that holds now (an empty list when none does), so a
 * finding not repeated has resolved. Called on the monitor's sampler thread: return quickly, and do
 * not throw (a throw is logged and the next listener is still told).
 */
@FunctionalInterface
public interface FindingListener {
    void onFindings(Instant at, List<Finding> findings);
}
