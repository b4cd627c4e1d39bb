package org.dualad.verification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dualad.dual.Rule;

/**
 * Checks a custom {@link Rule}'s supplied derivatives against finite differences of its own value
 * (and its supplied Hessian against finite differences of its supplied gradient): Commons Math's
 * {@link org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator}, 5
 * points at steps h and 2h, as {@link Oracles#finiteDifferenceGradientWithError}.
 *
 * <pre>{@code
 * Rule wrong = Rule.unary("logGamma", Gamma::logGamma, Gamma::trigamma);   // digamma was meant
 * RuleCheck.check(wrong, new double[] {2.5});
 * // AssertionError: rule logGamma: 1 of 1 derivative entries disagree with finite differences
 * //   d/dx1 at [2.5]: the rule gives 0.49035..., finite differences 0.70315... (tolerance 7.0e-8)
 * }</pre>
 *
 * <h2>Tolerance</h2>
 * An entry passes when |supplied - estimate| &le; bound + {@link #RELATIVE} max(|supplied|,
 * |estimate|), with the finite differences' own error bound (truncation estimated from three
 * steps, plus rounding): a wrong formula, factor or sign is caught, a last-digits inaccuracy is
 * not (Commons Math's {@code Gamma.digamma} is off by ~3e-9 and passes). The stencils sample
 * x &plusmn; 4h (and x &plusmn; 8h for the error estimate, which falls back to two steps where
 * the rule is not defined there): keep the points away from the edges of the rule's domain.
 *
 * <p>The verification oracles apply the same comparison, at a looser tolerance
 * ({@link #ORACLE_RELATIVE}, 4 bounds), whenever they apply a custom rule: the complex step and the
 * high-precision oracle cannot take a rule's derivative from anywhere but the rule, so without
 * this a wrong rule would agree with itself in every check. A gradient, Hessian or Laplacian check
 * of a function that uses a wrong rule therefore fails, naming the rule.
 */
public final class RuleCheck {
    /** The relative part of {@link #check}'s tolerance. */
    public static final double RELATIVE = 1e-7;
    /** The relative part of the tolerance the oracles apply to every custom rule they evaluate. */
    public static final double ORACLE_RELATIVE = 1e-6;

    private RuleCheck() {
    }

    /**
     * What a passing {@link #check} compared.
     *
     * @param rule the rule's name
     * @param points how many points were checked
     * @param entries how many derivative entries were compared (k per point, plus k^2 with a
     *     Hessian)
     * @param worstRatio the largest |supplied - estimate| / tolerance, at most 1
     */
    public record Report(String rule, int points, int entries, double worstRatio) {
    }

    /**
     * Compares the rule's gradient (and Hessian, when it supplies one) with finite differences at
     * each point.
     *
     * @param rule the rule
     * @param points points of k = rule.arity() coordinates each, inside the rule's domain
     * @return what was compared
     * @throws AssertionError naming the rule and listing every disagreeing entry (argument,
     *     point, supplied value, estimate, tolerance) if any disagrees
     * @throws IllegalArgumentException if there is no point, or a point has the wrong length
     */
    public static Report check(Rule rule, double[]... points) {
        Objects.requireNonNull(rule, "RuleCheck.check: rule must not be null");
        Objects.requireNonNull(points, "RuleCheck.check: points must not be null");
        if (points.length == 0) {
            throw new IllegalArgumentException("RuleCheck.check: pass at least one point of " + rule.arity()
                    + " coordinates");
        }
        List<String> failures = new ArrayList<>();
        int entries = 0;
        double worst = 0;
        for (int q = 0; q < points.length; q++) {
            double[] p = points[q];
            if (p == null || p.length != rule.arity()) {
                throw new IllegalArgumentException("RuleCheck.check: point " + q + " has "
                        + (p == null ? "no coordinates (null)" : p.length + " coordinates") + " but " + rule.name()
                        + " takes " + rule.arity());
            }
            double[] ratio = {0};
            entries += compare(rule, p, RELATIVE, 1, true, failures, ratio);
            worst = Math.max(worst, ratio[0]);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("rule " + rule.name() + ": " + failures.size() + " of " + entries
                    + " derivative entries disagree with finite differences of the rule's "
                    + (rule.order() >= 2 ? "value and gradient" : "value") + "\n  " + String.join("\n  ", failures));
        }
        return new Report(rule.name(), points.length, entries, worst);
    }

    /**
     * The oracles' check of one application: throws if the rule's first derivatives disagree with
     * finite differences at p beyond 4 error bounds plus {@link #ORACLE_RELATIVE}. (An oracle that
     * takes second derivatives applies the rule's {@link Rule#derivative} rules, whose first
     * derivatives are the Hessian: they are checked when those are applied.)
     *
     * @throws IllegalStateException naming the rule and the entry (an oracle's failure: the
     *     checks report what an oracle throws)
     */
    static void verifyAt(Rule rule, double[] p, String oracle) {
        if (rule.order() == 0 || Double.isNaN(rule.value(p))) {
            return; // nothing supplied to check, or outside the domain (NaN derivatives by policy)
        }
        List<String> failures = new ArrayList<>();
        compare(rule, p, ORACLE_RELATIVE, 4, false, failures, new double[1]);
        if (!failures.isEmpty()) {
            throw new IllegalStateException(oracle + ": custom rule " + rule.name()
                    + " supplies a derivative that disagrees with finite differences of its value: " + failures.get(0)
                    + "; the rule's derivative is wrong (check it with RuleCheck.check)");
        }
    }

    /** Appends a line per disagreeing entry; returns the number of entries compared. */
    private static int compare(Rule rule, double[] p, double relative, double bounds, boolean second,
                               List<String> failures, double[] worst) {
        int k = rule.arity();
        FiniteDifferenceEstimate fd = Oracles.columns(p, 1, xs -> new double[] {rule.value(xs)});
        double[] g = rule.gradient(p);
        for (int i = 0; i < k; i++) {
            entry(rule, "d/dx" + (i + 1), p, g[i], fd.estimate().get(0, i), fd.errorBound().get(0, i), relative,
                    bounds, failures, worst);
        }
        if (!second || rule.order() < 2) {
            return k;
        }
        FiniteDifferenceEstimate fh = Oracles.columns(p, k, rule::gradient);
        double[] h = rule.hessian(p);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                entry(rule, "d2/dx" + (i + 1) + "dx" + (j + 1), p, h[i * k + j], fh.estimate().get(i, j),
                        fh.errorBound().get(i, j), relative, bounds, failures, worst);
            }
        }
        return k + k * k;
    }

    private static void entry(Rule rule, String what, double[] p, double supplied, double estimate, double bound,
                              double relative, double bounds, List<String> failures, double[] worst) {
        double tol = bounds * bound + relative * Math.max(Math.abs(supplied), Math.abs(estimate));
        double diff = Math.abs(supplied - estimate);
        boolean bad = !(diff <= tol) && !(Double.isNaN(supplied) && Double.isNaN(estimate));
        if (!bad && tol > 0) {
            worst[0] = Math.max(worst[0], diff / tol);
        }
        if (bad) {
            failures.add(String.format(Locale.ROOT, "%s at %s: the rule gives %s, finite differences %s%s",
                    what, Arrays.toString(p), supplied, estimate,
                    Double.isNaN(estimate) ? " (the stencil left the rule's domain: check a point further inside)"
                            : String.format(Locale.ROOT, " (tolerance %.2g)", tol)));
        }
    }
}
