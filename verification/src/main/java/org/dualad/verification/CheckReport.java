package org.dualad.verification;

import java.util.Arrays;
import java.util.List;

/**
 * What a check found: for each (subject, oracle) pair, how close they came, and whether every
 * entry passed. A passing report prints as a small table in a REPL:
 * <pre>
 * GradientCheck at x = [1.0, 2.0]: passed
 *   forward          vs complex step        worst rel 0.0       worst abs 0.0       (2 entries)
 *   forward          vs finite differences  worst rel 3.1e-12   worst abs 6.2e-10   (2 entries)
 * </pre>
 * {@link DerivativeCheck#at} returns only passing reports (it throws the failures as one
 * {@link AssertionError}); {@link DerivativeCheck#report} returns failing ones too.
 */
public final class CheckReport {
    /**
     * One subject against one oracle.
     *
     * @param subject the mode or added derivative checked, e.g. "forward"
     * @param oracle the reference, e.g. "complex step"
     * @param entries the number of entries compared
     * @param worstRelativeError the largest {@link Tolerance#relativeError} over entries
     * @param worstAbsoluteError the largest {@link Tolerance#absoluteError} over entries
     * @param passed whether every entry passed the check's {@link Tolerance}
     * @param unjudged how many entries the oracle could not judge: finite differences whose steps
     *     do not resolve f there (a jump or kink inside the stencil) give no error bound, and such
     *     an entry passes whatever its value
     */
    public record Comparison(String subject, String oracle, int entries, double worstRelativeError,
                             double worstAbsoluteError, boolean passed, int unjudged) {
        /**
         * A comparison whose every entry the oracle could judge.
         *
         * @param subject the mode or added derivative checked
         * @param oracle the reference
         * @param entries the number of entries compared
         * @param worstRelativeError the largest relative error over entries
         * @param worstAbsoluteError the largest absolute error over entries
         * @param passed whether every entry passed
         */
        public Comparison(String subject, String oracle, int entries, double worstRelativeError,
                          double worstAbsoluteError, boolean passed) {
            this(subject, oracle, entries, worstRelativeError, worstAbsoluteError, passed, 0);
        }
    }

    private final String check;
    private final double[] point;
    private final List<Comparison> comparisons;
    private final List<String> failures;
    private final List<Throwable> causes;

    CheckReport(String check, double[] point, List<Comparison> comparisons, List<String> failures,
                List<Throwable> causes) {
        this.check = check;
        this.point = point.clone();
        this.comparisons = List.copyOf(comparisons);
        this.failures = List.copyOf(failures);
        this.causes = List.copyOf(causes);
    }

    /** @return true when every entry of every comparison passed and nothing threw */
    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * @return one message per failing pair (its worst entries first) or per subject or oracle that
     *     threw; empty when the check passed
     */
    public List<String> failures() {
        return failures;
    }

    /** This report if it passed, else the failures as one {@link AssertionError} (first cause attached). */
    CheckReport orThrow() {
        if (passed()) {
            return this;
        }
        StringBuilder m = new StringBuilder();
        m.append(check).append(" failed at x = ").append(Arrays.toString(point)).append(": ")
                .append(failures.size()).append(failures.size() == 1 ? " problem" : " problems");
        for (String f : failures) {
            m.append(System.lineSeparator()).append(f);
        }
        AssertionError error = new AssertionError(m.toString(), causes.isEmpty() ? null : causes.get(0));
        for (int i = 1; i < causes.size(); i++) {
            error.addSuppressed(causes.get(i));
        }
        throw error;
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
        s.append(check).append(" at x = ").append(Arrays.toString(point)).append(passed() ? ": passed" : ": FAILED");
        for (Comparison c : comparisons) {
            s.append(String.format("%n  %-16s vs %-20s worst rel %-9.2g worst abs %-9.2g (%d entries)",
                    c.subject(), c.oracle(), c.worstRelativeError(), c.worstAbsoluteError(), c.entries()));
            if (c.unjudged() > 0) {
                s.append(", ").append(c.unjudged()).append(" not judged (its steps do not resolve f there)");
            }
        }
        return s.toString();
    }
}
