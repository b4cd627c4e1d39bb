package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.verification.FiniteDifferenceEstimate;
import org.dualad.verification.Oracles;
import org.dualad.verification.Program;
import org.dualad.verification.Programs;
import org.apache.commons.math3.util.Decimal64;
import org.dualad.sparse.SparseHessian;
import org.dualad.sparse.SparsityPattern;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/**
 * The project-wide property: on random differentiable programs (expression DAGs over every analytic
 * elementary function, from the verification module's generators) at random points of their
 * domain, forward = reverse = hybrid = complex step to 1e-12 relative (to the problem's scale,
 * max(|grad f|, |f|, 1), see {@link #close}) for gradients, and forward = hybrid = complex step
 * for Hessians, Laplacians and Hessian-operator products; finite differences stay within their own
 * error bound. 5,000 programs x 20 points = 10^5 (program, point) pairs per run.
 */
class CrossModePropertiesTest {
    static final int POINTS_PER_PROGRAM = 20;
    static final double TOL = 1e-12;
    static final AtomicLong PAIRS = new AtomicLong();

    @Provide
    Arbitrary<Program> programs() {
        return Arbitraries.integers().between(1, 4).flatMap(n -> Programs.programs(n));
    }

    @Property(tries = 5000, seed = "20261123")
    void gradientsAgreeInEveryModeAndWithComplexStep(@ForAll("programs") Program p, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Recording replay = null; // recorded at the first point, replayed at the others (compiled from the third)
        for (int k = 0; k < POINTS_PER_PROGRAM; k++) {
            double[] x = pointIn(p, random);
            if (x == null) {
                continue;
            }
            PAIRS.incrementAndGet();
            double[] cs = Oracles.complexStepGradient(p, x);
            double scale = Math.max(1, Math.max(norm(cs), Math.abs(value(p, x))));
            Referee exact = new Referee(p, x);
            close(p, x, "forward", Forward.gradient(p, x), cs, scale, exact::gradient);
            close(p, x, "reverse", Reverse.gradient(p, x), cs, scale, exact::gradient);
            close(p, x, "hybrid", Hybrid.gradient(p, x), cs, scale, exact::gradient);
            if (replay == null) {
                replay = Reverse.record(p, x);
            }
            close(p, x, "replay", replay.gradient(x), cs, scale, exact::gradient);
            if (k % 5 == 0) {
                DMatrixRMaj hf = Forward.hessian(p, x);
                DMatrixRMaj hh = Hybrid.hessian(p, x);
                DMatrixRMaj hc = Oracles.complexStepHessian(p, x);
                double hscale = Math.max(norm(hc.data), scale);
                close(p, x, "forward Hessian", hf.data, hc.data, hscale, exact::hessian);
                close(p, x, "hybrid Hessian", hh.data, hc.data, hscale, exact::hessian);
                // one direction a batch: the block sweep wherever a batch reaches most nodes
                close(p, x, "hybrid Hessian, K = 1", Hybrid.hessian(p, x, 1).data, hc.data, hscale, exact::hessian);
                // every column's product in one batched sweep (HTape.hvpBatch)
                DMatrixSparseCSC hs = SparseHessian.of(p, SparsityPattern.of(dense(x.length))).at(x);
                close(p, x, "sparse Hessian, dense pattern", toDense(hs).data, hc.data, hscale, exact::hessian);
                double trace = 0;
                for (int i = 0; i < x.length; i++) {
                    trace += hc.get(i, i);
                }
                close(p, x, "laplacian", new double[] {Hybrid.laplacian(p, x)}, new double[] {trace}, hscale,
                        exact::trace);
                double[] v = new double[x.length];
                double[] hv = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    v[i] = random.nextDouble() - 0.5;
                }
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < x.length; j++) {
                        hv[i] += hc.get(i, j) * v[j];
                    }
                }
                close(p, x, "Hessian operator", Hybrid.hessianOperator(p, x).hvp(v), hv, hscale, () -> exact.product(v));
            }
        }
    }

    private static boolean[][] dense(int n) {
        boolean[][] m = new boolean[n][n];
        for (boolean[] row : m) {
            java.util.Arrays.fill(row, true);
        }
        return m;
    }

    private static DMatrixRMaj toDense(DMatrixSparseCSC s) {
        DMatrixRMaj d = new DMatrixRMaj(s.numRows, s.numCols);
        for (int i = 0; i < s.numRows; i++) {
            for (int j = 0; j < s.numCols; j++) {
                d.set(i, j, s.get(i, j));
            }
        }
        return d;
    }

    @Property(tries = 300, seed = "20261124")
    void finiteDifferencesStayWithinTheirOwnErrorBound(@ForAll("programs") Program p, @ForAll long seed) {
        double[] x = pointIn(p, new SplittableRandom(seed));
        if (x == null) {
            return;
        }
        double[] exact = Reverse.gradient(p, x);
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(p, x);
        double[] estimate = fd.gradient();
        double[] bound = fd.gradientErrorBound();
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(estimate[i] - exact[i]);
            assertTrue(err <= bound[i] || !Double.isFinite(bound[i]),
                    () -> p + " at " + java.util.Arrays.toString(x) + ": |fd - exact| = " + err
                            + " exceeds the reported bound " + java.util.Arrays.toString(bound));
        }
    }

    @AfterContainer
    static void atLeastOneHundredThousandPairs() {
        // a filter that rejected most points would make the property vacuous
        assertTrue(PAIRS.get() >= 95_000, "only " + PAIRS.get() + " (program, point) pairs were checked");
    }

    /** A random point of p's box where p is finite, or null after a few misses. */
    static double[] pointIn(Program p, SplittableRandom random) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double[] x = new double[p.inputs()];
            for (int i = 0; i < x.length; i++) {
                x[i] = p.lower() + (p.upper() - p.lower()) * random.nextDouble();
            }
            if (Math.abs(value(p, x)) < 1e100) {
                return x;
            }
        }
        return null;
    }

    static double value(Program p, double[] x) {
        Decimal64[] in = new Decimal64[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = new Decimal64(x[i]);
        }
        return p.value(in).getReal();
    }

    static double norm(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    /**
     * |a - e| &le; TOL (|e| + scale) entry by entry. The scale is the problem's magnitude: the
     * largest derivative entry, |f(x)|, and at least 1, because the generator's inputs and
     * intermediates are of order one and a derivative that is a small difference of such terms
     * (2 - tan'(tanh 2x) tanh'(2x) 2 near 0, say) is only known to their rounding, in every mode and
     * in the oracle alike. So: 1e-12 relative, with a 1e-12 absolute floor. An ill-conditioned
     * program (cos((2.5 hypot(x, 1 + x^2))^3)) can take a mode and the complex step further apart
     * than that at some points, both within their rounding: an entry outside the bound goes to
     * the referee, the 60-digit oracle, and passes within {@link ProgramsAgainstOracleTest#K}
     * times its rounding-noise estimate (and an ulp) of the exact value, as that test asks.
     */
    static void close(Program p, double[] x, String what, double[] actual, double[] expected, double scale,
                      java.util.function.Supplier<double[][]> referee) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = a == e || (Double.isNaN(a) && Double.isNaN(e))
                    || Math.abs(a - e) <= TOL * (Math.abs(e) + scale);
            if (!ok) {
                double[][] r = referee.get();
                double exact = r[0][i];
                ok = Math.abs(a - exact) <= ProgramsAgainstOracleTest.K * r[1][i] * ProgramsAgainstOracleTest.U
                        + Math.ulp(exact);
                if (!ok) {
                    throw new AssertionError(what + " entry " + i + " of " + p + " at " + java.util.Arrays.toString(x)
                            + ": " + a + " vs complex step " + e + " and exact " + exact + " (noise " + r[1][i] + " u)");
                }
            }
        }
    }

    /**
     * The exact derivatives at one point and their rounding-noise estimates (units of u), by the
     * high-precision oracle, evaluated only when an entry needs them (rarely: each costs
     * milliseconds).
     */
    static final class Referee {
        private final Program p;
        private final double[] x;
        private org.dualad.verification.HighPrecision exact;

        Referee(Program p, double[] x) {
            this.p = p;
            this.x = x;
        }

        private org.dualad.verification.HighPrecision exact() {
            if (exact == null) {
                exact = Oracles.highPrecisionEvaluate(p, x);
            }
            return exact;
        }

        double[][] gradient() {
            return new double[][] {exact().gradient(), exact().gradientNoise()};
        }

        double[][] hessian() {
            return new double[][] {exact().hessian().data, exact().hessianNoise().data};
        }

        /** The trace and the sum of its entries' noise, plus a unit for each addition. */
        double[][] trace() {
            double[][] h = hessian();
            int n = x.length;
            double t = 0;
            double noise = 0;
            for (int i = 0; i < n; i++) {
                t += h[0][i * n + i];
                noise += h[1][i * n + i] + Math.abs(t);
            }
            return new double[][] {{t}, {noise}};
        }

        /** H v and, per entry, sum_j noise_ij |v_j| plus a unit for each product and addition. */
        double[][] product(double[] v) {
            double[][] h = hessian();
            int n = x.length;
            double[] hv = new double[n];
            double[] noise = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double term = h[0][i * n + j] * v[j];
                    hv[i] += term;
                    noise[i] += h[1][i * n + j] * Math.abs(v[j]) + Math.abs(term) + Math.abs(hv[i]);
                }
            }
            return new double[][] {hv, noise};
        }
    }
}
