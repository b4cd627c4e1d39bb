package org.dualad.dual;

/**
 * A truncated power series whose coefficient i is m[i] 2^e[i] (m[i] 0, or in [1, 2) in magnitude):
 * Taylor mode's fallback where a recurrence in doubles met a term beyond the double range on one
 * side while its coefficient needs it with a factor from the other (u0^7 = 1e-840 beside
 * (u_2 / u0)^2 = 1e714). Sums and products round once each, as in doubles, but never overflow or
 * underflow; a term below another by more than 2^-1100 adds nothing to it. Each kernel is the
 * double recurrence of {@link Taylor} around a value moved to 0 or 1 (the series of the function
 * of u0 + delta, with delta = u - u0, or of 1 + eps, with eps = (u - u0) / u0), so that the value's
 * own size enters once, when a coefficient is rounded to a double ({@link #rounded}).
 */
final class WideSeries {
    final double[] m;
    final int[] e;

    WideSeries(int n) {
        m = new double[n];
        e = new int[n];
    }

    /** u's coefficients from index from on (those below are 0); every coefficient finite. */
    static WideSeries of(double[] u, int from) {
        WideSeries w = new WideSeries(u.length);
        for (int i = from; i < u.length; i++) {
            w.add(i, u[i], 0);
        }
        return w;
    }

    /** eps = (u - u0) / u0, coefficient 0 zero (u0 finite and not 0, every coefficient finite). */
    static WideSeries relative(double[] u) {
        int eu = FieldRules.exponent(u[0]);
        double mu = Math.scalb(u[0], -eu);
        WideSeries eps = new WideSeries(u.length);
        for (int i = 1; i < u.length; i++) {
            if (u[i] != 0) {
                int ei = FieldRules.exponent(u[i]);
                eps.add(i, Math.scalb(u[i], -ei) / mu, ei - eu);
            }
        }
        return eps;
    }

    /** coefficient i += v 2^x (v finite). */
    void add(int i, double v, int x) {
        if (v == 0) {
            return;
        }
        int k = FieldRules.exponent(v);
        v = Math.scalb(v, -k);
        x += k;
        double sum;
        if (m[i] == 0) {
            sum = v;
        } else if (x >= e[i]) {
            sum = v + Math.scalb(m[i], Math.max(-1100, e[i] - x));
        } else {
            sum = m[i] + Math.scalb(v, Math.max(-1100, x - e[i]));
            x = e[i];
        }
        if (sum == 0) {
            m[i] = 0;
            e[i] = 0;
            return;
        }
        int ks = FieldRules.exponent(sum);
        m[i] = Math.scalb(sum, -ks);
        e[i] = x + ks;
    }

    /** coefficient i += c a_j b_k, c a finite double (its exponent kept apart too). */
    private void addProduct(int i, double c, WideSeries a, int j, WideSeries b, int k) {
        if (c != 0 && a.m[j] != 0 && b.m[k] != 0) {
            int ec = FieldRules.exponent(c);
            add(i, Math.scalb(c, -ec) * a.m[j] * b.m[k], ec + a.e[j] + b.e[k]);
        }
    }

    /** The Cauchy product with b. */
    WideSeries times(WideSeries b) {
        int n = m.length;
        WideSeries r = new WideSeries(n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                r.addProduct(j, 1, this, i, b, j - i);
            }
        }
        return r;
    }

    /** a this + b y, a and b finite doubles (their exponents kept apart). */
    WideSeries combine(double a, double b, WideSeries y) {
        int n = m.length;
        WideSeries r = new WideSeries(n);
        for (int j = 0; j < n; j++) {
            r.addScaled(j, a, this, j);
            r.addScaled(j, b, y, j);
        }
        return r;
    }

    /** coefficient i += c a_j, c a finite double. */
    private void addScaled(int i, double c, WideSeries a, int j) {
        if (c != 0 && a.m[j] != 0) {
            int ec = FieldRules.exponent(c);
            add(i, Math.scalb(c, -ec) * a.m[j], ec + a.e[j]);
        }
    }

    /** (1 + eps)^p = 1 + &Sigma;_k binomial(p, k) eps<sup>k</sup> (eps's coefficient 0 is 0). */
    static WideSeries onePlusPower(WideSeries eps, double p) {
        int n = eps.m.length;
        WideSeries w = new WideSeries(n);
        WideSeries ek = eps;
        // binomial(p, k) = mb 2^eb: with a huge p (x^1e300) it leaves the range by itself
        double mb = 1;
        int eb = 0;
        for (int k = 1; k < n; k++) {
            mb *= (p - (k - 1)) / k;
            if (mb == 0) {
                break; // an integer power's binomials end at k = p
            }
            int x = FieldRules.exponent(mb);
            mb = Math.scalb(mb, -x);
            eb += x;
            if (k > 1) {
                ek = ek.times(eps);
            }
            for (int j = k; j < n; j++) {
                w.add(j, mb * ek.m[j], eb + ek.e[j]);
            }
        }
        w.add(0, 1, 0);
        return w;
    }

    /** log(1 + eps), coefficient 0 zero: l_j = eps_j - (1/j) &Sigma;_{i&lt;j} i l_i eps_(j-i). */
    static WideSeries log1p(WideSeries eps) {
        int n = eps.m.length;
        WideSeries l = new WideSeries(n);
        for (int j = 1; j < n; j++) {
            l.add(j, eps.m[j], eps.e[j]);
            for (int i = 1; i < j; i++) {
                l.addProduct(j, -(double) i / j, l, i, eps, j - i);
            }
        }
        return l;
    }

    /** exp(z - z0): x_0 = 1, x_j = (1/j) &Sigma;_{i=1..j} i z_i x_(j-i). */
    static WideSeries exp(WideSeries z) {
        int n = z.m.length;
        WideSeries x = new WideSeries(n);
        x.add(0, 1, 0);
        for (int j = 1; j < n; j++) {
            for (int i = 1; i <= j; i++) {
                x.addProduct(j, (double) i / j, z, i, x, j - i);
            }
        }
        return x;
    }

    /**
     * {sin, cos}(d - d0), or {sinh, cosh}: s_j = (1/j) &Sigma; i d_i c_(j-i), c_j = &plusmn;(1/j)
     * &Sigma; i d_i s_(j-i), s_0 = 0, c_0 = 1.
     */
    static WideSeries[] sinCos(WideSeries d, boolean hyperbolic) {
        int n = d.m.length;
        WideSeries s = new WideSeries(n);
        WideSeries c = new WideSeries(n);
        c.add(0, 1, 0);
        double sign = hyperbolic ? 1 : -1;
        for (int j = 1; j < n; j++) {
            for (int i = 1; i <= j; i++) {
                s.addProduct(j, (double) i / j, d, i, c, j - i);
                c.addProduct(j, sign * i / j, d, i, s, j - i);
            }
        }
        return new WideSeries[] {s, c};
    }

    /** coefficient j times f 2^x (f finite, not 0). */
    private void scaleAt(int j, double f, int x) {
        if (m[j] != 0) {
            double v = m[j] * f;
            int k = FieldRules.exponent(v);
            m[j] = Math.scalb(v, -k);
            e[j] += x + k;
        }
    }

    /** The square root of w (w_0 &gt; 0): 2 y0 y_j = w_j - &Sigma;_{i=1..j-1} y_i y_(j-i). */
    static WideSeries sqrt(WideSeries w) {
        int n = w.m.length;
        WideSeries y = new WideSeries(n);
        int e0 = w.e[0];
        double m0 = (e0 & 1) == 0 ? w.m[0] : 2 * w.m[0]; // sqrt(m 2^e) with an even exponent
        y.add(0, Math.sqrt(m0), Math.floorDiv(e0, 2));
        for (int j = 1; j < n; j++) {
            y.add(j, w.m[j], w.e[j]);
            for (int i = 1; i < j; i++) {
                y.addProduct(j, -1, y, i, y, j - i);
            }
            y.scaleAt(j, 1 / (2 * y.m[0]), -y.e[0]);
        }
        return y;
    }

    /** y' w = u' with y0 given: y_j = (j u_j - &Sigma;_{i=1..j-1} i y_i w_(j-i)) / (j w_0). */
    static WideSeries inverse(double y0, WideSeries u, WideSeries w) {
        int n = u.m.length;
        WideSeries y = new WideSeries(n);
        y.add(0, y0, 0);
        for (int j = 1; j < n; j++) {
            y.addScaled(j, j, u, j);
            for (int i = 1; i < j; i++) {
                y.addProduct(j, -i, y, i, w, j - i);
            }
            y.scaleAt(j, 1 / (j * w.m[0]), -w.e[0]);
        }
        return y;
    }

    /** w = u / v (v_0 not 0): v_0 w_j = u_j - &Sigma;_{i=1..j} v_i w_(j-i). */
    static WideSeries quotient(WideSeries u, WideSeries v) {
        int n = u.m.length;
        WideSeries w = new WideSeries(n);
        for (int j = 0; j < n; j++) {
            w.add(j, u.m[j], u.e[j]);
            for (int i = 1; i <= j; i++) {
                w.addProduct(j, -1, v, i, w, j - i);
            }
            w.scaleAt(j, 1 / v.m[0], -v.e[0]);
        }
        return w;
    }

    /**
     * y' = g u' with g = g0 + sign (y^2 - y0^2) (tan: 1 + y^2, tanh: 1 - y^2), y0 and g0 given,
     * g0 as root^2 where root is not 0 (sech^2 underflows where sech does not).
     */
    static WideSeries tangent(WideSeries u, double y0, double g0, double root, double sign) {
        int n = u.m.length;
        WideSeries y = new WideSeries(n);
        WideSeries g = new WideSeries(n);
        y.add(0, y0, 0);
        if (root != 0) {
            int k = FieldRules.exponent(root);
            double mr = Math.scalb(root, -k);
            g.add(0, mr * mr, 2 * k);
        } else {
            g.add(0, g0, 0);
        }
        for (int j = 1; j < n; j++) {
            for (int i = 1; i <= j; i++) {
                y.addProduct(j, (double) i / j, u, i, g, j - i);
            }
            for (int i = 0; i <= j; i++) {
                g.addProduct(j, sign, y, i, y, j - i);
            }
        }
        return y;
    }

    /**
     * y_j = mf 2^ef coefficient j, rounded to a double once, for j &gt;= 1 (y_0 = y0); mf finite. An
     * exactly zero coefficient is 0 beside any factor, finite in exact arithmetic.
     */
    double[] rounded(double y0, double mf, int ef) {
        int n = m.length;
        double[] y = new double[n];
        y[0] = y0;
        for (int j = 1; j < n; j++) {
            y[j] = m[j] == 0 ? 0 : Math.scalb(mf * m[j], (int) Math.max(-4000, Math.min(4000, (long) ef + e[j])));
        }
        return y;
    }

    /**
     * As {@link #rounded(double, double, int)} with f = f0 where f0 is a normal double, else f =
     * u0^p with its exponents apart ({@link Values#powTerm}).
     */
    double[] rounded(double y0, double f0, double u0, double p) {
        if (FieldRules.normal(f0)) {
            int ef = FieldRules.exponent(f0);
            return rounded(y0, Math.scalb(f0, -ef), ef);
        }
        int n = m.length;
        double[] y = new double[n];
        y[0] = y0;
        for (int j = 1; j < n; j++) {
            y[j] = m[j] == 0 ? 0 : Values.powTerm(m[j], 1, u0, p, 0, e[j]);
        }
        return y;
    }
}
