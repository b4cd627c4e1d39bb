package org.dualad.sparse;

import java.util.Arrays;
import java.util.Objects;

/**
 * A coloring of the columns of a sparsity pattern: columns of one color can be evaluated in one
 * compressed sweep. Two greedy algorithms on int arrays (Gebremedhin, Manne and Pothen, "What
 * color is your Jacobian? Graph coloring for computing derivatives", SIAM Review 47, 2005):
 *
 * <ul>
 *   <li>{@link #columns}: distance-1 coloring of the column intersection graph (two columns
 *       conflict when some row holds both), for Jacobians: every entry J(i, j) is read directly
 *       from compressed column color(j), row i.</li>
 *   <li>{@link #star}: star coloring of the adjacency graph of a symmetric pattern (a distance-1
 *       coloring in which every path on four vertices uses at least three colors), for Hessians:
 *       every entry is read directly from one compressed column, H(i, j) from column color(j)
 *       at row i when j is the only neighbor of i with its color, else from column color(i) at
 *       row j (the star property guarantees one of the two).</li>
 * </ul>
 *
 * <p>Both visit the columns largest-first (by degree in the graph colored, ties by index), the
 * ordering that usually needs fewest colors on stencils, and give each the smallest color not
 * forbidden. A pattern of at least {@link #DENSE_FROM} columns that needs at least half as many
 * colors as columns gets one color per column: the greedy search would cost time quadratic in n
 * and save at most half the sweeps. The bound used: a row's length for the column coloring (its
 * columns conflict pairwise), the average degree + 1 for the star coloring (no independent set of
 * a graph of average degree d exceeds n / (d + 1)).
 * Costs: {@link #columns} is linear in sum over rows of length^2; {@link #star} in sum over
 * vertices of degree^2 (a hash table of per-vertex color counts keeps the third factor away), and
 * a hub whose color no other vertex shares (the arrowhead's) costs nothing to look past.
 *
 * <p>The colorings are written here, on primitive arrays: Maven Central has no maintained Java
 * coloring library worth a dependency (ColPack, the reference, is C++). Immutable.
 */
public final class Coloring {
    /**
     * From this many columns on, a pattern needing at least half as many colors as columns gets
     * one color per column (below it the greedy search is cheap whatever the density).
     */
    public static final int DENSE_FROM = 256;

    private final int[] color;
    private final int count;

    private Coloring(int[] color, int count) {
        this.color = color;
        this.count = count;
    }

    /**
     * Distance-1 column coloring for a Jacobian pattern: no row holds two columns of one color.
     *
     * @param pattern an m x n pattern
     * @return a coloring of its n columns
     * @throws NullPointerException if pattern is null
     */
    public static Coloring columns(SparsityPattern pattern) {
        Objects.requireNonNull(pattern, "Coloring.columns: pattern must not be null");
        int m = pattern.rows();
        int n = pattern.columns();
        int[] rs = pattern.start();
        int[] ri = pattern.index();
        int longest = 0;
        for (int r = 0; r < m; r++) {
            longest = Math.max(longest, rs[r + 1] - rs[r]);
        }
        if (2 * longest >= n && n >= DENSE_FROM) {
            return identity(n);
        }
        SparsityPattern t = pattern.transpose();
        int[] cs = t.start();
        int[] ci = t.index();
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        int[] degree = new int[n];
        for (int j = 0; j < n; j++) {
            mark[j] = j;
            for (int q = cs[j]; q < cs[j + 1]; q++) {
                int r = ci[q];
                for (int p = rs[r]; p < rs[r + 1]; p++) {
                    int k = ri[p];
                    if (mark[k] != j) {
                        mark[k] = j;
                        degree[j]++;
                    }
                }
            }
        }
        int[] order = largestFirst(degree);
        int[] color = new int[n];
        Arrays.fill(color, -1);
        int[] forbidden = mark; // reused: a color c is forbidden for j while forbidden[c] == j
        Arrays.fill(forbidden, -1);
        int count = 0;
        for (int j : order) {
            for (int q = cs[j]; q < cs[j + 1]; q++) {
                int r = ci[q];
                for (int p = rs[r]; p < rs[r + 1]; p++) {
                    int c = color[ri[p]];
                    if (c >= 0) {
                        forbidden[c] = j;
                    }
                }
            }
            int c = 0;
            while (forbidden[c] == j) {
                c++;
            }
            color[j] = c;
            count = Math.max(count, c + 1);
        }
        return new Coloring(color, count);
    }

    /**
     * Star coloring for a symmetric (Hessian) pattern; diagonal entries play no part.
     *
     * @param pattern a square symmetric pattern
     * @return a star coloring of its vertices
     * @throws NullPointerException if pattern is null
     * @throws IllegalArgumentException if pattern is not square and symmetric
     */
    public static Coloring star(SparsityPattern pattern) {
        Objects.requireNonNull(pattern, "Coloring.star: pattern must not be null");
        requireSymmetric(pattern, "Coloring.star");
        int n = pattern.rows();
        // adjacency without the diagonal
        int[] ps = pattern.start();
        int[] pi = pattern.index();
        int[] as = new int[n + 1];
        int[] ai = new int[pi.length];
        for (int v = 0; v < n; v++) {
            int k = as[v];
            for (int q = ps[v]; q < ps[v + 1]; q++) {
                if (pi[q] != v) {
                    ai[k++] = pi[q];
                }
            }
            as[v + 1] = k;
        }
        // a graph of average degree d has no independent set above n / (d + 1) (Caro-Wei), so
        // any distance-1 coloring needs d + 1 colors or more
        if (2 * ((long) as[n] / n + 1) >= n && n >= DENSE_FROM) {
            return identity(n);
        }
        int[] degree = new int[n];
        for (int v = 0; v < n; v++) {
            degree[v] = as[v + 1] - as[v];
        }
        int[] order = largestFirst(degree);
        int[] color = new int[n];
        Arrays.fill(color, -1);
        int[] forbidden = new int[n + 1];
        Arrays.fill(forbidden, -1);
        int[] colorSize = new int[n + 1];
        ColorCounts counts = new ColorCounts(as[n]);
        int count = 0;
        for (int v : order) {
            for (int q = as[v]; q < as[v + 1]; q++) {
                int w = ai[q];
                int cw = color[w];
                if (cw >= 0) {
                    forbidden[cw] = v;
                    // a path v - w - x - y with color(y) = color(w) forbids color(x) for v; no x
                    // has two neighbors of color(w) while w is the only vertex of that color
                    if (colorSize[cw] > 1) {
                        for (int p = as[w]; p < as[w + 1]; p++) {
                            int x = ai[p];
                            if (x != v && color[x] >= 0 && counts.get(x, cw, n) >= 2) {
                                forbidden[color[x]] = v;
                            }
                        }
                    }
                } else {
                    // through an uncolored middle w every colored distance-2 neighbor is forbidden,
                    // so two neighbors of one vertex never share a color when both are colored
                    for (int p = as[w]; p < as[w + 1]; p++) {
                        int x = ai[p];
                        if (x != v && color[x] >= 0) {
                            forbidden[color[x]] = v;
                        }
                    }
                }
            }
            int c = 0;
            while (forbidden[c] == v) {
                c++;
            }
            color[v] = c;
            colorSize[c]++;
            count = Math.max(count, c + 1);
            for (int q = as[v]; q < as[v + 1]; q++) {
                counts.increment(ai[q], c, n);
            }
        }
        return new Coloring(color, count);
    }

    static void requireSymmetric(SparsityPattern pattern, String method) {
        if (pattern.rows() != pattern.columns()) {
            throw new IllegalArgumentException(method + ": the pattern is " + pattern.rows() + " x "
                    + pattern.columns() + " but a Hessian pattern must be square (n x n) and symmetric");
        }
        int[] bad = pattern.firstAsymmetry();
        if (bad != null) {
            throw new IllegalArgumentException(method + ": the pattern is not symmetric: it holds (" + bad[0]
                    + ", " + bad[1] + ") but not (" + bad[1] + ", " + bad[0] + "); a Hessian pattern must hold"
                    + " both or neither");
        }
    }

    /** One color per column. */
    static Coloring identity(int n) {
        int[] c = new int[n];
        for (int j = 0; j < n; j++) {
            c[j] = j;
        }
        return new Coloring(c, n);
    }

    /** Vertices by degree, largest first, ties by index (a counting sort: stable, linear). */
    private static int[] largestFirst(int[] degree) {
        int n = degree.length;
        int max = 0;
        for (int d : degree) {
            max = Math.max(max, d);
        }
        int[] bucket = new int[max + 2];
        for (int d : degree) {
            bucket[max - d + 1]++;
        }
        for (int b = 0; b <= max; b++) {
            bucket[b + 1] += bucket[b];
        }
        int[] order = new int[n];
        for (int v = 0; v < n; v++) {
            order[bucket[max - degree[v]]++] = v;
        }
        return order;
    }

    /** @return the number of columns colored */
    public int size() {
        return color.length;
    }

    /** @return the number of colors: the number of compressed sweeps */
    public int count() {
        return count;
    }

    /**
     * @param column a column index in [0, size())
     * @return its color, in [0, count())
     */
    public int color(int column) {
        Objects.checkIndex(column, color.length);
        return color[column];
    }

    /** @return every column's color (a new array) */
    public int[] colors() {
        return color.clone();
    }

    /** The colors without a copy, for the evaluators (never modified). */
    int[] raw() {
        return color;
    }

    /** @return e.g. {@code Coloring[10000 columns, 3 colors]} */
    @Override
    public String toString() {
        return "Coloring[" + color.length + " columns, " + count + " colors]";
    }

    /**
     * How many neighbors of vertex x have color c, for the pairs (x, c) that occur: open
     * addressing on one long key x * n + c (at most one pair per edge, so the table is linear in
     * the pattern).
     */
    private static final class ColorCounts {
        private final long[] keys;
        private final int[] values;
        private final int mask;

        ColorCounts(int edges) {
            int cap = Integer.highestOneBit(Math.max(16, 2 * edges)) << 1;
            keys = new long[cap];
            Arrays.fill(keys, -1);
            values = new int[cap];
            mask = cap - 1;
        }

        private int slot(long key) {
            int h = (int) (key ^ (key >>> 29)) * 0x9E3779B1;
            int s = (h ^ (h >>> 15)) & mask;
            while (keys[s] != -1 && keys[s] != key) {
                s = (s + 1) & mask;
            }
            return s;
        }

        int get(int x, int c, int n) {
            int s = slot((long) x * n + c);
            return keys[s] == -1 ? 0 : values[s];
        }

        void increment(int x, int c, int n) {
            long key = (long) x * n + c;
            int s = slot(key);
            keys[s] = key;
            values[s]++;
        }
    }
}
