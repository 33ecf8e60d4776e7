package io.chainwatch.monitor;

import java.util.Arrays;

/** The arithmetic of trends and anomalies, on plain arrays; no state. */
public final class SeriesStatistics {
    /** Scales the median absolute deviation to the standard deviation of a normal distribution (1 / Φ⁻¹(3/4)). */
    static final double MAD_TO_SIGMA = 1.4826;
    /** Scales the mean absolute deviation to the standard deviation of a normal distribution (√(π/2)). */
    static final double MEAN_AD_TO_SIGMA = 1.2533;

    private SeriesStatistics() {
    }

    /** Exponentially weighted moving average: {@code alpha × value + (1 - alpha) × previous}; the value itself when there is no previous (NaN). */
    public static double ewma(double previous, double value, double alpha) {
        return Double.isNaN(previous) ? value : alpha * value + (1 - alpha) * previous;
    }

    /** The least-squares slope of {@code ys} against {@code xs} (units of y per unit of x); 0 with fewer than two distinct x. */
    public static double slope(double[] xs, double[] ys, int n) {
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    public static double median(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * The spread of the values as a standard deviation, robustly: the median absolute deviation from the
     * median (scaled), or when more than half the values are equal (MAD 0) the mean absolute deviation (scaled).
     */
    public static double robustSigma(double[] values, int n, double median) {
        double[] dev = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            dev[i] = Math.abs(values[i] - median);
            sum += dev[i];
        }
        double mad = median(dev, n);
        return mad > 0 ? mad * MAD_TO_SIGMA : n == 0 ? 0 : sum / n * MEAN_AD_TO_SIGMA;
    }

    /**
     * How many robust standard deviations {@code x} lies from the median of {@code values}. When the
     * values do not vary at all, any other x is infinitely far (signed), the same x is 0.
     */
    public static double robustZ(double[] values, int n, double x) {
        double median = median(values, n);
        double sigma = robustSigma(values, n, median);
        if (sigma == 0) {
            return x == median ? 0 : Math.copySign(Double.POSITIVE_INFINITY, x - median);
        }
        return (x - median) / sigma;
    }
}
