package org.dualad.sparse;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Objects;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.internal.Arguments;
import org.dualad.internal.TapeMemory;
import org.ejml.data.DMatrixSparseCSC;

/**
 * A sparse Hessian evaluator: the pattern and its star coloring are computed once (by
 * {@link #of(ScalarFunction, double...)} from one recording, or taken from the user), then every
 * {@link #at} records f once on a forward-over-reverse {@link HTape} and takes one Hessian-vector
 * product per color, with v = the sum of the unit vectors e_j of that color. The products of up to
 * 32 colors share one tangent sweep and one backward sweep ({@link HTape#hvpBatch(HVar, double[],
 * int, double[], double[])}), so a Hessian costs a few gradients whatever n (3 colors for a
 * tridiagonal or arrowhead Hessian, 7 or so for 2-D stencils), and a dense pattern (one color per
 * input) costs what the dense {@code Hybrid.hessian} does.
 *
 * <p>Recovery is direct: H(i, j) is read from product color(j) at row i when j is the only
 * neighbor of i with that color, else from product color(i) at row j (see {@link Coloring#star}),
 * and the same value is written to (i, j) and (j, i), so the result is exactly symmetric. It
 * agrees with the dense {@code Hybrid.hessian} to rounding (the dense one averages two computed
 * entries of each pair; this one reads one of them).
 *
 * <p>The pattern is that of the path f took at the point it was detected at: where f branches
 * differently at another x, give a pattern covering every branch (an entry outside the pattern
 * corrupts the entries recovered from the same product). Immutable and thread-safe: each thread
 * records on its own tape, kept per thread and evaluator for the next call (growing a fresh tape
 * costs more than recording into a warm one) under the scratch-tape policy of every DualAD tape
 * ({@link TapeMemory}): kept whatever its size, held softly, and shrunk in place after
 * {@link TapeMemory#TRIM_AFTER_CALLS} calls in a row that used at most a quarter of it.
 *
 * <pre>{@code
 * SparseHessian h = SparseHessian.of(MyFns::f, x0);   // pattern + coloring, once
 * DMatrixSparseCSC hx = h.at(x);                      // per Newton step: a recording and batched sweeps
 * }</pre>
 */
public final class SparseHessian {
    private final ScalarFunction f;
    private final SparsityPattern pattern;
    private final Coloring coloring;
    /** The inputs of color c are members[memberStart[c] .. memberStart[c + 1]). */
    private final int[] memberStart;
    private final int[] members;
    /** Product c fills entries planEntry[planStart[c] .. planStart[c + 1]) from rows planRow[..]. */
    private final int[] planStart;
    private final int[] planEntry;
    private final int[] planRow;
    /** Each thread's scratch tape and its shrink policy; empty while a call uses it. */
    private final ThreadLocal<SoftReference<Scratch>> scratch = new ThreadLocal<>();

    private SparseHessian(ScalarFunction f, SparsityPattern pattern, Coloring coloring) {
        this.f = f;
        this.pattern = pattern;
        this.coloring = coloring;
        int n = pattern.rows();
        int p = coloring.count();
        int[] color = coloring.raw();
        memberStart = new int[p + 1];
        for (int c : color) {
            memberStart[c + 1]++;
        }
        for (int c = 0; c < p; c++) {
            memberStart[c + 1] += memberStart[c];
        }
        members = new int[n];
        int[] at = Arrays.copyOf(memberStart, p);
        for (int j = 0; j < n; j++) {
            members[at[color[j]]++] = j;
        }
        // For a symmetric pattern the CSR arrays are also the CSC arrays: entry e of row i,
        // column j is stored at column i, row j, which holds H(j, i) = H(i, j).
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        int nnz = ri.length;
        boolean[] unique = new boolean[nnz];
        int[] perColor = new int[p];
        for (int i = 0; i < n; i++) {
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                if (ri[e] != i) {
                    perColor[color[ri[e]]]++;
                }
            }
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                unique[e] = ri[e] == i || perColor[color[ri[e]]] == 1;
            }
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                perColor[color[ri[e]]] = 0;
            }
        }
        int[] srcColor = new int[nnz];
        int[] srcRow = new int[nnz];
        for (int i = 0; i < n; i++) {
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                int j = ri[e];
                if (j < i) {
                    continue; // filled with its mirror
                }
                int mirror = j == i ? e : Arrays.binarySearch(ri, rs[j], rs[j + 1], i);
                if (unique[e]) {
                    srcColor[e] = color[j];
                    srcRow[e] = i;
                } else if (unique[mirror]) {
                    srcColor[e] = color[i];
                    srcRow[e] = j;
                } else {
                    throw new IllegalStateException("SparseHessian: the coloring does not separate entry (" + i
                            + ", " + j + "): not a star coloring");
                }
                srcColor[mirror] = srcColor[e];
                srcRow[mirror] = srcRow[e];
            }
        }
        planStart = new int[p + 1];
        for (int e = 0; e < nnz; e++) {
            planStart[srcColor[e] + 1]++;
        }
        for (int c = 0; c < p; c++) {
            planStart[c + 1] += planStart[c];
        }
        planEntry = new int[nnz];
        planRow = new int[nnz];
        int[] put = Arrays.copyOf(planStart, p);
        for (int e = 0; e < nnz; e++) {
            int q = put[srcColor[e]]++;
            planEntry[q] = e;
            planRow[q] = srcRow[e];
        }
    }

    /**
     * Detects the Hessian pattern of f from one recording at x0 and star-colors it.
     *
     * @param f the function, written over RealFieldElement
     * @param x0 the point to record at, n &ge; 1 entries (not modified)
     * @return the evaluator
     * @throws NullPointerException if f or x0 is null
     * @throws IllegalArgumentException if x0 is empty or f returns null
     */
    public static SparseHessian of(ScalarFunction f, double... x0) {
        Arguments.function(f, "SparseHessian.of");
        Arguments.point(x0, "SparseHessian.of");
        SparsityPattern p = Detector.hessian(f, x0, "SparseHessian.of");
        return new SparseHessian(f, p, Coloring.star(p));
    }

    /**
     * An evaluator for a given symmetric n x n pattern (it must cover every entry that can be
     * nonzero; the diagonal entries it omits are not computed).
     *
     * @param f the function
     * @param pattern a square symmetric pattern
     * @return the evaluator
     * @throws NullPointerException if f or pattern is null
     * @throws IllegalArgumentException if pattern is not square or not symmetric
     */
    public static SparseHessian of(ScalarFunction f, SparsityPattern pattern) {
        Arguments.function(f, "SparseHessian.of");
        Objects.requireNonNull(pattern, "SparseHessian.of: pattern must not be null");
        Coloring.requireSymmetric(pattern, "SparseHessian.of");
        return new SparseHessian(f, pattern, Coloring.star(pattern));
    }

    /** @return the pattern (n x n, symmetric) */
    public SparsityPattern pattern() {
        return pattern;
    }

    /** @return the star coloring */
    public Coloring coloring() {
        return coloring;
    }

    /** @return the number of Hessian-vector products per evaluation: the number of colors */
    public int sweeps() {
        return coloring.count();
    }

    /**
     * The Hessian at x.
     *
     * @param x the point, n entries (not modified)
     * @return a new n x n compressed-column matrix with the pattern's structure, exactly symmetric
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x does not have n entries or f returns null
     */
    public DMatrixSparseCSC at(double... x) {
        return evaluate(x, false, "SparseHessian.at").hessian();
    }

    /**
     * The value, gradient and Hessian at x from one recording (the gradient comes with the first
     * product at no extra sweep).
     *
     * @param x the point, n entries (not modified)
     * @return f(x), its gradient and its Hessian
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x does not have n entries or f returns null
     */
    public SparseValueGradientHessian valueGradientHessian(double... x) {
        return evaluate(x, true, "SparseHessian.valueGradientHessian");
    }

    private SparseValueGradientHessian evaluate(double[] x, boolean withGradient, String method) {
        Objects.requireNonNull(x, () -> method + ": x must not be null");
        int n = pattern.rows();
        if (x.length != n) {
            throw new IllegalArgumentException(method + ": x has length " + x.length + " but the pattern is "
                    + n + " x " + n + "; pass one entry per input");
        }
        int nnz = planEntry.length;
        DMatrixSparseCSC h = new DMatrixSparseCSC(n, n, nnz);
        System.arraycopy(pattern.start(), 0, h.col_idx, 0, n + 1);
        System.arraycopy(pattern.index(), 0, h.nz_rows, 0, nnz);
        h.nz_length = nnz;
        h.indicesSorted = true;
        double[] vals = h.nz_values;
        double[] g = withGradient ? new double[n] : null;
        int colors = coloring.count();
        int kk = HTape.directions(colors);
        Scratch s = acquire(n * kk);
        HTape tape = s.tape();
        double[] seed = s.seed();
        double[] hv = s.hv();
        try {
            HVar[] in = tape.variables(x);
            HVar y = Arguments.output(f.value(in), method);
            // up to 32 colors a batch: their seeds are the columns of one seed matrix, and one
            // tangent sweep and one backward sweep carry them all (HTape.hvpBatch)
            for (int base = 0; base < colors; base += kk) {
                int width = Math.min(kk, colors - base);
                setSeeds(seed, base, width, kk, 1);
                try {
                    tape.hvpBatch(y, seed, kk, hv, base == 0 ? g : null);
                } finally {
                    // the seed matrix goes back all zero, for this batch's successor and the next call
                    setSeeds(seed, base, width, kk, 0);
                }
                for (int c = base; c < base + width; c++) {
                    int k = c - base;
                    for (int q = planStart[c]; q < planStart[c + 1]; q++) {
                        vals[planEntry[q]] = hv[planRow[q] * kk + k];
                    }
                }
            }
            return new SparseValueGradientHessian(y.value(), g, h);
        } finally {
            release(s);
        }
    }

    /** Sets the seed entries of colors base .. base + width - 1 (column c - base of their members' rows) to value. */
    private void setSeeds(double[] seed, int base, int width, int kk, double value) {
        for (int c = base; c < base + width; c++) {
            int k = c - base;
            for (int q = memberStart[c]; q < memberStart[c + 1]; q++) {
                seed[members[q] * kk + k] = value;
            }
        }
    }

    /**
     * This thread's tape, reset, with seed and product arrays of at least cells entries (the seeds
     * all zero: each batch clears its own); or new ones. The slot is empty while in use
     * (nesting-safe).
     */
    private Scratch acquire(int cells) {
        SoftReference<Scratch> ref = scratch.get();
        Scratch s = ref == null ? null : ref.get();
        scratch.set(null);
        if (s == null) {
            return new Scratch(new HTape(), new double[cells], new double[cells]);
        }
        s.tape().reset();
        if (s.seed().length < cells) {
            return new Scratch(s.tape(), new double[cells], new double[cells]);
        }
        return s;
    }

    /**
     * Keeps the tape for this thread's next call, whatever its size; it shrinks in place once
     * calls have long stayed far below its capacity ({@link HTape#trimAfterCall()}).
     */
    private void release(Scratch s) {
        s.tape().trimAfterCall();
        scratch.set(new SoftReference<>(s));
    }

    /**
     * The calling thread's scratch tape for this evaluator as the last call left it, or
     * {@link TapeFootprint#NONE} when it keeps none (no call yet, given back, or reclaimed).
     */
    TapeFootprint scratchFootprint() {
        SoftReference<Scratch> ref = scratch.get();
        Scratch s = ref == null ? null : ref.get();
        return s == null ? TapeFootprint.NONE : s.tape().footprint();
    }

    /**
     * A scratch tape and its batched products' arrays, n x K each: the seed matrix and the
     * products (a record, so that the soft reference holds one object per
     * evaluator and thread).
     */
    private record Scratch(HTape tape, double[] seed, double[] hv) {
    }

    /** @return e.g. {@code SparseHessian[SparsityPattern[..], 3 colors]} */
    @Override
    public String toString() {
        return "SparseHessian[" + pattern + ", " + coloring.count() + " colors]";
    }
}
