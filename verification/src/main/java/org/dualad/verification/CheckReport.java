package org.dualad.verification;

import java.util.Arrays;
import java.util.List;

/**
 * What a passing check found: for each (subject, oracle) pair, how close they came. Prints as a
 * small table in a REPL:
 * <pre>
 * GradientCheck at x = [1.0, 2.0]: passed
 *   forward          vs complex step        worst rel 0.0       worst abs 0.0       (2 entries)
 *   forward          vs finite differences  worst rel 3.1e-12   worst abs 6.2e-10   (2 entries)
 * </pre>
 */
public final class CheckReport {
    /**
     * One subject against one oracle.
     *
     * @param subject the mode or hand-written derivative checked, e.g. "forward"
     * @param oracle the reference, e.g. "complex step"
     * @param entries the number of entries compared
     * @param worstRelativeError the largest |a - e| / max(|a|, |e|) over entries (0 where both are 0)
     * @param worstAbsoluteError the largest |a - e| over entries
     */
    public record Comparison(String subject, String oracle, int entries, double worstRelativeError,
                             double worstAbsoluteError) {
    }

    private final String check;
    private final double[] point;
    private final List<Comparison> comparisons;

    CheckReport(String check, double[] point, List<Comparison> comparisons) {
        this.check = check;
        this.point = point.clone();
        this.comparisons = List.copyOf(comparisons);
    }

    /** @return the check's name, e.g. "GradientCheck" */
    public String check() {
        return check;
    }

    /** @return a copy of the point checked */
    public double[] point() {
        return point.clone();
    }

    /** @return every (subject, oracle) comparison made, in order */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /**
     * @param oracle the oracle
     * @return the worst relative error of any subject against that oracle (0 if none compared)
     */
    public double worstRelativeError(Oracle oracle) {
        double w = 0;
        for (Comparison c : comparisons) {
            if (c.oracle().equals(oracle.label())) {
                w = Math.max(w, c.worstRelativeError());
            }
        }
        return w;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(check).append(" at x = ").append(Arrays.toString(point)).append(": passed");
        for (Comparison c : comparisons) {
            s.append(String.format("%n  %-16s vs %-20s worst rel %-9.2g worst abs %-9.2g (%d entries)",
                    c.subject(), c.oracle(), c.worstRelativeError(), c.worstAbsoluteError(), c.entries()));
        }
        return s.toString();
    }
}
