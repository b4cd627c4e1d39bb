package org.dualad.dual;

import org.apache.commons.math3.exception.DimensionMismatchException;

/**
 * A {@link VectorRule} on the forward number types: the outputs' tangents are the rule's
 * Jacobian-vector products of the inputs' tangents, one product per direction that reaches the
 * block (a direction whose tangents are all exactly 0 gives 0 without a call: the zero policy).
 */
final class ForwardVector {
    private ForwardVector() {
    }

    static Dual[] dual(VectorRule rule, Dual[] x) {
        int n = x.length;
        double[] v = new double[n];
        double[] t = new double[n];
        boolean moving = false;
        for (int i = 0; i < n; i++) {
            v[i] = x[i].value();
            t[i] = x[i].tangent();
            moving |= t[i] != 0;
        }
        VectorRule.Linearization lin = rule.at(v);
        double[] dy = moving ? lin.jvp(t) : null;
        Dual[] y = new Dual[rule.outputs()];
        for (int j = 0; j < y.length; j++) {
            y[j] = Dual.of(lin.output(j), dy == null ? 0 : dy[j]);
        }
        return y;
    }

    static MultiDual[] multiDual(VectorRule rule, MultiDual[] x) {
        int n = x.length;
        int width = x[0].width();
        double[] v = new double[n];
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        Object pass = null;
        boolean seeded = false;
        for (int i = 0; i < n; i++) {
            MultiDual xi = x[i];
            if (xi.width() != width) {
                throw new DimensionMismatchException(xi.width(), width);
            }
            v[i] = xi.value();
            int len = xi.window().length;
            if (len > 0) {
                if (seeded && xi.pass() != pass) {
                    throw MultiDual.mixedPassesIn(rule.name());
                }
                pass = xi.pass();
                seeded = true;
                lo = Math.min(lo, xi.windowOffset());
                hi = Math.max(hi, xi.windowOffset() + len);
            }
        }
        VectorRule.Linearization lin = rule.at(v);
        int m = rule.outputs();
        MultiDual[] y = new MultiDual[m];
        if (!seeded) {
            for (int j = 0; j < m; j++) {
                y[j] = MultiDual.ofWindow(lin.output(j), width, 0, new double[0], null);
            }
            return y;
        }
        double[][] windows = new double[m][hi - lo];
        double[] dx = new double[n];
        for (int d = lo; d < hi; d++) {
            boolean moving = false;
            for (int i = 0; i < n; i++) {
                int k = d - x[i].windowOffset();
                double[] w = x[i].window();
                dx[i] = k >= 0 && k < w.length ? w[k] : 0;
                moving |= dx[i] != 0;
            }
            if (moving) {
                double[] dy = lin.jvp(dx);
                for (int j = 0; j < m; j++) {
                    windows[j][d - lo] = dy[j];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            y[j] = MultiDual.ofWindow(lin.output(j), width, lo, windows[j], pass);
        }
        return y;
    }

    /** f(a + b e1 + c e2 + d e1e2) = f(a) + J b e1 + J c e2 + (J d + D^2 f[b, c]) e1e2. */
    static HyperDual[] hyperDual(VectorRule rule, HyperDual[] x) {
        int n = x.length;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        double[] d = new double[n];
        boolean mb = false;
        boolean mc = false;
        boolean md = false;
        for (int i = 0; i < n; i++) {
            a[i] = x[i].value();
            b[i] = x[i].e1();
            c[i] = x[i].e2();
            d[i] = x[i].e1e2();
            mb |= b[i] != 0;
            mc |= c[i] != 0;
            md |= d[i] != 0;
        }
        VectorRule.Linearization lin = rule.at(a);
        double[] yb = mb ? lin.jvp(b) : null;
        double[] yc = mc ? lin.jvp(c) : null;
        double[] yd = md ? lin.jvp(d) : null;
        double[] ybc = mb && mc ? lin.secondOrder(b, c) : null;
        HyperDual[] y = new HyperDual[rule.outputs()];
        for (int j = 0; j < y.length; j++) {
            double e12 = (yd == null ? 0 : yd[j]) + (ybc == null ? 0 : ybc[j]);
            y[j] = HyperDual.of(lin.output(j), yb == null ? 0 : yb[j], yc == null ? 0 : yc[j], e12);
        }
        return y;
    }
}
