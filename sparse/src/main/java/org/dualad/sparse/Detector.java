package org.dualad.sparse;

import java.util.Arrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.Op;
import org.dualad.internal.Arguments;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;

/**
 * Sparsity patterns from one recording of f on an op {@link Tape}, read through the tape's public
 * per-node accessors only. Each node's dependency set (the inputs it structurally depends on) is
 * found by a backward walk from the node, cut at nodes whose set is already known, so a running
 * sum that feeds only linear operations never has its (long) set formed.
 *
 * <p>The Op's nature decides what a node contributes: a linear operation (+, -, negation,
 * multiplication or division by a constant, abs, copySign, remainder, scalb) passes its
 * arguments' dependencies on and creates no second-order interaction; a piecewise-constant one
 * (floor, ceil, rint, signum, and the sign argument of copySign) depends on nothing (its
 * derivative is zero wherever it is defined); a product of two variables makes every cross pair
 * of its arguments' sets interact; a quotient makes the cross pairs and every pair of the
 * divisor's set interact; every other operation (a nonlinear function of one argument, pow,
 * atan2, hypot, and any op not listed) makes every pair of the union of its arguments' sets
 * interact. Values and partials are never read: a partial that happens to be zero at the
 * recorded point (a kink convention, sin at pi/2) keeps its structural entries.
 */
final class Detector {
    private static final byte INPUT = 0;
    private static final byte CONSTANT = 1;
    private static final byte LINEAR = 2;
    private static final byte SQUARE = 3;
    private static final byte PRODUCT = 4;
    private static final byte QUOTIENT = 5;

    private final int n;
    private final int size;
    private final byte[] kind;
    /** The arguments a node depends on (-1: none); an input's first holds its ordinal. */
    private final int[] dep0;
    private final int[] dep1;
    private final int[][] memo;
    private final int[] visited;
    private final int[] seen;
    private int stamp;
    private int[] stack = new int[16];
    private int[] found = new int[16];

    private Detector(Tape tape, int n) {
        this.n = n;
        size = tape.size();
        kind = new byte[size];
        dep0 = new int[size];
        dep1 = new int[size];
        memo = new int[size][];
        visited = new int[size];
        seen = new int[n];
        int inputs = 0;
        for (int i = 0; i < size; i++) {
            if (tape.isInput(i)) {
                // a variable f made itself on the tape (through Var.tape()) is no input of f
                kind[i] = inputs < n ? INPUT : CONSTANT;
                dep0[i] = inputs < n ? inputs : -1;
                dep1[i] = -1;
                inputs++;
                continue;
            }
            Op op = tape.op(i);
            int a = tape.argument(i, 0);
            int b = op.arity() == 2 ? tape.argument(i, 1) : -1;
            // a linear rule (linearCombination's compensated sum on the op tape) is linear in each of its nodes
            boolean linear = op == Op.CUSTOM && tape.rule(i).isLinear();
            classify(i, linear ? Op.ADD : op, tape.constantParameter(i), a, b);
        }
    }

    private void classify(int i, Op op, double c, int a, int b) {
        byte k;
        switch (op) {
            case ADD: case SUBTRACT: case REMAINDER:
            case NEGATE: case ADD_CONSTANT: case SUBTRACT_CONSTANT: case MULTIPLY_CONSTANT:
            case DIVIDE_CONSTANT: case SCALB: case ABS: case COPY_SIGN_CONSTANT: case REMAINDER_CONSTANT:
                k = LINEAR;
                break;
            case COPY_SIGN:
                k = LINEAR;
                b = -1; // the sign of y: piecewise constant in y
                break;
            case FLOOR: case CEIL: case RINT: case SIGNUM:
                k = CONSTANT;
                break;
            case MULTIPLY:
                k = a < 0 || b < 0 ? LINEAR : a == b ? SQUARE : PRODUCT;
                break;
            case DIVIDE:
                k = b < 0 ? LINEAR : a < 0 || a == b ? SQUARE : QUOTIENT;
                if (a < 0) {
                    a = b;
                    b = -1;
                }
                break;
            case POW_INT: case POW_CONSTANT:
                k = c == 0 ? CONSTANT : c == 1 ? LINEAR : SQUARE;
                break;
            case ROOT_N:
                k = c == 1 ? LINEAR : SQUARE;
                break;
            default:
                k = SQUARE;
                break;
        }
        if (k == CONSTANT) {
            a = -1;
            b = -1;
        }
        if (a < 0) {
            a = b;
            b = -1;
        }
        if (a == b) {
            b = -1;
        }
        if (a < 0) {
            // no node argument (a custom rule's first node over two constants): depends on no input
            k = CONSTANT;
        }
        kind[i] = k;
        dep0[i] = a;
        dep1[i] = b;
    }

    /** Records f once at x on a fresh op tape of the calling thread and returns the tape. */
    private static Tape record(int n, double[] x, Var[] in) {
        Tape tape = new Tape((int) Math.min(16L * n + 64, 1 << 20));
        for (int i = 0; i < n; i++) {
            in[i] = tape.variable(x[i]);
        }
        return tape;
    }

    /** The m x n Jacobian pattern of f at x: row k is output k's dependency set. */
    static SparsityPattern jacobian(VectorFunction f, double[] x, String method) {
        int n = x.length;
        Var[] in = new Var[n];
        Tape tape = record(n, x, in);
        Var[] y = Arguments.output(f.value(in), -1, method);
        int[] node = new int[y.length];
        for (int k = 0; k < y.length; k++) {
            node[k] = tape.index(y[k]);
        }
        Detector d = new Detector(tape, n);
        int[][] rows = new int[y.length][];
        for (int k = 0; k < y.length; k++) {
            rows[k] = node[k] < 0 ? new int[0] : d.domain(node[k]);
        }
        return SparsityPattern.of(y.length, n, rows);
    }

    /** The n x n Hessian pattern of f at x (symmetric, diagonal entries where they interact). */
    static SparsityPattern hessian(ScalarFunction f, double[] x, String method) {
        int n = x.length;
        Var[] in = new Var[n];
        Tape tape = record(n, x, in);
        Var y = Arguments.output(f.value(in), method);
        int out = tape.index(y);
        Rows rows = new Rows(n);
        if (out >= 0) {
            new Detector(tape, n).interactions(out, rows);
        }
        return rows.pattern();
    }

    /** Adds the interactions of every node that reaches out. */
    private void interactions(int out, Rows rows) {
        boolean[] live = new boolean[out + 1];
        live[out] = true;
        for (int v = out; v >= 0; v--) {
            if (!live[v] || kind[v] == INPUT) {
                continue;
            }
            if (dep0[v] >= 0) {
                live[dep0[v]] = true;
            }
            if (dep1[v] >= 0) {
                live[dep1[v]] = true;
            }
        }
        for (int v = 0; v <= out; v++) {
            if (!live[v]) {
                continue;
            }
            switch (kind[v]) {
                case SQUARE: {
                    int[] s = dep1[v] < 0 ? domain(dep0[v]) : union(domain(dep0[v]), domain(dep1[v]));
                    rows.square(s);
                    break;
                }
                case PRODUCT:
                    rows.cross(domain(dep0[v]), domain(dep1[v]));
                    break;
                case QUOTIENT: {
                    int[] den = domain(dep1[v]);
                    rows.cross(domain(dep0[v]), den);
                    rows.square(den);
                    break;
                }
                default:
                    break;
            }
        }
    }

    /**
     * The sorted input ordinals node depends on: a walk over dependencies, stopping at inputs
     * and at nodes already known; the result is kept for later queries.
     */
    private int[] domain(int node) {
        int[] known = memo[node];
        if (known != null) {
            return known;
        }
        int s = ++stamp;
        int top = 0;
        int count = 0;
        stack[top++] = node;
        visited[node] = s;
        while (top > 0) {
            int v = stack[--top];
            int[] m = v == node ? null : memo[v];
            if (kind[v] == INPUT) {
                count = add(dep0[v], s, count);
            } else if (m != null) {
                for (int q : m) {
                    count = add(q, s, count);
                }
            } else {
                for (int k = 0; k < 2; k++) {
                    int a = k == 0 ? dep0[v] : dep1[v];
                    if (a >= 0 && visited[a] != s) {
                        visited[a] = s;
                        if (top == stack.length) {
                            stack = Arrays.copyOf(stack, 2 * top);
                        }
                        stack[top++] = a;
                    }
                }
            }
        }
        int[] r = Arrays.copyOf(found, count);
        Arrays.sort(r);
        memo[node] = r;
        return r;
    }

    private int add(int input, int s, int count) {
        if (seen[input] == s) {
            return count;
        }
        seen[input] = s;
        if (count == found.length) {
            found = Arrays.copyOf(found, 2 * count);
        }
        found[count] = input;
        return count + 1;
    }

    private static int[] union(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                r[k++] = a[i++];
            } else if (a[i] > b[j]) {
                r[k++] = b[j++];
            } else {
                r[k++] = a[i++];
                j++;
            }
        }
        while (i < a.length) {
            r[k++] = a[i++];
        }
        while (j < b.length) {
            r[k++] = b[j++];
        }
        return k == r.length ? r : Arrays.copyOf(r, k);
    }

    /**
     * Per-row column lists that grow by appending; a full list is sorted and deduplicated
     * before it grows, so repeated interactions cost at most twice the distinct entries.
     */
    static final class Rows {
        private final int[][] cols;
        private final int[] len;
        private final int[] clean;

        Rows(int n) {
            cols = new int[n][];
            len = new int[n];
            clean = new int[n];
        }

        void square(int[] s) {
            for (int i : s) {
                for (int j : s) {
                    add(i, j);
                }
            }
        }

        void cross(int[] a, int[] b) {
            for (int i : a) {
                for (int j : b) {
                    add(i, j);
                    add(j, i);
                }
            }
        }

        private void add(int i, int j) {
            int[] c = cols[i];
            int l = len[i];
            if (c == null) {
                c = cols[i] = new int[4];
            } else if (l == c.length) {
                l = compact(i);
                if (2 * l > c.length) {
                    c = cols[i] = Arrays.copyOf(c, 2 * c.length);
                }
            }
            c[l] = j;
            len[i] = l + 1;
        }

        /** Sorts and deduplicates row i; returns its new length. */
        private int compact(int i) {
            int[] c = cols[i];
            int l = len[i];
            if (clean[i] == l) {
                return l;
            }
            Arrays.sort(c, 0, l);
            int k = 0;
            for (int q = 0; q < l; q++) {
                if (q == 0 || c[q] != c[q - 1]) {
                    c[k++] = c[q];
                }
            }
            len[i] = k;
            clean[i] = k;
            return k;
        }

        SparsityPattern pattern() {
            int n = cols.length;
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) {
                start[i + 1] = start[i] + (cols[i] == null ? 0 : compact(i));
            }
            int[] index = new int[start[n]];
            for (int i = 0; i < n; i++) {
                if (cols[i] != null) {
                    System.arraycopy(cols[i], 0, index, start[i], len[i]);
                }
            }
            return new SparsityPattern(n, n, start, index);
        }
    }
}
