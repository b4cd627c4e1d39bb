package org.dualad.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The Gauss-Newton pieces of a least-squares fit summed over records: J<sup>T</sup>J (p x p),
 * J<sup>T</sup>r (p), the residual sum of squares r<sup>T</sup>r and the number of records, with
 * r<sub>i</sub> = y<sub>i</sub> - model(params, x<sub>i</sub>) and J the Jacobian of the model's
 * predictions with respect to the p parameters. Sums over disjoint sets of records add.
 *
 * @param jtj J<sup>T</sup>J, row-major, p x p
 * @param jtr J<sup>T</sup>r
 * @param rss r<sup>T</sup>r
 * @param count the number of records summed
 * @param nonFinite the number of records whose residual or Jacobian row is NaN or infinite
 */
public record NormalEquations(double[] jtj, double[] jtr, double rss, long count, long nonFinite)
        implements Serializable {

    /**
     * Nothing summed yet.
     *
     * @param p the number of parameters
     * @return zeros
     */
    public static NormalEquations zero(int p) {
        return new NormalEquations(new double[p * p], new double[p], 0, 0, 0);
    }

    /** @return p, the number of parameters */
    public int parameters() {
        return jtr.length;
    }

    /**
     * The sum of two disjoint parts.
     *
     * @param o the other part (same p)
     * @return this + o
     */
    public NormalEquations plus(NormalEquations o) {
        if (o.jtr.length != jtr.length) {
            throw new IllegalArgumentException("NormalEquations.plus: " + jtr.length + " parameters and "
                    + o.jtr.length);
        }
        double[] a = jtj.clone();
        double[] b = jtr.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += o.jtj[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] += o.jtr[i];
        }
        return new NormalEquations(a, b, rss + o.rss, count + o.count, nonFinite + o.nonFinite);
    }

    /** @return J<sup>T</sup>J as an EJML matrix (a copy) */
    public DMatrixRMaj jtjMatrix() {
        int p = jtr.length;
        return new DMatrixRMaj(p, p, true, jtj.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalEquations n && Arrays.equals(jtj, n.jtj) && Arrays.equals(jtr, n.jtr)
                && Double.doubleToLongBits(rss) == Double.doubleToLongBits(n.rss) && count == n.count
                && nonFinite == n.nonFinite;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(jtj) + Arrays.hashCode(jtr)) + Double.hashCode(rss) + Long.hashCode(count);
    }

    /** @return the sizes and the residual sum of squares */
    @Override
    public String toString() {
        return "NormalEquations[p=" + jtr.length + ", records=" + count + ", rss=" + rss
                + (nonFinite > 0 ? ", nonFinite=" + nonFinite : "") + ", JtJ=" + Arrays.toString(jtj)
                + ", Jtr=" + Arrays.toString(jtr) + "]";
    }
}
