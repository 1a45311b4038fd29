package dev.meshdemo.scenarios.harness;

/**
 * Acceptance bands of the statistical checks. A share k/n of n independent requests is compared with its
 * predicted probability p using the binomial band |k/n - p| <= 4 sqrt(p(1-p)/n) (normal approximation); a correct
 * system then fails such a check with probability ~6.3e-5 (two-sided 4 sigma).
 */
public final class Bands {
    public static final double SIGMAS = 4.0;

    private Bands() {
    }

    /** A share observed: k of n. */
    public record Share(long k, long n) {
        public Share {
            if (n < 0 || k < 0 || k > n) {
                throw new IllegalArgumentException("share " + k + "/" + n);
            }
        }

        public double ratio() {
            return n == 0 ? Double.NaN : (double) k / n;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.4f (%d/%d)", ratio(), k, n);
        }
    }

    /** Half-width of the band around p for n requests. */
    public static double halfWidth(double p, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive");
        }
        return SIGMAS * Math.sqrt(p * (1 - p) / n);
    }

    /** The observed share lies within p +- halfWidth(p, n); an empty sample never does. */
    public static boolean within(Share s, double p) {
        if (s.n() == 0) {
            return false;
        }
        return Math.abs(s.ratio() - p) <= halfWidth(p, s.n()) + 1e-9;
    }

    public static boolean atLeast(Share s, double min) {
        return s.n() > 0 && s.ratio() >= min - 1e-12;
    }

    public static boolean atMost(Share s, double max) {
        return s.n() > 0 && s.ratio() <= max + 1e-12;
    }

    /** The text a verdict line shows for a band: "0.10 +- 0.038 (n=1000, 4 sigma binomial)". */
    public static String describe(double p, long n) {
        return String.format(java.util.Locale.ROOT, "%.2f +- %.3f (n=%d, 4 sigma binomial, false failure ~6e-5)",
                p, halfWidth(p, n), n);
    }
}
