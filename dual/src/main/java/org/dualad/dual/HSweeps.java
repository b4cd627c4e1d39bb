package org.dualad.dual;


/**
 * The sweeps of an {@link HTape} over its two recorded streams (per node i, {@code args[i]} packs
 * its arguments as (first &lt;&lt; 32) | second, the first -1 for an input whose second is its
 * ordinal; {@code part[5i .. 5i+4]} holds p0, p1, h00, h01, h11): the first-order backward sweep,
 * the activity pass that decides which tangents a backward sweep reads, the one-direction tangent
 * and dual-adjoint sweeps, the windowed K-direction tangent and adjoint-tangent sweeps, and the
 * symmetrization of an assembled Hessian. Static loops over primitive arrays; the caller owns,
 * zeroes and reads the work arrays, checks its arguments and maps inputs to their nodes. The
 * mathematics and the zero policy are described on {@link HTape}.
 */
final class HSweeps {
    private HSweeps() {
    }

    /**
     * First-order adjoints of every node up to out, for the seed p on out (the output is
     * phi(out) with phi' = p, so its gradient is p times out's). Every recorded node below has
     * two arguments; an input has none (its first argument is -1). adj arrives zeroed on [0, out].
     */
    static void adjoints(long[] ar, double[] pt, double[] adj, int out, double p) {
        adj[out] = p;
        // Node i's contribution to node i - 1 (most often its argument: a chain of operations) goes
        // to the next iteration in a register, not through adj[i - 1] in memory: a store and a
        // reload in consecutive iterations were the sweep's critical path. It is the last term
        // node i - 1 receives (its consumers are swept in decreasing order), so every sum is
        // taken in the same order as through memory; -0.0 is the exact identity of addition.
        double carry = -0.0;
        for (int i = out; i >= 0; i--) {
            double a = adj[i] + carry;
            adj[i] = a;
            carry = -0.0;
            long e = ar[i];
            int j = (int) (e >> 32);
            if (a == 0 || j < 0) {
                continue;
            }
            int k = (int) e;
            double c0;
            double c1;
            if (Math.abs(a) <= Double.MAX_VALUE) {
                // a finite non-zero adjoint: the plain products are the zero policy's (Chain)
                c0 = pt[5 * i] * a;
                c1 = pt[5 * i + 1] * a;
            } else {
                c0 = Chain.term(pt[5 * i], a);
                c1 = Chain.term(pt[5 * i + 1], a);
            }
            if (j == i - 1) {
                carry = c0;
            } else {
                adj[j] += c0;
            }
            if (k == i - 1) {
                carry = c1;
            } else {
                adj[k] += c1;
            }
        }
    }

    /**
     * Which nodes' tangents any backward sweep reads (activity analysis, once per call): the
     * output's when its q is not zero (it seeds the adjoint tangents with q times its tangent), and
     * node j's when a consumer has a second partial involving j (h_aa or h_ab for its first
     * argument, h_ab or h_bb for its second), or when a consumer's own tangent is needed and its
     * partial in j is not zero. A running sum, for example, feeds only additions (second partials
     * 0), so its tangents (dense in the directions) are never formed. need arrives false on [0, out].
     */
    static void tangentsNeeded(long[] ar, double[] pt, boolean[] need, int out, double q) {
        need[out] = q != 0;
        for (int c = out; c >= 0; c--) {
            int j = (int) (ar[c] >> 32);
            if (j < 0) {
                continue;
            }
            int d = 5 * c;
            boolean nc = need[c];
            double s01 = pt[d + 3];
            if ((nc && pt[d] != 0) || pt[d + 2] != 0 || s01 != 0) {
                need[j] = true;
            }
            if ((nc && pt[d + 1] != 0) || s01 != 0 || pt[d + 4] != 0) {
                need[(int) ar[c]] = true;
            }
        }
    }

    /**
     * The tangent of every node up to out along v (input r's entry v[r]), into t, which arrives
     * zeroed on [0, out]. Every tangent is formed: for one direction that costs no more than
     * deciding whether a backward sweep reads it (the activity pass pays off only for K
     * directions). With policy, every product with an exactly-zero factor is zero
     * ({@link Chain#term}), as the K-direction sweeps skip zero coefficients and zero entries.
     */
    static void tangentsOne(long[] ar, double[] pt, int[] inputs, int inputCount, int out, double[] v,
                            boolean policy, double[] t) {
        int m = out + 1;
        for (int r = 0; r < inputCount; r++) {
            int i = inputs[r];
            if (i < m) {
                t[i] = v[r];
            }
        }
        for (int i = 0; i < m; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j >= 0) {
                int k = (int) e;
                t[i] = policy ? Chain.term(pt[5 * i], t[j]) + Chain.term(pt[5 * i + 1], t[k])
                        : pt[5 * i] * t[j] + pt[5 * i + 1] * t[k];
            }
        }
    }

    /**
     * One backward sweep of dual adjoints along the tangents t (into a and b, which arrive zeroed
     * on [0, out]), seeded for y = phi(out): grad y = p grad(out), H y v = p H(out) v +
     * q grad(out) (grad(out) . v). Policy as in {@link #tangentsOne}.
     */
    static void dualAdjointsOne(long[] ar, double[] pt, int out, double p, double q, boolean policy, double[] t,
                                double[] a, double[] b) {
        a[out] = p;
        b[out] = Chain.term(q, t[out]);
        for (int i = out; i >= 0; i--) {
            double ai = a[i];
            double bi = b[i];
            long e = ar[i];
            int j = (int) (e >> 32);
            if ((ai == 0 && bi == 0) || j < 0) {
                continue;
            }
            int k = (int) e;
            int d = 5 * i;
            double tj = t[j];
            double tk = t[k];
            double px = pt[d];
            double py = pt[d + 1];
            double hxx = pt[d + 2];
            double hxy = pt[d + 3];
            double hyy = pt[d + 4];
            if (!policy) {
                a[j] += px * ai;
                a[k] += py * ai;
                b[j] += px * bi + (hxx * tj + hxy * tk) * ai;
                b[k] += py * bi + (hxy * tj + hyy * tk) * ai;
            } else {
                a[j] += Chain.term(px, ai);
                a[k] += Chain.term(py, ai);
                b[j] += Chain.term(px, bi) + Chain.term(Chain.term(hxx, tj) + Chain.term(hxy, tk), ai);
                b[k] += Chain.term(py, bi) + Chain.term(Chain.term(hxy, tj) + Chain.term(hyy, tk), ai);
            }
        }
    }

    /** H(i, j) = H(j, i) = their mean, in 64 x 64 blocks so the transposed reads stay in cache. */
    static void symmetrize(double[] hd, int n) {
        final int b = 64;
        for (int ib = 0; ib < n; ib += b) {
            int ie = Math.min(ib + b, n);
            for (int jb = ib; jb < n; jb += b) {
                int je = Math.min(jb + b, n);
                for (int i = ib; i < ie; i++) {
                    for (int j = Math.max(jb, i + 1); j < je; j++) {
                        double s = mean(hd[i * n + j], hd[j * n + i]);
                        hd[i * n + j] = s;
                        hd[j * n + i] = s;
                    }
                }
            }
        }
    }

    /**
     * (a + b) / 2 for the two computed entries of a symmetric pair. Halving the rounded sum is
     * exact below the top of the range; where the sum of two finite entries overflows (the mixed
     * entry -1/y^2 = -1e308 of x / y at y = 1e-154, computed twice) each is halved first instead,
     * exact there as both are far from the subnormal range, so the mean of two finite entries is
     * finite. Infinite or NaN entries give what a + b gives.
     */
    private static double mean(double a, double b) {
        double s = a + b;
        if (Math.abs(s) <= Double.MAX_VALUE || !(Math.abs(a) <= Double.MAX_VALUE && Math.abs(b) <= Double.MAX_VALUE)) {
            return 0.5 * s;
        }
        return 0.5 * a + 0.5 * b;
    }

    /** Per-call work arrays of a K-direction sweep over m nodes. */
    static final class Work {
        final double[] tan;
        final int[] tlo;
        final int[] thi;
        final double[] at;
        final int[] alo;
        final int[] ahi;

        Work(int m, int kk) {
            tan = new double[m * kk];
            tlo = new int[m];
            thi = new int[m];
            at = new double[m * kk];
            alo = new int[m];
            ahi = new int[m];
        }
    }

    /**
     * One windowed K-direction tangent sweep then one backward sweep of adjoint tangents, given
     * the first-order adjoints adj (seeded with the output's p) and the output's q, which seeds
     * the output's adjoint tangents with q times its tangents. Seed row q (input q's tangents) is
     * seed[q K .. q K + K); a null seed means the unit directions base .. base + width - 1.
     */
    static void sweep(long[] ar, double[] pt, int out, double[] adj, double outQ, double[] seed, int base, int width,
                      int kk, Work w, boolean[] need) {
        final double[] tan = w.tan;
        final int[] tlo = w.tlo;
        final int[] thi = w.thi;
        final double[] at = w.at;
        final int[] alo = w.alo;
        final int[] ahi = w.ahi;
        // forward tangents, windowed
        for (int i = 0; i <= out; i++) {
            int j = (int) (ar[i] >> 32);
            int ti = i * kk;
            if (j < 0) {
                if (seed == null) {
                    // unit seeds: input q carries direction q - base when that is in the batch
                    int dir = (int) ar[i] - base;
                    if (dir >= 0 && dir < width) {
                        tlo[i] = dir;
                        thi[i] = dir + 1;
                        tan[ti + dir] = 1;
                    } else {
                        tlo[i] = 0;
                        thi[i] = 0;
                    }
                    continue;
                }
                int so = (int) ar[i] * kk;
                int lo = 0;
                while (lo < kk && seed[so + lo] == 0) {
                    lo++;
                }
                int hi = kk;
                while (hi > lo && seed[so + hi - 1] == 0) {
                    hi--;
                }
                tlo[i] = lo;
                thi[i] = hi;
                System.arraycopy(seed, so + lo, tan, ti + lo, hi - lo);
                continue;
            }
            if (!need[i]) {
                continue;
            }
            int k = (int) ar[i];
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            boolean uj = px != 0 && tlo[j] < thi[j];
            boolean uk = py != 0 && tlo[k] < thi[k];
            int lo;
            int hi;
            if (uj && uk) {
                lo = Math.min(tlo[j], tlo[k]);
                hi = Math.max(thi[j], thi[k]);
            } else if (uj) {
                lo = tlo[j];
                hi = thi[j];
            } else if (uk) {
                lo = tlo[k];
                hi = thi[k];
            } else {
                tlo[i] = 0;
                thi[i] = 0;
                continue;
            }
            tlo[i] = lo;
            thi[i] = hi;
            for (int d = lo; d < hi; d++) {
                tan[ti + d] = 0;
            }
            if (uj) {
                axpy(px, tan, j * kk, tlo[j], thi[j], tan, ti);
            }
            if (uk) {
                axpy(py, tan, k * kk, tlo[k], thi[k], tan, ti);
            }
        }
        // backward: adjoint tangents, windowed; adjoint values are adj
        for (int i = 0; i <= out; i++) {
            alo[i] = 0;
            ahi[i] = 0;
        }
        if (outQ != 0 && tlo[out] < thi[out]) {
            // y = phi(out): H y = p H(out) + q grad(out) grad(out)^T, and q grad(out)^T V enters
            // as the output's adjoint tangents
            int to = out * kk;
            extend(at, out, kk, alo, ahi, tlo[out], thi[out]);
            axpy(outQ, tan, to, tlo[out], thi[out], at, to);
        }
        for (int i = out; i >= 0; i--) {
            int j = (int) (ar[i] >> 32);
            if (j < 0) {
                continue;
            }
            double ai = adj[i];
            int lo = alo[i];
            int hi = ahi[i];
            boolean hasAt = lo < hi;
            if (!hasAt && ai == 0) {
                continue;
            }
            int k = (int) ar[i];
            int ti = i * kk;
            int tj = j * kk;
            int tk = k * kk;
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            double cxx = Chain.term(pt[5 * i + 2], ai);
            double cxy = Chain.term(pt[5 * i + 3], ai);
            double cyy = Chain.term(pt[5 * i + 4], ai);
            if (hasAt) {
                if (px != 0) {
                    extend(at, j, kk, alo, ahi, lo, hi);
                    axpy(px, at, ti, lo, hi, at, tj);
                }
                if (py != 0) {
                    extend(at, k, kk, alo, ahi, lo, hi);
                    axpy(py, at, ti, lo, hi, at, tk);
                }
            }
            boolean wj = tlo[j] < thi[j];
            boolean wk = tlo[k] < thi[k];
            if (cxx != 0 && wj) {
                extend(at, j, kk, alo, ahi, tlo[j], thi[j]);
                axpy(cxx, tan, tj, tlo[j], thi[j], at, tj);
            }
            if (cxy != 0) {
                if (wk) {
                    extend(at, j, kk, alo, ahi, tlo[k], thi[k]);
                    axpy(cxy, tan, tk, tlo[k], thi[k], at, tj);
                }
                if (wj) {
                    extend(at, k, kk, alo, ahi, tlo[j], thi[j]);
                    axpy(cxy, tan, tj, tlo[j], thi[j], at, tk);
                }
            }
            if (cyy != 0 && wk) {
                extend(at, k, kk, alo, ahi, tlo[k], thi[k]);
                axpy(cyy, tan, tk, tlo[k], thi[k], at, tk);
            }
        }
    }

    /** dst[dOff + d] += c src[sOff + d] for d in [lo, hi), with the zero policy. */
    private static void axpy(double c, double[] src, int sOff, int lo, int hi, double[] dst, int dOff) {
        for (int d = lo; d < hi; d++) {
            double s = src[sOff + d];
            if (s != 0) {
                dst[dOff + d] += c * s;
            }
        }
    }

    /** Widens node j's adjoint-tangent window to cover [lo, hi), zeroing the new entries. */
    private static void extend(double[] at, int j, int kk, int[] alo, int[] ahi, int lo, int hi) {
        int base = j * kk;
        int ol = alo[j];
        int oh = ahi[j];
        if (ol >= oh) {
            for (int d = lo; d < hi; d++) {
                at[base + d] = 0;
            }
            alo[j] = lo;
            ahi[j] = hi;
            return;
        }
        if (lo < ol) {
            for (int d = lo; d < ol; d++) {
                at[base + d] = 0;
            }
            alo[j] = lo;
        }
        if (hi > oh) {
            for (int d = oh; d < hi; d++) {
                at[base + d] = 0;
            }
            ahi[j] = hi;
        }
    }

    /**
     * The packed tangent windows of a forward sweep over m nodes: node i's tangent along
     * direction base + d, for d in [lo[i], hi[i]), is pool[off[i] + d]; outside its window it is
     * exactly zero. Its slice of the pool covers [clo[i], chi[i]) &supe; [lo[i], hi[i]), room to
     * widen the window in place. last[j] is the last node reading node j's tangents (a node may
     * take over the slice of an argument it is the last reader of). The pool grows as slices are
     * packed; a sweep reuses it.
     */
    static final class Tangents {
        final int[] lo;
        final int[] hi;
        final int[] off;
        final int[] clo;
        final int[] chi;
        final int[] last;
        double[] pool;

        Tangents(int m) {
            lo = new int[m];
            hi = new int[m];
            off = new int[m];
            clo = new int[m];
            chi = new int[m];
            last = new int[m];
            pool = new double[Math.max(64, 2 * m)];
        }

        /** Room for at least need entries, the packed ones kept. */
        double[] grow(int need) {
            pool = java.util.Arrays.copyOf(pool, Math.max(need, 2 * pool.length));
            return pool;
        }
    }

    /** last[j] = the last node up to out that has j as an argument (0 when none). */
    static void lastReaders(long[] ar, int out, int[] last) {
        java.util.Arrays.fill(last, 0, out + 1, 0);
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j >= 0) {
                last[j] = i;
                last[(int) e] = i;
            }
        }
    }

    /**
     * One forward sweep of the unit directions base .. base + width - 1 (input of ordinal q
     * carries direction q - base when that is in [0, width)) over nodes 0 .. out, into w (whose
     * last readers are set): node i's tangents are p0 t[a0] + p1 t[a1] on the union of its
     * arguments' windows, an argument with a zero partial or an empty window left out. When node
     * i is the last reader of an argument it takes over that argument's slice and updates it in
     * place (scaled unless its partial is 1, widened into room that doubles when short), so a
     * running sum costs the width of each term it adds, not the width of the sum. Zero policy as
     * {@link #adjoints}: plain products where the partial is finite (its zero entries give zero),
     * {@link Chain#term} where it is infinite or NaN, so a zero tangent entry stays zero.
     */
    static void tangents(long[] ar, double[] pt, int out, int base, int width, Tangents w) {
        final int[] lo = w.lo;
        final int[] hi = w.hi;
        final int[] off = w.off;
        final int[] clo = w.clo;
        final int[] chi = w.chi;
        final int[] last = w.last;
        double[] pool = w.pool;
        int top = 0;
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j < 0) {
                int dir = (int) e - base;
                if (dir >= 0 && dir < width) {
                    if (top == pool.length) {
                        pool = w.grow(top + 1);
                    }
                    lo[i] = dir;
                    hi[i] = dir + 1;
                    clo[i] = dir;
                    chi[i] = dir + 1;
                    off[i] = top - dir;
                    pool[top++] = 1;
                } else {
                    lo[i] = 0;
                    hi[i] = 0;
                }
                continue;
            }
            int k = (int) e;
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            int lj = lo[j];
            int hj = hi[j];
            int lk = lo[k];
            int hk = hi[k];
            boolean uj = px != 0 && lj < hj;
            boolean uk = py != 0 && lk < hk;
            if (!uj && !uk) {
                lo[i] = 0;
                hi[i] = 0;
                continue;
            }
            int l = uj ? (uk ? Math.min(lj, lk) : lj) : lk;
            int h = uj ? (uk ? Math.max(hj, hk) : hj) : hk;
            // the argument whose slice node i takes over: one it reads last, the wider if both
            int own = uj && last[j] == i ? j : -1;
            if (uk && last[k] == i && (own < 0 || hk - lk > hj - lj)) {
                own = k;
            }
            if (own < 0) {
                if (top + (h - l) > pool.length) {
                    pool = w.grow(top + (h - l));
                }
                int o = top - l;
                lo[i] = l;
                hi[i] = h;
                clo[i] = l;
                chi[i] = h;
                off[i] = o;
                top += h - l;
                if (uj) {
                    for (int d = l; d < lj; d++) {
                        pool[o + d] = 0;
                    }
                    scaled(px, pool, off[j], lj, hj, o, false);
                    for (int d = hj; d < h; d++) {
                        pool[o + d] = 0;
                    }
                    if (uk) {
                        scaled(py, pool, off[k], lk, hk, o, true);
                    }
                } else {
                    scaled(py, pool, off[k], lk, hk, o, false);
                }
                continue;
            }
            int ol = lo[own];
            int oh = hi[own];
            int o = off[own];
            int cl = clo[own];
            int ch = chi[own];
            if (l < cl || h > ch) {
                // move to a slice of twice the room (at most the batch), placed to cover [l, h)
                int c = Math.min(width, Math.max(2 * (ch - cl), h - l));
                cl = Math.min(l, width - c);
                ch = cl + c;
                if (top + c > pool.length) {
                    pool = w.grow(top + c);
                }
                int no = top - cl;
                top += c;
                System.arraycopy(pool, o + ol, pool, no + ol, oh - ol);
                o = no;
            }
            double co = own == j ? px : py;
            if (co != 1) {
                scaled(co, pool, o, ol, oh, o, false);
            }
            for (int d = l; d < ol; d++) {
                pool[o + d] = 0;
            }
            for (int d = oh; d < h; d++) {
                pool[o + d] = 0;
            }
            if (own == j ? uk : uj) {
                int other = own == j ? k : j;
                scaled(own == j ? py : px, pool, off[other], lo[other], hi[other], o, true);
            }
            lo[i] = l;
            hi[i] = h;
            clo[i] = cl;
            chi[i] = ch;
            off[i] = o;
        }
    }

    /**
     * pool[o + d] = c pool[s + d] (or += with add) for d in [lo, hi), c not zero: plain products
     * for a finite c, the zero policy's for an infinite or NaN one. s = o scales in place.
     */
    private static void scaled(double c, double[] pool, int s, int lo, int hi, int o, boolean add) {
        if (Math.abs(c) <= Double.MAX_VALUE) {
            if (add) {
                for (int d = lo; d < hi; d++) {
                    pool[o + d] += c * pool[s + d];
                }
            } else {
                for (int d = lo; d < hi; d++) {
                    pool[o + d] = c * pool[s + d];
                }
            }
        } else {
            for (int d = lo; d < hi; d++) {
                double t = Chain.term(c, pool[s + d]);
                pool[o + d] = add ? pool[o + d] + t : t;
            }
        }
    }
}
