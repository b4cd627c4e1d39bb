package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import java.util.SplittableRandom;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.dualad.ValueAndGradient;
import org.dualad.internal.Arguments;
import org.dualad.internal.TapeMemory;
import org.ejml.data.DMatrixRMaj;

/**
 * Second-order derivatives by forward-over-reverse (Pearlmutter's R-operator on an
 * {@link HTape}) and the exact Laplacian by forward sweeps over the same recording.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {      // u^3 + v^2 + 4uv
 *     return x[0].pow(3).add(x[1].multiply(x[1])).add(x[0].multiply(x[1]).multiply(4));
 * }
 * Hybrid.hvp(Fns::f, new double[] {3, 4}, new double[] {1, 0}); // [18.0, 4.0]
 * Hybrid.hessian(Fns::f, 3, 4);                                 // [[18, 4], [4, 2]]
 * Hybrid.laplacian(Fns::f, 3, 4);                               // 20.0
 * }</pre>
 *
 * <p>Every method records f once on its thread's scratch tape, so it is safe to call from many
 * threads at once. Errors name the
 * method and the argument.
 *
 * <h2>Tape memory</h2>
 * Growing and zeroing a fresh tape costs more than recording into a warm one, so each thread
 * keeps one scratch {@link HTape} between calls, whatever its size: it is {@link HTape#reset()
 * reset} before every call (no result depends on an earlier call), owned by that thread alone,
 * held through a soft reference (the collector reclaims it before it would run out of
 * memory), shrunk after {@link TapeMemory#TRIM_AFTER_CALLS} calls in a row that each used at most a
 * quarter of it, and let go at once by {@link #releaseScratch()}; a call nested inside f gets a
 * fresh tape. It is the tape {@code Reverse.gradient} records on too (one per thread, held by
 * {@link HTape#acquireScratch}). It takes 48 bytes per node of capacity plus the sweeps' work arrays (see
 * {@link HTape}); {@link #scratchFootprint()} reads it.
 */
public final class Hybrid {
    private Hybrid() {
    }

    /** This thread's scratch tape (shared with the other facades that record on an HTape), reset. */
    private static HTape acquire() {
        return HTape.acquireScratch(Long.MAX_VALUE, "HTape", null);
    }

    /** Keeps the tape as this thread's scratch, whatever its size (see the class comment). */
    private static void release(HTape t) {
        HTape.releaseScratch(t);
    }

    /**
     * The calling thread's scratch tape as the last call left it: its nodes, capacity and bytes
     * (see {@link HTape#footprint()}), or {@link TapeFootprint#NONE} when the thread keeps none (no
     * call yet, released, or reclaimed by the collector). The tape is the one
     * {@code Reverse.gradient} records on too.
     *
     * @return the footprint of this thread's scratch tape
     */
    public static TapeFootprint scratchFootprint() {
        return HTape.scratchFootprint();
    }

    /**
     * Lets the calling thread's scratch tape go now (the next call records on a new one): for a
     * thread done with a large function. Other threads' tapes are untouched.
     */
    public static void releaseScratch() {
        HTape.dropScratch();
    }

    private record Recording(HTape tape, HVar y) {
    }

    private static Recording record(HTape tape, ScalarFunction f, double[] x, String method) {
        HVar[] in = tape.variables(x);
        HVar y = Arguments.output(f.value(in), method);
        return new Recording(tape, y);
    }

    private static void check(ScalarFunction f, double[] x, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
    }

    /**
     * The gradient of f at x by one recording and one backward sweep.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives
     */
    public static double[] gradient(ScalarFunction f, double... x) {
        check(f, x, "gradient");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "gradient");
            return r.tape.gradient(r.y);
        } finally {
            release(tape);
        }
    }

    /**
     * The value and the gradient of f at x from one recording.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return f(x) and its gradient
     */
    public static ValueAndGradient valueAndGradient(ScalarFunction f, double... x) {
        check(f, x, "valueAndGradient");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "valueAndGradient");
            return new ValueAndGradient(r.y.value(), r.tape.gradient(r.y));
        } finally {
            release(tape);
        }
    }

    /**
     * The Hessian-vector product H v of f at x: one recording, one tangent sweep along v and one
     * backward sweep of dual adjoints. Its cost is a small constant times one gradient, whatever n.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @param v the direction, n entries (not modified)
     * @return H v, n entries
     * @throws IllegalArgumentException if v does not have n entries or x is empty
     * @throws NullPointerException if f, x or v is null
     */
    public static double[] hvp(ScalarFunction f, double[] x, double[] v) {
        Arguments.function(f, "hvp");
        Arguments.point(x, "hvp");
        Arguments.sameLength(v, "v", x.length, "hvp");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "hvp");
            return r.tape.hvp(r.y, v);
        } finally {
            release(tape);
        }
    }

    /**
     * The Hessian of f at x as a linear operator for many products at that one point: f is
     * recorded once (on a tape the operator keeps), and each {@link HessianOperator#hvp} or
     * {@link HessianOperator#operate} is one tangent and one backward sweep, the same two sweeps
     * {@link #hvp} runs after recording f each time. A Commons Math {@code RealLinearOperator}, for
     * {@code ConjugateGradient} in a Newton step.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the operator v -&gt; H v at x, with f(x) and the gradient
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty or f returns null
     */
    public static HessianOperator hessianOperator(ScalarFunction f, double... x) {
        return new HessianOperator(f, x, "hessianOperator");
    }

    /**
     * The dense Hessian of f at x: one recording, then ceil(n / K) sweeps of a chunk of K =
     * {@link HTape#directions(int)} directions each (K = n up to 32 inputs). The result is exactly
     * symmetric: each off-diagonal pair is replaced by its mean.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n x n Hessian H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj hessian(ScalarFunction f, double... x) {
        check(f, x, "hessian");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "hessian");
            return r.tape.hessian(r.y);
        } finally {
            release(tape);
        }
    }

    /**
     * The dense Hessian with a chosen chunk: the number of directions each sweep carries (as
     * {@code Forward.gradient(f, x, chunk)} chooses the tangents per pass).
     *
     * @param f the function
     * @param x the point (not modified)
     * @param chunk directions per sweep, K &ge; 1; larger than n means n
     * @return the n x n Hessian
     * @throws IllegalArgumentException if chunk &lt; 1
     */
    public static DMatrixRMaj hessian(ScalarFunction f, double[] x, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("hessian: chunk must be at least 1, got " + chunk);
        }
        check(f, x, "hessian");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "hessian");
            return r.tape.hessian(r.y, chunk, null);
        } finally {
            release(tape);
        }
    }

    /**
     * Value, gradient and Hessian from one recording (the gradient is the value part of the
     * Hessian sweeps' dual adjoints, so it costs one extra sweep at most).
     *
     * @param f the function
     * @param x the point (not modified)
     * @return f(x), its gradient and its Hessian
     */
    public static ValueGradientHessian valueGradientHessian(ScalarFunction f, double... x) {
        check(f, x, "valueGradientHessian");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "valueGradientHessian");
            double[] g = new double[x.length];
            DMatrixRMaj h = r.tape.hessian(r.y, HTape.directions(x.length), g);
            return new ValueGradientHessian(r.y.value(), g, h);
        } finally {
            release(tape);
        }
    }

    /**
     * The exact Laplacian (trace of the Hessian) of f at x: one recording on the thread's scratch
     * tape, then forward sweeps of tangents that accumulate, per node, only what the trace needs
     * (squared gradient norms and dot products where a second partial reads them) and one scalar
     * pass ({@link HTape#laplacian(HVar)}). No Hessian is formed: a function of local terms costs a
     * small multiple of one sweep, a dense one a fraction of the Hessian's. Equal to the trace of
     * {@link #hessian} to rounding, with the same conventions, NaN and infinities, and exact where
     * the diagonal entries overflow but their sum does not (atan2 at a subnormal radius gives 0).
     * {@link ForwardLaplacian} computes the same number by one pass of its own number type.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return sum_i d2f / dx_i^2
     */
    public static double laplacian(ScalarFunction f, double... x) {
        check(f, x, "laplacian");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "laplacian");
            return r.tape.laplacian(r.y);
        } finally {
            release(tape);
        }
    }

    /**
     * A stochastic (Hutchinson) estimate of the Laplacian: the mean of v^T H v over
     * {@code samples} Rademacher directions v (entries &plusmn;1 with equal probability, so
     * E[v^T H v] = trace H). f is recorded once; the products H v are taken {@link HTape#directions}
     * at a time. Its variance is 2 sum_{i != j} H_ij^2 / samples (zero for a diagonal Hessian).
     * Reproducible: the same seed gives the same directions and the same result.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @param samples the number of directions, &ge; 2 (for a standard error)
     * @param seed the seed of the {@link SplittableRandom} that draws the directions
     * @return the estimate, its standard error and the sample count
     * @throws IllegalArgumentException if samples &lt; 2
     */
    public static LaplacianEstimate laplacianEstimate(ScalarFunction f, double[] x, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("laplacianEstimate: samples must be at least 2 (for a standard"
                    + " error), got " + samples);
        }
        check(f, x, "laplacianEstimate");
        HTape tape = acquire();
        try {
            Recording r = record(tape, f, x, "laplacianEstimate");
            int n = x.length;
            int kk = HTape.directions(samples);
            SplittableRandom random = new SplittableRandom(seed);
            double[] v = new double[n * kk];
            double[] hv = new double[n * kk];
            // Welford's running mean and variance: stable for any sample count
            double mean = 0;
            double m2 = 0;
            int count = 0;
            for (int done = 0; done < samples; done += kk) {
                int width = Math.min(kk, samples - done);
                java.util.Arrays.fill(v, 0);
                for (int k = 0; k < width; k++) {
                    for (int q = 0; q < n; q++) {
                        v[q * kk + k] = random.nextBoolean() ? 1 : -1;
                    }
                }
                r.tape.hvpBatch(r.y, v, kk, hv);
                for (int k = 0; k < width; k++) {
                    double z = 0;
                    for (int q = 0; q < n; q++) {
                        z += v[q * kk + k] * hv[q * kk + k];
                    }
                    count++;
                    double d = z - mean;
                    mean += d / count;
                    m2 += d * (z - mean);
                }
            }
            double variance = m2 / (count - 1);
            return new LaplacianEstimate(mean, Math.sqrt(variance / count), count);
        } finally {
            release(tape);
        }
    }
}
