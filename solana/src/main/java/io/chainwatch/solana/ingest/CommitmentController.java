package io.chainwatch.solana.ingest;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.CommitmentStrategy;
import io.chainwatch.core.config.PerformanceProfile;

/**
 * Chooses the commitment level the feeds run at. FIXED keeps the profile's level. ADAPTIVE starts
 * there and, once per evaluation window:
 * <ul>
 *   <li>goes one level safer at once when the network is unstable (forked or retracted slots above
 *       {@link #UNSTABLE_RETRACTIONS_PER_1000}) or the endpoints are unhealthy (under half usable);</li>
 *   <li>goes one level faster, but never faster than one level past the profile's, when the
 *       network has been stable for {@link #STABLE_WINDOWS_TO_SPEED_UP} windows and the time for a
 *       slot to reach the current level is over the latency budget, or delivery falls behind;</li>
 *   <li>otherwise drifts back towards the profile's level after the same stable streak.</li>
 * </ul>
 * Safer at once, faster only slowly: a flapping network keeps it safe.
 *
 * <p>Owned by the ingest thread; not thread-safe.
 */
public final class CommitmentController {
    static final int UNSTABLE_RETRACTIONS_PER_1000 = 5;
    static final int STABLE_WINDOWS_TO_SPEED_UP = 3;

    /**
     * What one evaluation window measured.
     *
     * @param slots              slots that reached our level in the window
     * @param retractedSlots     of those, slots later found skipped or on a dead fork
     * @param levelLatencyMs     median time for a slot to go from processed to our level
     * @param behindSlots        how far delivery trails the network tip at the end of the window
     * @param usableEndpoints    endpoints in service
     * @param endpoints          endpoints configured
     */
    public record Window(long slots, long retractedSlots, double levelLatencyMs, long behindSlots, int usableEndpoints, int endpoints) {
    }

    private final PerformanceProfile profile;
    private final CommitmentStrategy strategy;
    private final double latencyBudgetMs;
    private final long behindBudgetSlots;
    private Commitment level;
    private int stableStreak;

    /**
     * @param latencyBudgetMs   time for a slot to reach the level above which faster is worth it when stable
     * @param behindBudgetSlots delivery trailing the tip by more than this is worth going faster for
     */
    public CommitmentController(PerformanceProfile profile, CommitmentStrategy strategy, double latencyBudgetMs, long behindBudgetSlots) {
        this.profile = profile;
        this.strategy = strategy;
        this.latencyBudgetMs = latencyBudgetMs;
        this.behindBudgetSlots = behindBudgetSlots;
        this.level = profile.commitment();
    }

    public Commitment level() {
        return level;
    }

    /** Takes one window's measurements; returns the level to run at from now on. */
    public Commitment evaluate(Window w) {
        if (strategy == CommitmentStrategy.FIXED) {
            return level;
        }
        boolean unstable = w.slots() > 0 && w.retractedSlots() * 1000 > (long) UNSTABLE_RETRACTIONS_PER_1000 * w.slots();
        boolean unhealthy = w.endpoints() > 0 && w.usableEndpoints() * 2 < w.endpoints();
        if (unstable || unhealthy) {
            stableStreak = 0;
            level = safer(level);
            return level;
        }
        if (++stableStreak < STABLE_WINDOWS_TO_SPEED_UP) {
            return level;
        }
        boolean slow = w.levelLatencyMs() > latencyBudgetMs || w.behindSlots() > behindBudgetSlots;
        Commitment fastest = faster(profile.commitment());
        if (slow && level.compareTo(fastest) > 0) {
            level = faster(level);
            stableStreak = 0;
        } else if (!slow && level != profile.commitment()) {
            level = level.compareTo(profile.commitment()) > 0 ? faster(level) : safer(level);
            stableStreak = 0;
        }
        return level;
    }

    private static Commitment safer(Commitment c) {
        return c == Commitment.FINALIZED ? c : Commitment.values()[c.ordinal() + 1];
    }

    private static Commitment faster(Commitment c) {
        return c == Commitment.PROCESSED ? c : Commitment.values()[c.ordinal() - 1];
    }
}
