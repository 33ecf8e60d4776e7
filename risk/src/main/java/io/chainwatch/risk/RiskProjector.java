package io.chainwatch.risk;

import io.chainwatch.core.config.ProjectionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Projects the risk manager's trade history forward ({@link MonteCarlo}) and sets its live limits
 * from what it finds: the configured limits tightened by {@code tightenFactor} while the chance of
 * reaching a loss limit is above {@code threshold}, the configured limits again once it is not.
 *
 * <p>The projection is always made against the configured limits, never the live ones: measured
 * against limits it had tightened itself, the chance of reaching them would only grow, and the
 * limits would never come back. With fewer than {@code minTrades} trades in the history there is
 * nothing to resample from: it does not project, says so, and leaves the live limits as they are.
 *
 * <p>{@link #runOnce} is for one scheduling thread at a time (it holds the projector's lock);
 * {@link #last} may be read from any thread.
 */
public final class RiskProjector {
    private static final Logger log = LoggerFactory.getLogger(RiskProjector.class);

    /** Below this many trades a bootstrap resamples too few outcomes to say anything. */
    public static final int MIN_TRADES = 30;

    /**
     * @param paths         futures drawn per run
     * @param horizon       trades in each future (a day's trading, as the daily loss limit counts it)
     * @param threshold     the chance of reaching a loss limit (0 to 1) above which the limits are tightened
     * @param tightenFactor what the limits' amounts are multiplied by while tightened (above 0, below 1)
     * @param minTrades     trades the history needs before it is projected
     */
    public record Settings(int paths, int horizon, double threshold, double tightenFactor, int minTrades) {
        public Settings {
            if (paths < 1 || horizon < 1 || minTrades < 1) {
                throw new IllegalArgumentException("paths, horizon and minTrades must be >= 1, got " + paths + ", " + horizon + ", " + minTrades);
            }
            if (!(threshold >= 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold: must be in [0, 1), got " + threshold);
            }
            if (!(tightenFactor > 0 && tightenFactor < 1)) {
                throw new IllegalArgumentException("tightenFactor: must be in (0, 1), got " + tightenFactor);
            }
        }

        /** The settings of a checked {@code risk.projection} section, with {@link #MIN_TRADES}. */
        public static Settings of(ProjectionConfig c) {
            return new Settings(c.paths(), c.horizon(), c.threshold(), c.tightenFactor(), MIN_TRADES);
        }
    }

    /** What one run did. */
    public sealed interface Result {
        Instant at();

        /** Trades in the history the run looked at. */
        int trades();
    }

    /** The history was projected; {@code tightened} says whether the live limits are the tightened ones since. */
    public record Projected(Instant at, int trades, MonteCarlo.Projection projection, double threshold, boolean tightened)
            implements Result {
    }

    /** Nothing was projected, for {@code reason}; the live limits were left as they were. */
    public record NotProjected(Instant at, int trades, String reason) implements Result {
    }

    private final RiskManager risk;
    private final RiskLimits configured;
    private final Settings settings;
    private final RandomGenerator random;
    private final InstantSource clock;
    private volatile Result last;

    /**
     * @param configured the limits as configured: what is tightened, and what is restored
     * @param random     the resampling's source (seeded in tests and backtests)
     */
    public RiskProjector(RiskManager risk, RiskLimits configured, Settings settings, RandomGenerator random, InstantSource clock) {
        this.risk = Objects.requireNonNull(risk, "risk");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Projects the history as it is now and sets the live limits from the projection; the result is {@link #last} too. */
    public synchronized Result runOnce() {
        RiskSnapshot s = risk.snapshot();
        List<BigDecimal> history = s.history();
        Instant now = clock.instant();
        Result r;
        if (history.size() < settings.minTrades()) {
            r = new NotProjected(now, history.size(), history.size() + " trades in the history, a projection needs at least "
                    + settings.minTrades());
        } else if (s.equity().signum() <= 0) {
            r = new NotProjected(now, history.size(), "the equity is " + s.equity().toPlainString() + ": nothing to project from");
        } else {
            MonteCarlo.Projection p = MonteCarlo.project(history, s.equity(), configured, settings.paths(), settings.horizon(), random);
            RiskLimits next = MonteCarlo.tighten(configured, p, settings.threshold(), settings.tightenFactor());
            boolean tightened = p.probLimit() > settings.threshold();
            risk.limits(next, tightened ? "projection: a loss limit is reached with probability " + p.probLimit() + " (threshold "
                    + settings.threshold() + "): tightened by " + settings.tightenFactor()
                    : "projection: a loss limit is reached with probability " + p.probLimit() + ": the configured limits");
            r = new Projected(now, history.size(), p, settings.threshold(), tightened);
            logChange(tightened, p);
        }
        last = r;
        return r;
    }

    private void logChange(boolean tightened, MonteCarlo.Projection p) {
        boolean wasTightened = last instanceof Projected before && before.tightened();
        if (tightened && !wasTightened) {
            log.warn("risk limits tightened by {}: the projection reaches a loss limit with probability {} (threshold {})",
                    settings.tightenFactor(), p.probLimit(), settings.threshold());
        } else if (!tightened && wasTightened) {
            log.info("risk limits back to the configured ones: the projection reaches a loss limit with probability {} (threshold {})",
                    p.probLimit(), settings.threshold());
        }
    }

    /** The last run's result; empty before the first. */
    public Optional<Result> last() {
        return Optional.ofNullable(last);
    }

    public RiskLimits configured() {
        return configured;
    }

    public Settings settings() {
        return settings;
    }
}
