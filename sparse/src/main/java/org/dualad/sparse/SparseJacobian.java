package org.dualad.sparse;

import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.dual.MultiDual;
import org.dualad.internal.Arguments;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;
import org.ejml.data.DMatrixSparseCSC;

/**
 * A sparse Jacobian evaluator: the pattern and its coloring are computed once (by
 * {@link #of(VectorFunction, double...)} from one recording, or taken from the user), then every
 * {@link #at} costs only the compressed sweeps and writes an EJML {@link DMatrixSparseCSC}.
 *
 * Every call records f once on the thread's scratch trace ({@link HTape}, the number type every
 * other facade runs f on, so f's compiled code stays on one type), then:
 * <ul>
 *   <li>{@link Mode#FORWARD}: one tangent direction per column color, along the sum of that
 *       color's unit directions, up to 32 directions a sweep from 3 colors on
 *       ({@link HTape#jvpBatch}); J(i, j) is output i's tangent along color(j).</li>
 *   <li>{@link Mode#REVERSE}: one backward sweep per row color, seeded with 1 on every output of
 *       that color; J(i, j) is input j's adjoint in the sweep of color(i). Chosen automatically
 *       when the rows need far fewer colors than the columns (2 (row colors + 2) &le; column
 *       colors: the recording costs about two sweeps).</li>
 * </ul>
 * An f that applies a first-order custom rule (which the trace refuses) runs instead on
 * {@link MultiDual}s (one pass, one direction per column color, chunks of
 * {@link Forward#MAX_CHUNK}) or on the op {@link Tape}.
 *
 * <p>Forward mode adds no rounding: each entry is the tangent of exactly the one seeded column it
 * belongs to (the other columns of its color are structurally absent from its row, so their
 * contributions are exact zeros under DualAD's zero policy), which makes it equal to
 * {@link Forward#jacobian}. Reverse mode agrees with a dense reverse Jacobian to rounding.
 *
 * <p>The pattern is that of the path f took at the point it was detected at: where f branches
 * differently at another x, give a pattern covering every branch (an entry outside the pattern
 * corrupts the entries recovered from the same compressed column). Immutable and thread-safe:
 * each call works on its own numbers and tape.
 *
 * <pre>{@code
 * VectorFunction r = ...;                                // R^n -> R^m, banded
 * SparseJacobian jac = SparseJacobian.of(r, x0);         // pattern + coloring, once
 * DMatrixSparseCSC j = jac.at(x);                        // per iteration: compressed sweeps only
 * }</pre>
 */
public final class SparseJacobian {
    /** How the compressed Jacobian is evaluated. */
    public enum Mode {
        /** One forward pass with one tangent direction per column color. */
        FORWARD,
        /** One recording and one backward sweep per row color. */
        REVERSE
    }

    private final VectorFunction f;
    private final SparsityPattern pattern;
    private final Mode mode;
    /** Column coloring (FORWARD) or row coloring (REVERSE). */
    private final Coloring coloring;
    /** CSC position of every CSR entry of the pattern. */
    private final int[] cscPos;
    private final int[] colIdx;
    private final int[] nzRows;
    /** REVERSE: the rows of color c are rowsByColor[colorStart[c] .. colorStart[c + 1]). */
    private final int[] colorStart;
    private final int[] rowsByColor;

    private SparseJacobian(VectorFunction f, SparsityPattern pattern, Mode mode, Coloring coloring) {
        this.f = f;
        this.pattern = pattern;
        this.mode = mode;
        this.coloring = coloring;
        DMatrixSparseCSC template = pattern.toMatrix();
        colIdx = template.col_idx;
        nzRows = template.nz_rows;
        int n = pattern.columns();
        int[] fill = java.util.Arrays.copyOf(colIdx, n);
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        cscPos = new int[ri.length];
        for (int r = 0; r < pattern.rows(); r++) {
            for (int e = rs[r]; e < rs[r + 1]; e++) {
                cscPos[e] = fill[ri[e]]++;
            }
        }
        if (mode == Mode.REVERSE) {
            int p = coloring.count();
            int[] c = coloring.raw();
            colorStart = new int[p + 1];
            for (int color : c) {
                colorStart[color + 1]++;
            }
            for (int k = 0; k < p; k++) {
                colorStart[k + 1] += colorStart[k];
            }
            int[] at = java.util.Arrays.copyOf(colorStart, p);
            rowsByColor = new int[c.length];
            for (int r = 0; r < c.length; r++) {
                rowsByColor[at[c[r]]++] = r;
            }
        } else {
            colorStart = null;
            rowsByColor = null;
        }
    }

    /**
     * Detects the Jacobian pattern of f from one recording at x0, colors it and chooses the mode.
     *
     * @param f the function R^n -&gt; R^m, written over RealFieldElement
     * @param x0 the point to record at, n &ge; 1 entries (not modified)
     * @return the evaluator
     * @throws NullPointerException if f or x0 is null
     * @throws IllegalArgumentException if x0 is empty or f returns no outputs, null or a null output
     */
    public static SparseJacobian of(VectorFunction f, double... x0) {
        Arguments.function(f, "SparseJacobian.of");
        Arguments.point(x0, "SparseJacobian.of");
        return of(f, Detector.jacobian(f, x0, "SparseJacobian.of"));
    }

    /**
     * An evaluator for a given pattern (m x n: one row per output, one column per input), with
     * the mode chosen from the colorings.
     *
     * @param f the function
     * @param pattern a pattern covering every entry that can be nonzero
     * @return the evaluator
     * @throws NullPointerException if f or pattern is null
     */
    public static SparseJacobian of(VectorFunction f, SparsityPattern pattern) {
        Arguments.function(f, "SparseJacobian.of");
        Objects.requireNonNull(pattern, "SparseJacobian.of: pattern must not be null");
        Coloring columns = Coloring.columns(pattern);
        if (pattern.rows() < pattern.columns()) {
            Coloring rows = Coloring.columns(pattern.transpose());
            if (2 * (rows.count() + 2) <= columns.count()) {
                return new SparseJacobian(f, pattern, Mode.REVERSE, rows);
            }
        }
        return new SparseJacobian(f, pattern, Mode.FORWARD, columns);
    }

    /**
     * An evaluator for a given pattern and mode.
     *
     * @param f the function
     * @param pattern a pattern covering every entry that can be nonzero
     * @param mode FORWARD (column colors) or REVERSE (row colors)
     * @return the evaluator
     * @throws NullPointerException if an argument is null
     */
    public static SparseJacobian of(VectorFunction f, SparsityPattern pattern, Mode mode) {
        Arguments.function(f, "SparseJacobian.of");
        Objects.requireNonNull(pattern, "SparseJacobian.of: pattern must not be null");
        Objects.requireNonNull(mode, "SparseJacobian.of: mode must not be null; FORWARD or REVERSE");
        Coloring c = mode == Mode.FORWARD ? Coloring.columns(pattern) : Coloring.columns(pattern.transpose());
        return new SparseJacobian(f, pattern, mode, c);
    }

    /** @return the pattern (m x n) */
    public SparsityPattern pattern() {
        return pattern;
    }

    /** @return the mode used by {@link #at} */
    public Mode mode() {
        return mode;
    }

    /** @return the column coloring (FORWARD) or the row coloring (REVERSE) */
    public Coloring coloring() {
        return coloring;
    }

    /** @return the number of compressed directions per evaluation: colors of the coloring */
    public int sweeps() {
        return coloring.count();
    }

    /**
     * The Jacobian at x.
     *
     * @param x the point, n entries (not modified)
     * @return a new m x n compressed-column matrix with the pattern's structure (rows sorted)
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x does not have n entries or f's output count is not m
     */
    public DMatrixSparseCSC at(double... x) {
        return evaluate(x, "SparseJacobian.at").jacobian();
    }

    /**
     * The outputs and the Jacobian at x from the same sweeps.
     *
     * @param x the point, n entries (not modified)
     * @return f(x) and the Jacobian
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x does not have n entries or f's output count is not m
     */
    public ValueAndSparseJacobian valueAndJacobian(double... x) {
        return evaluate(x, "SparseJacobian.valueAndJacobian");
    }

    private ValueAndSparseJacobian evaluate(double[] x, String method) {
        Objects.requireNonNull(x, () -> method + ": x must not be null");
        int n = pattern.columns();
        if (x.length != n) {
            throw new IllegalArgumentException(method + ": x has length " + x.length + " but the pattern has "
                    + n + " columns; pass one entry per input");
        }
        int m = pattern.rows();
        DMatrixSparseCSC jac = new DMatrixSparseCSC(m, n, cscPos.length);
        System.arraycopy(colIdx, 0, jac.col_idx, 0, n + 1);
        System.arraycopy(nzRows, 0, jac.nz_rows, 0, cscPos.length);
        jac.nz_length = cscPos.length;
        jac.indicesSorted = true;
        double[] value = new double[m];
        onTrace(x, value, jac.nz_values, method);
        return new ValueAndSparseJacobian(value, jac);
    }

    /**
     * f recorded once on the thread's scratch trace, then the compressed sweeps: tangent sweeps
     * along the colors' columns, up to 32 colors each (FORWARD), or one backward sweep seeded by
     * each color's rows (REVERSE). An f that applies what an {@link HVar} cannot carry runs on the tape-free
     * forward kernel or the op tape instead ({@link #forwardOnDuals}, {@link #reverseOnOpTape}).
     */
    private void onTrace(double[] x, double[] value, double[] vals, String method) {
        HTape tape = HTape.acquireScratch(Long.MAX_VALUE, "HTape", "SparseJacobian").firstOrderCall();
        boolean done = false;
        try {
            HVar[] y = record(tape, x, method);
            if (y != null) {
                if (mode == Mode.FORWARD) {
                    forward(tape, y, x.length, value, vals, method);
                } else {
                    reverse(tape, y, value, vals, method);
                }
                done = true;
            }
        } finally {
            HTape.releaseScratch(tape);
        }
        if (!done) {
            if (mode == Mode.FORWARD) {
                forwardOnDuals(x, value, vals, method);
            } else {
                reverseOnOpTape(x, value, vals, method);
            }
        }
    }

    /** f's m outputs on the trace at x, or null when f applies what an HVar cannot carry. */
    private HVar[] record(HTape tape, double[] x, String method) {
        Object[] y;
        try {
            y = Arguments.output((Object[]) erased(tape.variables(x)), pattern.rows(), method);
        } catch (UnsupportedOperationException e) {
            return null;
        }
        HVar[] out = new HVar[y.length];
        for (int r = 0; r < y.length; r++) {
            if (!(y[r] instanceof HVar)) {
                throw new IllegalArgumentException(method + ": f returned at output " + r + " " + y[r]
                        + ", not a number computed from its inputs");
            }
            out[r] = (HVar) y[r];
        }
        return out;
    }

    /** f's result before the cast to the inputs' type, so that a result of another type is reported, not cast. */
    private <T extends RealFieldElement<T>> Object erased(T[] in) {
        return f.value(in);
    }

    /**
     * One tangent sweep per column color: for one or two colors, where the single-direction sweep
     * costs less than a batched one's K-wide rows (2 colors, n = 10 to 100: 8-10% less).
     */
    private void forwardPerColor(HTape tape, HVar[] y, int n, double[] vals, String method) {
        int m = y.length;
        int[] color = coloring.raw();
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        double[] v = new double[n];
        for (int c = 0; c < coloring.count(); c++) {
            for (int j = 0; j < n; j++) {
                v[j] = color[j] == c ? 1 : 0;
            }
            double[] t = tape.jvp(y, v, method);
            for (int r = 0; r < m; r++) {
                for (int e = rs[r]; e < rs[r + 1]; e++) {
                    if (color[ri[e]] == c) {
                        vals[cscPos[e]] = t[r];
                    }
                }
            }
        }
    }

    /**
     * The compressed columns, up to 32 colors a forward sweep ({@link HTape#jvpBatch}): batch
     * column k seeds the inputs of color base + k, and output r's tangent k is J(r, j) for the one
     * column j of that color in row r's pattern.
     */
    private void forward(HTape tape, HVar[] y, int n, double[] value, double[] vals, String method) {
        int m = y.length;
        int p = coloring.count();
        int[] color = coloring.raw();
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        for (int r = 0; r < m; r++) {
            value[r] = y[r].value();
        }
        if (p <= 2) {
            forwardPerColor(tape, y, n, vals, method);
            return;
        }
        int kk = HTape.directions(p);
        double[] seed = new double[n * kk];
        double[] jv = new double[m * kk];
        for (int base = 0; base < p; base += kk) {
            int end = Math.min(base + kk, p);
            columnSeeds(seed, base, end, kk, 1);
            tape.jvpBatch(y, seed, kk, jv, method);
            columnSeeds(seed, base, end, kk, 0);
            for (int r = 0; r < m; r++) {
                for (int e = rs[r]; e < rs[r + 1]; e++) {
                    int c = color[ri[e]];
                    if (c >= base && c < end) {
                        vals[cscPos[e]] = jv[r * kk + c - base];
                    }
                }
            }
        }
    }

    /** Sets the seed entry of every column of colors base .. end - 1 (column color - base of its row) to value. */
    private void columnSeeds(double[] seed, int base, int end, int kk, double value) {
        int[] color = coloring.raw();
        for (int j = 0; j < color.length; j++) {
            if (color[j] >= base && color[j] < end) {
                seed[j * kk + color[j] - base] = value;
            }
        }
    }

    private void reverse(HTape tape, HVar[] y, double[] value, double[] vals, String method) {
        for (int r = 0; r < y.length; r++) {
            value[r] = y[r].value();
        }
        rowColors(seeds -> tape.vjp(y, seeds, method), vals);
    }

    /**
     * The compressed rows: for each row color, the adjoints of every input in one backward sweep
     * seeded with 1 on the color's rows (vjp), scattered to the color's rows' pattern entries. One
     * sweep per color on purpose: a sweep skips every node its color's outputs do not reach, where
     * K colors' rows in one sweep would carry K entries through every node (a band of 3 to 15 row
     * colors, n = 1000: 1.1x to 1.2x slower batched).
     */
    private void rowColors(java.util.function.UnaryOperator<double[]> vjp, double[] vals) {
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        double[] seeds = new double[pattern.rows()];
        for (int c = 0; c < coloring.count(); c++) {
            for (int q = colorStart[c]; q < colorStart[c + 1]; q++) {
                seeds[rowsByColor[q]] = 1;
            }
            double[] g = vjp.apply(seeds);
            for (int q = colorStart[c]; q < colorStart[c + 1]; q++) {
                int r = rowsByColor[q];
                seeds[r] = 0;
                for (int e = rs[r]; e < rs[r + 1]; e++) {
                    vals[cscPos[e]] = g[ri[e]];
                }
            }
        }
    }

    /** FORWARD on tape-free {@link MultiDual}s: for an f with a first-order rule. */
    private void forwardOnDuals(double[] x, double[] value, double[] vals, String method) {
        int n = x.length;
        int m = pattern.rows();
        int p = coloring.count();
        int[] color = coloring.raw();
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        MultiDual[] in = new MultiDual[n];
        for (int base = 0; base < p; base += Forward.MAX_CHUNK) {
            int width = Math.min(Forward.MAX_CHUNK, p - base);
            Object pass = new Object(); // a number kept from another pass then throws, not mixes in
            for (int j = 0; j < n; j++) {
                int d = color[j] - base;
                in[j] = d >= 0 && d < width ? MultiDual.variable(x[j], d, width, pass) : MultiDual.constant(x[j], width);
            }
            MultiDual[] y = Arguments.output(f.value(in), m, method);
            for (int r = 0; r < m; r++) {
                if (y[r].width() != width) {
                    throw new IllegalArgumentException(method + ": f returned at output " + r + " a number with "
                            + y[r].width() + " tangents, not one computed from its inputs (" + width + ")");
                }
                value[r] = y[r].value();
                for (int e = rs[r]; e < rs[r + 1]; e++) {
                    int d = color[ri[e]] - base;
                    if (d >= 0 && d < width) {
                        vals[cscPos[e]] = y[r].tangent(d);
                    }
                }
            }
        }
    }

    /** REVERSE on the op tape: for an f with a first-order rule. */
    private void reverseOnOpTape(double[] x, double[] value, double[] vals, String method) {
        int n = x.length;
        int m = pattern.rows();
        Tape tape = new Tape((int) Math.min(16L * n + 64, 1 << 20));
        Var[] in = new Var[n];
        for (int j = 0; j < n; j++) {
            in[j] = tape.variable(x[j]);
        }
        Var[] y = Arguments.output(f.value(in), m, method);
        for (int r = 0; r < m; r++) {
            value[r] = y[r].value();
        }
        rowColors(seeds -> {
            tape.backward(y, seeds);
            double[] g = new double[n];
            for (int j = 0; j < n; j++) {
                g[j] = tape.adjoint(in[j]);
            }
            return g;
        }, vals);
    }

    /** @return e.g. {@code SparseJacobian[SparsityPattern[..], FORWARD, 3 colors]} */
    @Override
    public String toString() {
        return "SparseJacobian[" + pattern + ", " + mode + ", " + coloring.count() + " colors]";
    }
}
