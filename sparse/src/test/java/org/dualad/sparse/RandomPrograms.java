package org.dualad.sparse;

import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;

/**
 * Random straight-line programs for the property tests: each gene (op, a, b) appends op(v[a],
 * v[b]) to a list of values that starts with the inputs (operands taken modulo the values so far,
 * so later genes may reuse earlier results: DAGs). Every op is defined and smooth at points in
 * (0.2, 0.8) except the deliberate kinks and cuts (abs, floor), and magnitudes stay moderate.
 */
final class RandomPrograms {
    static final int OPS = 12;

    private RandomPrograms() {
    }

    static <T extends RealFieldElement<T>> T apply(int op, T a, T b) {
        switch (op % OPS) {
            case 0: return a.multiply(b);
            case 1: return a.sin();
            case 2: return a.add(b).tanh().exp();
            case 3: return a.divide(b.multiply(b).add(1));
            case 4: return a.hypot(b);
            case 5: return a.atan2(b.abs().add(0.5));
            case 6: return a.multiply(a).add(1).sqrt();
            case 7: return a.multiply(3).subtract(b);
            case 8: return a.abs().multiply(b);
            case 9: return a.floor().add(b.tanh());
            case 10: return a.multiply(a).add(0.5).pow(b.sin());
            default: return a.multiply(a).log1p().multiply(b.cos());
        }
    }

    private static <T extends RealFieldElement<T>> T[] values(List<int[]> genes, T[] x) {
        T[] v = MathArrays.buildArray(x[0].getField(), x.length + genes.size());
        System.arraycopy(x, 0, v, 0, x.length);
        int size = x.length;
        for (int[] g : genes) {
            // operands from the last few values or the inputs, so results stay local (sparse)
            T a = v[Math.floorMod(g[1], size)];
            T b = v[Math.floorMod(g[2], size)];
            v[size++] = apply(g[0], a, b);
        }
        return v;
    }

    /** The sum of every gene's result. */
    static ScalarFunction scalar(List<int[]> genes) {
        return new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                T[] v = values(genes, x);
                T s = x[0].getField().getZero();
                for (int k = x.length; k < v.length; k++) {
                    s = s.add(v[k]);
                }
                return s;
            }
        };
    }

    /** One output per gene: its result. */
    static VectorFunction vector(List<int[]> genes) {
        return new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] x) {
                T[] v = values(genes, x);
                T[] out = MathArrays.buildArray(x[0].getField(), v.length - x.length);
                System.arraycopy(v, x.length, out, 0, out.length);
                return out;
            }
        };
    }
}
