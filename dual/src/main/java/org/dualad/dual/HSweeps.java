package org.dualad.dual;


/**
 * The sweeps of an {@link HTape} over its two recorded streams (per node i, {@code args[i]} packs
 * its arguments as (first &lt;&lt; 32) | second, the first -1 for an input whose second is its
 * ordinal; {@code part[5i .. 5i+4]} holds p0, p1, h00, h01, h11, not written for an input, so no
 * sweep reads an input's part entries): the first-order backward sweep,
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
    static void adjoints(long[] ar, double[] pt, double[] adj, int out, double p, int low) {
        adj[out] = p;
        // Node i's contribution to node i - 1 (most often its argument: a chain of operations) goes
        // to the next iteration in a register, not through adj[i - 1] in memory: a store and a
        // reload in consecutive iterations were the sweep's critical path. It is the last term
        // node i - 1 receives (its consumers are swept in decreasing order), so every sum is
        // taken in the same order as through memory; -0.0 is the exact identity of addition.
        // Nodes below low are inputs, which pass nothing on: the sweep stops above them, and only
        // the carry bound for node low - 1 remains to be added.
        double carry = -0.0;
        for (int i = out; i >= low; i--) {
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
        if (low > 0 && low <= out) {
            adj[low - 1] += carry;
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
            this(m, kk, true);
        }

        /** With adjointTangents false, no adjoint-tangent rows: a first-order sweep reads only tan. */
        Work(int m, int kk, boolean adjointTangents) {
            tan = new double[m * kk];
            tlo = new int[m];
            thi = new int[m];
            at = new double[adjointTangents ? m * kk : 0];
            alo = new int[m];
            ahi = new int[m];
        }

        /** @return the bytes its arrays hold, headers not counted */
        long bytes() {
            return 8L * (tan.length + at.length) + 16L * tlo.length;
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

    /**
     * The K-direction sweep of {@link #sweep} without windows, in plain arithmetic: every formed
     * tangent and adjoint tangent is a dense row of K entries, so a node costs K multiply-adds and
     * one pass of its indices, where a window's bookkeeping costs more than three narrow products
     * (a compressed sparse Hessian's color seeds). Products and sums come in {@link #sweep}'s
     * order and association and skip the same zero coefficients, so results are its bits where
     * no product meets 0 times an infinity or NaN; there the plain product is NaN, and since NaN
     * absorbs every later sum and product, a result that differs from the zero policy's is NaN:
     * the caller redoes the sweep with {@link #sweep} when any result is NaN. Seeds are row q =
     * input q, seed[q K .. q K + K); a null seed means the unit directions base .. base + K - 1,
     * as in {@link #sweep}. With withAdjoints the first-order adjoints come from the same
     * backward pass, into adj (arriving zeroed on [0, out]), in {@link #adjoints}'s order: its
     * bits where they are finite; without, adj holds them already. Uses w.tan and w.at (their first m K entries) and w.alo as a flag (1: node i's
     * adjoint tangents hold something); need as in {@link #sweep}.
     */
    static void block(long[] ar, double[] pt, int out, double p, double outQ, double[] seed, int base, int kk,
                      Work w, boolean[] need, double[] adj, boolean withAdjoints) {
        final double[] tan = w.tan;
        final double[] at = w.at;
        final int[] live = w.alo;
        int m = out + 1;
        // rows no sweep forms read as zeros: a zero coefficient's product with them is then 0
        java.util.Arrays.fill(tan, 0, m * kk, 0);
        java.util.Arrays.fill(at, 0, m * kk, 0);
        java.util.Arrays.fill(live, 0, m, 0);
        blockTangents(ar, pt, out, seed, base, kk, tan, need);
        if (outQ != 0) {
            int to = out * kk;
            for (int d = 0; d < kk; d++) {
                at[to + d] = outQ * tan[to + d];
            }
            live[out] = 1;
        }
        if (withAdjoints) {
            adj[out] = p;
        }
        for (int i = out; i >= 0; i--) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j < 0) {
                continue;
            }
            double ai = adj[i];
            boolean hasAt = live[i] != 0;
            if (!hasAt && ai == 0) {
                continue;
            }
            int k = (int) e;
            int ti = i * kk;
            int tj = j * kk;
            int tk = k * kk;
            int c = 5 * i;
            double px = pt[c];
            double py = pt[c + 1];
            if (withAdjoints) {
                adj[j] += px * ai;
                adj[k] += py * ai;
            }
            if (hasAt) {
                if (px != 0) {
                    live[j] = 1;
                    addScaled(px, at, ti, at, tj, kk);
                }
                if (py != 0) {
                    live[k] = 1;
                    addScaled(py, at, ti, at, tk, kk);
                }
            }
            double cxx = Chain.term(pt[c + 2], ai);
            double cxy = Chain.term(pt[c + 3], ai);
            double cyy = Chain.term(pt[c + 4], ai);
            if (cxx != 0) {
                live[j] = 1;
                addScaled(cxx, tan, tj, at, tj, kk);
            }
            if (cxy != 0) {
                live[j] = 1;
                live[k] = 1;
                addScaled(cxy, tan, tk, at, tj, kk);
                addScaled(cxy, tan, tj, at, tk, kk);
            }
            if (cyy != 0) {
                live[k] = 1;
                addScaled(cyy, tan, tk, at, tk, kk);
            }
        }
    }

    /**
     * dst[o + d] += c src[s + d] for d in [0, K): a block sweep's row update, written out up to 16
     * entries (the first 8, then the rest falling through from its last entry down), where a loop
     * of so few trips spent more on entering it than on its products (as {@link #blockTangents}).
     */
    @SuppressWarnings("fallthrough") // the written-out entries fall through on purpose
    private static void addScaled(double c, double[] src, int s, double[] dst, int o, int kk) {
        int r = kk;
        if (kk > 8 && kk <= 16) {
            dst[o] += c * src[s];
            dst[o + 1] += c * src[s + 1];
            dst[o + 2] += c * src[s + 2];
            dst[o + 3] += c * src[s + 3];
            dst[o + 4] += c * src[s + 4];
            dst[o + 5] += c * src[s + 5];
            dst[o + 6] += c * src[s + 6];
            dst[o + 7] += c * src[s + 7];
            s += 8;
            o += 8;
            r -= 8;
        }
        switch (r) {
            case 8:
                dst[o + 7] += c * src[s + 7];
            case 7:
                dst[o + 6] += c * src[s + 6];
            case 6:
                dst[o + 5] += c * src[s + 5];
            case 5:
                dst[o + 4] += c * src[s + 4];
            case 4:
                dst[o + 3] += c * src[s + 3];
            case 3:
                dst[o + 2] += c * src[s + 2];
            case 2:
                dst[o + 1] += c * src[s + 1];
            case 1:
                dst[o] += c * src[s];
                return;
            default:
                for (int d = 0; d < kk; d++) {
                    dst[o + d] += c * src[s + d];
                }
        }
    }

    /**
     * For each batch b of K unit directions (inputs bK .. bK + K - 1 of n), the share of its
     * formed tangent entries that lie inside the nodes' reach: node i's tangents can be non-zero
     * only for the inputs between the lowest and the highest one it depends on, which bounds the
     * windows a windowed sweep keeps. Counted in one pass over the tape and one over the formed
     * (needed) nodes, adding each node's overlap to every batch its reach crosses. lo and hi
     * (at least out + 1 entries) are scratch: a {@link Work}'s adjoint-tangent bounds, which both
     * sweeps clear before they read them.
     */
    static double[] batchFill(long[] ar, boolean[] need, int out, int n, int kk, int[] lo, int[] hi) {
        int m = out + 1;
        int batches = (n + kk - 1) / kk;
        long[] spanned = new long[batches];
        long formed = 0;
        reach(ar, out, lo, hi);
        for (int i = 0; i < m; i++) {
            if ((ar[i] >> 32) < 0 || !need[i]) {
                continue;
            }
            formed++;
            for (int b = lo[i] / kk; b <= hi[i] / kk; b++) {
                spanned[b] += Math.min(hi[i] + 1, (b + 1) * kk) - Math.max(lo[i], b * kk);
            }
        }
        double[] fill = new double[batches];
        for (int b = 0; b < batches; b++) {
            int width = Math.min(kk, n - b * kk);
            fill[b] = formed == 0 ? 0 : spanned[b] / ((double) formed * width);
        }
        return fill;
    }

    /**
     * Each node's reach, up to out: lo[i] .. hi[i], the lowest and the highest input ordinal node
     * i depends on (an input's is its own ordinal), outside which its tangents are exactly zero.
     */
    static void reach(long[] ar, int out, int[] lo, int[] hi) {
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j < 0) {
                lo[i] = (int) e;
                hi[i] = (int) e;
                continue;
            }
            int k = (int) e;
            lo[i] = Math.min(lo[j], lo[k]);
            hi[i] = Math.max(hi[j], hi[k]);
        }
    }

    /**
     * The tangents of every node up to out along K seed columns, as dense rows of K entries in
     * plain arithmetic: tan[i K + d] is node i's tangent along column d (an input's is its seed row,
     * seed[q K .. q K + K) for input q). Where every product has finite factors or a non-zero
     * coefficient these are {@link #tangentsOne}'s values under the zero policy; elsewhere a plain
     * product of zero and an infinity is NaN, which every later sum keeps, so a result that
     * differs from the policy's is NaN and the caller redoes that column with the policy. With
     * need, only the marked nodes' tangents are formed (the others' rows are left as they are). A
     * null seed means the unit directions base .. base + K - 1: input q's row is e_(q - base), or
     * zero outside them.
     */
    @SuppressWarnings("fallthrough") // the written-out rows below fall through on purpose
    static void blockTangents(long[] ar, double[] pt, int out, double[] seed, int base, int kk, double[] tan,
                              boolean[] need) {
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            int ti = i * kk;
            if (j < 0) {
                if (seed != null) {
                    System.arraycopy(seed, (int) e * kk, tan, ti, kk);
                } else {
                    java.util.Arrays.fill(tan, ti, ti + kk, 0);
                    int d = (int) e - base;
                    if (d >= 0 && d < kk) {
                        tan[ti + d] = 1;
                    }
                }
                continue;
            }
            if (need != null && !need[i]) {
                continue;
            }
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            int tj = j * kk;
            int tk = (int) e * kk;
            if (kk <= 16) {
                // written out, the first 8 then the rest falling through from its last entry
                // down: a loop of so few trips spent more on entering it than on its products (a
                // curve model's 7 and 4 directions 2.2x faster, 10 to 16 directions 1.25x to
                // 1.7x, a harness on Java 17)
                int r = kk;
                if (kk > 8) {
                    tan[ti] = px * tan[tj] + py * tan[tk];
                    tan[ti + 1] = px * tan[tj + 1] + py * tan[tk + 1];
                    tan[ti + 2] = px * tan[tj + 2] + py * tan[tk + 2];
                    tan[ti + 3] = px * tan[tj + 3] + py * tan[tk + 3];
                    tan[ti + 4] = px * tan[tj + 4] + py * tan[tk + 4];
                    tan[ti + 5] = px * tan[tj + 5] + py * tan[tk + 5];
                    tan[ti + 6] = px * tan[tj + 6] + py * tan[tk + 6];
                    tan[ti + 7] = px * tan[tj + 7] + py * tan[tk + 7];
                    ti += 8;
                    tj += 8;
                    tk += 8;
                    r -= 8;
                }
                switch (r) {
                    case 8:
                        tan[ti + 7] = px * tan[tj + 7] + py * tan[tk + 7];
                    case 7:
                        tan[ti + 6] = px * tan[tj + 6] + py * tan[tk + 6];
                    case 6:
                        tan[ti + 5] = px * tan[tj + 5] + py * tan[tk + 5];
                    case 5:
                        tan[ti + 4] = px * tan[tj + 4] + py * tan[tk + 4];
                    case 4:
                        tan[ti + 3] = px * tan[tj + 3] + py * tan[tk + 3];
                    case 3:
                        tan[ti + 2] = px * tan[tj + 2] + py * tan[tk + 2];
                    case 2:
                        tan[ti + 1] = px * tan[tj + 1] + py * tan[tk + 1];
                    default:
                        tan[ti] = px * tan[tj] + py * tan[tk];
                }
                continue;
            }
            for (int d = 0; d < kk; d++) {
                tan[ti + d] = px * tan[tj + d] + py * tan[tk + d];
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

        /** The bytes its arrays hold. */
        long bytes() {
            return 24L * lo.length + 8L * pool.length;
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
     * Returns the pool entries packed ({@link #tangentPool} foresees them).
     */
    static int tangents(long[] ar, double[] pt, int out, int base, int width, Tangents w) {
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
            int own = owner(i, j, k, uj, uk, hj - lj, hk - lk, last);
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
        return top;
    }

    /** A sweep's pool may hold up to this many entries a node (the pool's share of a wide sweep's cost). */
    static final int POOL_PER_NODE = 32;
    /** ... and up to the larger of this many entries in all (4 MB) ... */
    static final long POOL_BUDGET = 1L << 19;
    /** ... and this many entries a node (48 bytes, the Laplacian rows' budget). */
    static final int POOL_SPARE_PER_NODE = 6;

    /**
     * The directions one forward sweep over nodes 0 .. out should carry, for n inputs and at
     * least k a sweep: n (one sweep) when the pool that sweep would pack
     * ({@link #tangentPool}) fits the budget, min({@link #POOL_PER_NODE} a node, the larger of
     * {@link #POOL_BUDGET} and {@link #POOL_SPARE_PER_NODE} a node); else the widest balanced
     * chunk whose share of that pool fits (a chunk's pool taken as proportional to its width),
     * never narrower than k. Each sweep walks every node whatever its width, so where tangents
     * are narrow (a sum of local terms, a running sum that takes over its terms' slices) one wide
     * sweep costs what each of ceil(n / k) narrow ones did: Rosenbrock n = 1000 in one sweep
     * instead of 8, n = 10<sup>4</sup> in one instead of 79. Where every node carries most
     * directions (a dense network) the pool, not the walk, is the cost, and a pool wider than the
     * budget ran slower (the MLP anchor at n = 267: 0.36 ms in 3 sweeps, 0.53 ms in one). The
     * chunking does not change a tangent entry's value: each comes from the same products in the
     * same order (up to the sign of a zero outside the directions a node reaches).
     */
    static int sweepWidth(long[] ar, int out, int n, int k, Tangents w) {
        if (n <= k) {
            return Math.max(n, 1);
        }
        long m = out + 1L;
        long budget = poolBudget(m);
        // a pool past budget ceil(n / k) leaves a chunk fewer than k directions: k, whatever the rest counts
        long pool = tangentPool(ar, out, n, budget * ((n + k - 1) / k), w);
        if (pool <= budget) {
            return n;
        }
        long fit = (long) ((double) n * budget / pool);
        return fit <= k ? k : Forward.chunkSize(n, (int) fit);
    }

    /** The tangent entries a forward sweep over m nodes may hold at once (the limits above). */
    static long poolBudget(long m) {
        return Math.min(POOL_PER_NODE * m, Math.max(POOL_BUDGET, POOL_SPARE_PER_NODE * m));
    }

    /**
     * The pool entries one sweep of all n directions would pack, by {@link #tangents}' rules for
     * windows, take-overs and widening without its arithmetic (every partial taken as non-zero:
     * a zero one, which the sweep leaves out, rarely changes the count); the count so far once it
     * passes limit. Uses w's window arrays, which the sweep sets again.
     */
    static long tangentPool(long[] ar, int out, int n, long limit, Tangents w) {
        final int[] lo = w.lo;
        final int[] hi = w.hi;
        final int[] clo = w.clo;
        final int[] chi = w.chi;
        final int[] last = w.last;
        long top = 0;
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j < 0) {
                int dir = (int) e;
                boolean in = dir < n;
                lo[i] = in ? dir : 0;
                hi[i] = in ? dir + 1 : 0;
                clo[i] = lo[i];
                chi[i] = hi[i];
                top += in ? 1 : 0;
                continue;
            }
            int k = (int) e;
            int lj = lo[j];
            int hj = hi[j];
            int lk = lo[k];
            int hk = hi[k];
            boolean uj = lj < hj;
            boolean uk = lk < hk;
            if (!uj && !uk) {
                lo[i] = 0;
                hi[i] = 0;
                continue;
            }
            int l = uj ? (uk ? Math.min(lj, lk) : lj) : lk;
            int h = uj ? (uk ? Math.max(hj, hk) : hj) : hk;
            int own = owner(i, j, k, uj, uk, hj - lj, hk - lk, last);
            int cl = l;
            int ch = h;
            if (own < 0) {
                top += h - l;
            } else {
                cl = clo[own];
                ch = chi[own];
                if (l < cl || h > ch) {
                    int c = Math.min(n, Math.max(2 * (ch - cl), h - l));
                    cl = Math.min(l, n - c);
                    ch = cl + c;
                    top += c;
                }
            }
            lo[i] = l;
            hi[i] = h;
            clo[i] = cl;
            chi[i] = ch;
            if (top > limit) {
                break;
            }
        }
        return top;
    }

    /**
     * The argument whose slice node i takes over in a forward sweep: one whose tangents it uses
     * (uj, uk) and reads last, the wider (windows wj, wk) if both; -1 for none.
     */
    private static int owner(int i, int j, int k, boolean uj, boolean uk, int wj, int wk, int[] last) {
        int own = uj && last[j] == i ? j : -1;
        if (uk && last[k] == i && (own < 0 || wk > wj)) {
            own = k;
        }
        return own;
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

    // ---------------------------------------------------------------- the exact Laplacian

    /** Node flags of the Laplacian's activity pass: its L is read, its tangents are read, |t|^2, t_a . t_b. */
    private static final int LAP_L = 1;
    private static final int LAP_T = 2;
    private static final int LAP_SQ = 4;
    private static final int LAP_DOT = 8;
    /** Read by a consumer's t_a . t_b: its tangent needs a row. */
    private static final int LAP_DOT_READ = 16;
    /**
     * A tangent read by one consumer for its own tangent only, on two inputs or on an input and a
     * row: never formed, its terms added where it is read.
     */
    private static final int LAP_LAZY = 32;

    /**
     * The exact Laplacian (trace of the Hessian) of y = phi(out) with phi' = p, phi'' = q over n
     * inputs, by forward sweeps only: each node's Laplacian is
     * L = p0 L_a + p1 L_b + h00 |t_a|^2 + 2 h01 t_a . t_b + h11 |t_b|^2 (inputs 0), y's is
     * p L_out + q |t_out|^2, where t is a node's tangent along every unit direction (its gradient).
     * The squared norms and dot products are sums over the directions, so they are accumulated
     * over chunks of K directions (one windowed tangent sweep each) and only then combined into
     * the Laplacians by one scalar pass: however n is chunked the result is the same to rounding,
     * and a harmonic pair h11 = -h00 (atan2 beyond the range) is taken as h00 (|t_a|^2 - |t_b|^2)
     * over all n.
     *
     * <p>Only what the trace needs is formed: an activity pass keeps the Laplacians that reach
     * the output, the tangents that a kept second partial or a kept tangent reads, and forms
     * nothing else; a tangent read by one consumer only is overwritten in place by that
     * consumer's (a running sum costs its new entries, not its width), or, when it is made of two
     * inputs or of an input and a row, never formed but added term by term where it is read; a
     * tangent wanted only for its |t|^2 and made of at most four unit terms is squared from them;
     * every input's tangent is a window of one entry on one shared row of ones; the rows of the
     * other tangents are recycled once their last reader is done, so K can be wide. Each of these
     * shortcuts computes the values a formed row would hold, in the same order. Zero policy as
     * every sweep: products with a finite coefficient are plain (the policy's value), with an
     * infinite or NaN coefficient zero entries are skipped; a dot product, and the scalar pass,
     * that come out NaN are redone with {@link Chain#term}. Its work arrays are w's (grown and
     * zeroed here), kept by the tape between calls.
     *
     * <p>Few inputs in one chunk ({@link LapWork#isSmall}) take {@link LapWork#small} instead,
     * one forward pass with no activity pass, and this one only where that comes out NaN.
     */
    static double laplacian(long[] ar, double[] pt, int out, double p, double q, int n, int kk, boolean widen,
                            int low, LapWork w) {
        if (LapWork.isSmall(n, kk, out + 1)) {
            double y = w.small(ar, pt, out, p, q, n);
            if (y == y) {
                return y;
            }
            // NaN: a Laplacian that does not reach y met a zero partial, or a zero met an
            // infinity; the activity pass keeps only what reaches y and applies the zero policy
        }
        return byActivity(ar, pt, out, p, q, n, kk, widen, low, w);
    }

    /** {@link #laplacian} by its activity pass, whatever n is. */
    static double byActivity(long[] ar, double[] pt, int out, double p, double q, int n, int kk, boolean widen,
                             int low, LapWork w) {
        int m = out + 1;
        w.prepare(m);
        byte[] flag = w.flag;
        int[] last = w.last; // the last consumer that reads the node's tangent; 0 for none (a consumer is > 0)
        int[] readers = w.readers;
        int count = activity(ar, pt, out, p, q, flag, last, readers, low);
        double[] sq = w.sq;
        double[] dot = w.dot;
        double[] lap = w.lap;
        double y;
        if (kk >= n) {
            // one chunk: its tangents, then each node's Laplacian, in one pass (the node's |t|^2 and
            // t_a . t_b are complete once the node is done), which saves two passes over the nodes
            w.width(kk);
            y = w.fused(ar, pt, out, p, q, n, Math.min(low, m), flag, last, readers, sq, dot, lap);
        } else {
            int[] act = w.act(count + Math.min(low, m)); // and the leading inputs whose tangents are read
            int c = 0;
            for (int i = 0; i < m; i++) {
                int f = flag[i];
                if ((f & (LAP_T | LAP_DOT)) != 0) {
                    act[c++] = i;
                    markLazy(ar, flag, last, readers, i, f);
                }
            }
            if (widen && c > 0) {
                kk = w.widest(ar, act, c, flag, last, readers, n, kk, m);
            }
            w.width(kk);
            for (int base = 0; c > 0 && base < n; base += kk) {
                w.chunk(ar, pt, act, c, flag, last, readers, base, Math.min(kk, n - base), sq, dot);
            }
            // the scalar pass, plain products first: they differ from the zero policy's only where a
            // zero meets an infinite or NaN factor, which gives NaN, and every kept Laplacian reaches
            // the output through non-zero partials, so a NaN result redoes the pass with Chain.term
            y = scalars(ar, pt, out, p, q, flag, sq, dot, lap);
        }
        if (y != y) {
            y = scalarsWithPolicy(ar, pt, out, p, q, flag, sq, dot, lap);
        }
        return y;
    }

    /**
     * Marks node i (flags f, its tangent formed or its dot product taken) lazy where its tangent
     * is read by one consumer for its own tangent only and can be added there term by term (the
     * values a row would hold): p0 e_a + p1 e_b of two inputs (|t|^2 = p0^2 + p1^2), or the terms
     * of an input and of a formed row (a product w x of a weight and a hidden unit) when no |t|^2
     * is wanted. Reads only the flags of nodes before i.
     */
    private static void markLazy(long[] ar, byte[] flag, int[] last, int[] readers, int i, int f) {
        long e = ar[i];
        int a = (int) (e >> 32);
        if (a >= 0 && (f & LAP_DOT_READ) == 0 && readers[i] == 1) {
            int b = (int) e;
            boolean ia = (ar[a] >> 32) < 0;
            boolean ib = (ar[b] >> 32) < 0;
            // the row must stay as it is until the reader adds it: no reader of it between
            if (ia && ib || (f & LAP_SQ) == 0 && (ia && (flag[b] & LAP_LAZY) == 0 && kept(last, b, i)
                    || ib && (flag[a] & LAP_LAZY) == 0 && kept(last, a, i))) {
                flag[i] = (byte) (f | LAP_LAZY);
            }
        }
    }

    /** Each kept node's Laplacian by plain products (see {@link #laplacian}), then the output's. */
    private static double scalars(long[] ar, double[] pt, int out, double p, double q, byte[] flag, double[] sq,
                                  double[] dot, double[] lap) {
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            if ((int) (e >> 32) >= 0 && (flag[i] & LAP_L) != 0) {
                lap[i] = scalar(e, pt, i, sq, dot, lap);
            }
        }
        return p * lap[out] + q * sq[out];
    }

    /** Node i's Laplacian (arguments e) by plain products. */
    private static double scalar(long e, double[] pt, int i, double[] sq, double[] dot, double[] lap) {
        int a = (int) (e >> 32);
        int b = (int) e;
        int d = 5 * i;
        // the first argument's Laplacian added last: a running sum (s = s + term) is the chain
        // that bounds the pass, and this keeps one product and one addition on it
        return pt[d + 1] * lap[b] + pt[d + 2] * sq[a] + 2 * pt[d + 3] * dot[i] + pt[d + 4] * sq[b]
                + pt[d] * lap[a];
    }

    /** The same with every product under the zero policy ({@link Chain#term}) and harmonic pairs kept exact. */
    private static double scalarsWithPolicy(long[] ar, double[] pt, int out, double p, double q, byte[] flag,
                                            double[] sq, double[] dot, double[] lap) {
        for (int i = 0; i <= out; i++) {
            long e = ar[i];
            int a = (int) (e >> 32);
            if (a < 0 || (flag[i] & LAP_L) == 0) {
                continue;
            }
            int b = (int) e;
            int d = 5 * i;
            double h00 = pt[d + 2];
            double h01 = pt[d + 3];
            double h11 = pt[d + 4];
            double l = Chain.term(pt[d], lap[a]) + Chain.term(pt[d + 1], lap[b]);
            if (h00 != 0 && h11 == -h00) {
                // harmonic (atan2): h00 |t_a|^2 + h11 |t_b|^2 = h00 (|t_a|^2 - |t_b|^2), which stays 0 for
                // two inputs where h00 and h11 overflow to opposite infinities and their sum would be NaN
                l += Chain.term(h00, sq[a] - sq[b]);
            } else {
                if (h00 != 0) {
                    l += Chain.term(h00, sq[a]);
                }
                if (h11 != 0) {
                    l += Chain.term(h11, sq[b]);
                }
            }
            if (h01 != 0) {
                l += Chain.term(2 * h01, dot[i]);
            }
            lap[i] = l;
        }
        return Chain.term(p, lap[out]) + Chain.term(q, sq[out]);
    }

    /**
     * Whether node h's row, read by node i whose one reader is last[i], is still unchanged when
     * that reader adds i's terms: i is h's last reader (the reader gives h's row back), or h is
     * read again at or after i's reader.
     */
    private static boolean kept(int[] last, int h, int i) {
        return last[h] == i || last[h] >= last[i];
    }

    /**
     * The Laplacian's activity pass, backward from the output: which nodes' Laplacians reach it
     * (through non-zero first partials), which need |t|^2 (a kept node's non-zero h00 or h11 on
     * them, or the output's q), which need t_a . t_b (a kept node's non-zero h01), and which
     * tangents are read and by whom. Nodes below low are inputs (the tape's leading ones), whose
     * flags their consumers set: the pass stops above them. Returns the number of nodes at or
     * above low whose tangents or dot products the chunks form.
     */
    private static int activity(long[] ar, double[] pt, int out, double p, double q, byte[] flag, int[] last,
                                int[] readers, int low) {
        flag[out] = (byte) ((p != 0 ? LAP_L : 0) | (q != 0 ? LAP_T | LAP_SQ : 0));
        int count = 0;
        for (int c = out; c >= low; c--) {
            int f = flag[c];
            if (f == 0) {
                continue;
            }
            long e = ar[c];
            int a = (int) (e >> 32);
            if (a < 0) {
                count += f >> 1 & 1; // an input whose tangent is read
                continue;
            }
            int b = (int) e;
            int d = 5 * c;
            double p0 = pt[d];
            double p1 = pt[d + 1];
            boolean isL = (f & LAP_L) != 0;
            boolean isT = (f & LAP_T) != 0;
            boolean dot = isL && pt[d + 3] != 0;
            int fa = 0;
            int fb = 0;
            if (isL) {
                fa = (p0 != 0 ? LAP_L : 0) | (pt[d + 2] != 0 ? LAP_T | LAP_SQ : 0);
                fb = (p1 != 0 ? LAP_L : 0) | (pt[d + 4] != 0 ? LAP_T | LAP_SQ : 0);
            }
            if (dot) {
                flag[c] = (byte) (f | LAP_DOT);
                fa |= LAP_DOT_READ;
                fb |= LAP_DOT_READ;
            }
            if (isT || dot) {
                count++;
            }
            if (dot || isT && p0 != 0) {
                fa |= LAP_T;
                readers[a]++;
                if (last[a] == 0) {
                    last[a] = c;
                }
            }
            if (dot || isT && p1 != 0) {
                fb |= LAP_T;
                readers[b]++;
                if (last[b] == 0) {
                    last[b] = c;
                }
            }
            flag[a] |= (byte) fa;
            flag[b] |= (byte) fb;
        }
        return count;
    }

    /**
     * The work of {@link #laplacian}, kept by a tape between calls: per node its flags, last
     * reader, reader count, |t|^2, t_a . t_b (accumulated over the chunks), Laplacian and its
     * tangent's window and row; the tangent rows of a chunk (row 0 all ones: every input's
     * tangent is its one entry there; the others are taken from a free list and given back after
     * their last reader).
     */
    static final class LapWork {
        /** Bytes the tangent rows of one chunk may take whatever the tape's size: 4 MB. */
        static final long ROW_BUDGET = 1L << 22;
        /** Bytes per tape node the tangent rows may take on a larger tape: about the tape's own. */
        static final long ROW_BUDGET_PER_NODE = 48;

        private int kk;
        private byte[] flag = new byte[0];
        private int[] last;
        private int[] readers;
        private int[] act = new int[0];
        private double[] sq;
        private double[] dot;
        private double[] lap;
        private int[] lo;
        private int[] hi;
        private int[] row;
        private double[] tan;
        private int[] free = new int[8];
        private int[] ends = new int[0];
        private int freeTop;
        private int rows;
        private long[] ar;
        private double[] pt;
        // the unit terms of a tangent formed only for its |t|^2 (see fewSquares)
        private final int[] entryIndex = new int[4];
        private final double[] entryValue = new double[4];
        private int entries;

        /** Whether {@link #small} takes n inputs in chunks of kk on a tape of m nodes. */
        static boolean isSmall(int n, int kk, int m) {
            return kk >= n && n <= SMALL_INPUTS && (long) (m + 1) * n <= SMALL_ENTRIES;
        }

        /** The most inputs for {@link #small}. */
        static final int SMALL_INPUTS = 16;
        /** The most tangent entries ((nodes + 1) times inputs) for {@link #small}: 512 KB of rows. */
        static final long SMALL_ENTRIES = 1 << 16;

        /** {@link #small}'s rows: row 0 all ones (the inputs'), node i's at offset (i + 1) n. */
        private double[] own = new double[0];
        /** {@link #small}'s row width. */
        private int ownWidth;
        /** {@link #small}: stamp[i] == epoch once node i's tangent is formed in this call. */
        private int[] stamp = new int[0];
        private int epoch;
        /** {@link #form}'s stack. */
        private int[] stack = new int[0];

        /**
         * The Laplacian of y = phi(out) over few inputs (n &le; {@link #SMALL_INPUTS}) in one
         * forward pass and no other: each node's Laplacian by plain products, every node's, and a
         * tangent only where a second partial reads it (|t|^2, t_a . t_b), formed then, with the
         * tangents it is made of, each in a row of its own over its window. So no activity pass, no
         * flags to clear and no recycled rows: on a small tape those cost more than the Laplacians
         * a pass forms in vain. Each row, |t|^2 and dot product holds the bits {@link #pass} forms
         * for it (the same products, summed in the same order, a zero partial's term left out). A
         * Laplacian that does not reach y enters y's with a zero factor, which changes nothing
         * unless it is infinite or NaN: then y's comes out NaN and the caller redoes it by the
         * activity pass.
         */
        double small(long[] ar, double[] pt, int out, double p, double q, int n) {
            int m = out + 1;
            room(m);
            if (stamp.length < m) {
                stamp = new int[flag.length];
                stack = new int[2 * flag.length + 1];
                epoch = 0;
            }
            if (++epoch == 0) {
                java.util.Arrays.fill(stamp, 0);
                epoch = 1;
            }
            int need = (m + 1) * n;
            if (ownWidth != n || own.length < need) {
                own = new double[Math.max(need, ownWidth == n ? 2 * own.length : 0)];
                java.util.Arrays.fill(own, 0, n, 1.0);
                ownWidth = n;
            }
            this.ar = ar;
            this.pt = pt;
            double[] lap = this.lap;
            for (int i = 0; i < m; i++) {
                long e = ar[i];
                int a = (int) (e >> 32);
                if (a < 0) {
                    lap[i] = 0;
                    continue;
                }
                int b = (int) e;
                int d = 5 * i;
                double h00 = pt[d + 2];
                double h01 = pt[d + 3];
                double h11 = pt[d + 4];
                double sa = h00 != 0 ? squares(a, n) : 0;
                double sb = h11 != 0 ? squares(b, n) : 0;
                double ab = h01 != 0 ? dot(a, b, n) : 0;
                // as scalar(): the first argument's Laplacian added last
                lap[i] = pt[d + 1] * lap[b] + h00 * sa + 2 * h01 * ab + h11 * sb + pt[d] * lap[a];
            }
            return p * lap[out] + (q != 0 ? q * squares(out, n) : 0);
        }

        /**
         * |t_x|^2 for {@link #small}: 1 for an input, p0^2 + p1^2 for a node on two inputs (what
         * its row would give), else over its row, formed first.
         */
        private double squares(int x, int n) {
            long e = ar[x];
            int a = (int) (e >> 32);
            if (a < 0) {
                return 1;
            }
            int b = (int) e;
            long ea = ar[a];
            long eb = ar[b];
            if ((ea & eb) < 0) {
                double p0 = pt[5 * x];
                double p1 = pt[5 * x + 1];
                // a zero partial's term is left out, and 0 + s = s for s >= 0; in either order
                return p0 * p0 + p1 * p1;
            }
            form(x, n);
            return lo[x] < hi[x] ? sumOfSquares(own, row[x], lo[x], hi[x]) : 0;
        }

        /** t_a . t_b for {@link #small} over the windows' overlap, the tangents formed first. */
        private double dot(int a, int b, int n) {
            form(a, n);
            form(b, n);
            int l = Math.max(lo[a], lo[b]);
            int h = Math.min(hi[a], hi[b]);
            return l < h ? dot(own, row[a], row[b], l, h) : 0;
        }

        /**
         * Forms node x's tangent for {@link #small} (this call's, once), and first those of its
         * arguments with a non-zero partial, depth first on a stack of its own: each node on it
         * waits above nothing but its own arguments' (smaller) nodes, so it is expanded once and
         * the stack never holds more than 2m + 1 entries.
         */
        private void form(int x, int n) {
            int[] stamp = this.stamp;
            int now = epoch;
            if (stamp[x] == now) {
                return;
            }
            int[] st = stack;
            int top = 0;
            st[top++] = x;
            while (top > 0) {
                int y = st[top - 1];
                if (stamp[y] == now) {
                    top--;
                    continue;
                }
                long e = ar[y];
                int a = (int) (e >> 32);
                if (a < 0) {
                    int r = (int) e; // an input: its one entry on row 0 (all ones)
                    lo[y] = r;
                    hi[y] = r + 1;
                    row[y] = 0;
                    stamp[y] = now;
                    top--;
                    continue;
                }
                int b = (int) e;
                double p0 = pt[5 * y];
                double p1 = pt[5 * y + 1];
                boolean wait = false;
                if (p0 != 0 && stamp[a] != now) {
                    st[top++] = a;
                    wait = true;
                }
                if (p1 != 0 && stamp[b] != now) {
                    st[top++] = b;
                    wait = true;
                }
                if (!wait) {
                    row(y, a, b, p0, p1, n);
                    stamp[y] = now;
                    top--;
                }
            }
        }

        /** Node y's row for {@link #small}: t = p0 t_a + p1 t_b over the union of the used windows, as {@link #tangent}. */
        private void row(int y, int a, int b, double p0, double p1, int n) {
            double[] t = own;
            boolean ua = p0 != 0 && lo[a] < hi[a];
            boolean ub = p1 != 0 && lo[b] < hi[b];
            int o = (y + 1) * n;
            row[y] = o;
            if (!ua && !ub) {
                lo[y] = 0;
                hi[y] = 0;
                return;
            }
            int l = ua && ub ? Math.min(lo[a], lo[b]) : ua ? lo[a] : lo[b];
            int h = ua && ub ? Math.max(hi[a], hi[b]) : ua ? hi[a] : hi[b];
            lo[y] = l;
            hi[y] = h;
            for (int k = o + l; k < o + h; k++) {
                t[k] = 0;
            }
            if (ua) {
                axpy(p0, t, row[a], lo[a], hi[a], o);
            }
            if (ub) {
                axpy(p1, t, row[b], lo[b], hi[b], o);
            }
        }

        /** Room for m nodes, nothing zeroed. */
        private void room(int m) {
            if (flag.length < m) {
                int c = Math.max(m, 2 * flag.length);
                flag = new byte[c];
                last = new int[c];
                readers = new int[c];
                sq = new double[c];
                dot = new double[c];
                lap = new double[c];
                lo = new int[c];
                hi = new int[c];
                row = new int[c];
            }
        }

        /**
         * Room for m nodes, the per-node sums zeroed and every window empty: a sweep writes the
         * windows of the nodes it forms, and its shortcuts also read those of arguments it does
         * not form (an argument whose partial is exactly 0, which no pass marks), which must read
         * as empty, not as an earlier recording's (a lazy node's row there, on what is now an
         * input, sent {@link #few} to the argument -1).
         */
        void prepare(int m) {
            if (flag.length < m) {
                room(m); // new arrays are zeroed
            } else {
                java.util.Arrays.fill(flag, 0, m, (byte) 0);
                java.util.Arrays.fill(last, 0, m, 0);
                java.util.Arrays.fill(readers, 0, m, 0);
                java.util.Arrays.fill(sq, 0, m, 0);
                java.util.Arrays.fill(dot, 0, m, 0);
                java.util.Arrays.fill(lap, 0, m, 0);
                java.util.Arrays.fill(lo, 0, m, 0);
                java.util.Arrays.fill(hi, 0, m, 0);
                java.util.Arrays.fill(row, 0, m, 0);
            }
        }

        /** K-wide rows, row 0 all ones. */
        void width(int k) {
            if (k != kk) {
                kk = k;
                tan = new double[8 * k];
                java.util.Arrays.fill(tan, 0, k, 1.0);
            }
        }

        /**
         * The widest chunk of directions, at least k, whose tangent rows fit in the rows' budget:
         * n (one sweep) unless (the most rows alive at once + 1) n doubles exceed the larger of
         * {@link #ROW_BUDGET} and {@link #ROW_BUDGET_PER_NODE} per node. The rows alive are
         * bounded from above by the sweep's own schedule: a formed tangent holds a row from its node
         * to its last reader's (a lazy reader's own reader's), whether or not a reader takes it over.
         * Fewer chunks save the passes over the active nodes that each chunk makes, which dominate
         * where tangents are narrow (a sum of local terms: Rosenbrock n = 1000 in 1 sweep instead of
         * 8, about 3x faster).
         */
        int widest(long[] args, int[] act, int count, byte[] flag, int[] last, int[] readers, int n, int k, int m) {
            if (ends.length < m) {
                ends = new int[Math.max(m, 2 * ends.length)];
            } else {
                java.util.Arrays.fill(ends, 0, m, 0);
            }
            int live = 0;
            int peak = 0;
            for (int s = 0; s < count; s++) {
                int i = act[s];
                int f = flag[i];
                if ((f & LAP_T) != 0 && (f & LAP_LAZY) == 0 && (args[i] >> 32) >= 0) {
                    live++;
                    peak = Math.max(peak, live);
                    int r = last[i];
                    if (readers[i] == 0) {
                        live--;
                    } else {
                        ends[(flag[r] & LAP_LAZY) != 0 ? last[r] : r]++;
                    }
                }
                live -= ends[i];
            }
            return width(peak, n, k, Math.max(ROW_BUDGET, ROW_BUDGET_PER_NODE * m));
        }

        /**
         * The chunk width for at most peak rows alive (and row 0) within budget bytes: n if they
         * fit at n doubles each, else the widest balanced chunk that fits, never narrower than k.
         */
        static int width(int peak, int n, int k, long budget) {
            long fit = budget / (8L * (peak + 1));
            if (fit >= n) {
                return n;
            }
            return fit <= k ? k : Forward.chunkSize(n, (int) fit);
        }

        /** The list of at least count active nodes. */
        int[] act(int count) {
            if (act.length < count) {
                act = new int[Math.max(count, 2 * act.length)];
            }
            return act;
        }

        /** The bytes its arrays hold. */
        long bytes() {
            return 45L * flag.length + 4L * ends.length + 4L * act.length + 8L * (tan == null ? 0 : tan.length)
                    + 4L * free.length + 8L * own.length + 4L * stamp.length + 4L * stack.length;
        }

        private int take() {
            if (freeTop > 0) {
                return free[--freeTop];
            }
            int r = rows++;
            if ((r + 1) * kk > tan.length) {
                tan = java.util.Arrays.copyOf(tan, 2 * (r + 1) * kk);
            }
            return r;
        }

        private void give(int r) {
            if (freeTop == free.length) {
                free = java.util.Arrays.copyOf(free, 2 * freeTop);
            }
            free[freeTop++] = r;
        }

        /** One chunk of directions base .. base + width - 1: adds each kept |t|^2 and t_a . t_b over them. */
        void chunk(long[] ar, double[] pt, int[] act, int count, byte[] flag, int[] last, int[] readers, int base,
                   int width, double[] sq, double[] dot) {
            pass(ar, pt, act, 0, count, flag, last, readers, base, width, sq, dot, null);
        }

        /**
         * The one chunk of all n directions and each kept node's Laplacian (see {@link #laplacian}):
         * the leading inputs (nodes below low), then one pass over the nodes above them, where node
         * i's |t|^2 and t_a . t_b are complete once its tangent is done. Returns y's Laplacian by
         * plain products (NaN: the caller redoes the scalars with the policy).
         */
        double fused(long[] ar, double[] pt, int out, double p, double q, int n, int low, byte[] flag, int[] last,
                     int[] readers, double[] sq, double[] dot, double[] lap) {
            // the leading inputs first, in a loop of their own: each is its one entry on row 0
            for (int i = 0; i < low; i++) {
                int r = (int) ar[i];
                lo[i] = r;
                hi[i] = r + 1;
                row[i] = 0;
                if ((flag[i] & LAP_SQ) != 0) {
                    sq[i] += 1;
                }
            }
            pass(ar, pt, null, low, out + 1, flag, last, readers, 0, n, sq, dot, lap);
            return p * lap[out] + q * sq[out];
        }

        /**
         * The chunk's tangents, |t|^2 and t_a . t_b, over the active nodes act[from .. count - 1]; or,
         * with lap (act null), over nodes from .. count - 1, marking the lazy ones as it goes and
         * forming each kept node's Laplacian once its own sums are done. One loop for both, so that
         * the JIT compiles the node's work inline (as a method of its own it is too big to inline).
         */
        private void pass(long[] ar, double[] pt, int[] act, int from, int count, byte[] flag, int[] last,
                          int[] readers, int base, int width, double[] sq, double[] dot, double[] lap) {
            rows = 1;
            freeTop = 0;
            this.ar = ar;
            this.pt = pt;
            for (int s = from; s < count; s++) {
                int i = act == null ? s : act[s];
                int f = flag[i];
                long e = ar[i];
                int a = (int) (e >> 32);
                if (act == null) {
                    if ((f & (LAP_T | LAP_DOT)) == 0) {
                        if ((f & LAP_L) != 0 && a >= 0) {
                            lap[i] = scalar(e, pt, i, sq, dot, lap);
                        }
                        continue;
                    }
                    markLazy(ar, flag, last, readers, i, f);
                    f = flag[i];
                }
                if (a < 0) {
                    int r = (int) e - base;
                    if (r >= 0 && r < width) {
                        lo[i] = r;
                        hi[i] = r + 1;
                        row[i] = 0;
                        if ((f & LAP_SQ) != 0) {
                            sq[i] += 1;
                        }
                    } else {
                        lo[i] = 0;
                        hi[i] = 0;
                    }
                    continue;
                }
                int b = (int) e;
                if ((f & LAP_DOT) != 0) {
                    int l = Math.max(lo[a], lo[b]);
                    int h = Math.min(hi[a], hi[b]);
                    if (l < h) {
                        dot[i] += dot(tan, row[a] * kk, row[b] * kk, l, h);
                    }
                }
                if ((f & LAP_LAZY) != 0) {
                    // its row argument, if any, is given back by its reader, after adding it
                    lazy(i, a, b, (f & LAP_SQ) != 0, sq);
                    if (lap != null && (f & LAP_L) != 0) {
                        lap[i] = scalar(e, pt, i, sq, dot, lap);
                    }
                    continue;
                }
                int keep = -1; // a row of an argument that this node took over
                if ((f & LAP_T) != 0 && readers[i] == 0 && row[a] == 0 && row[b] == 0 && lo[a] < hi[a]
                        && lo[b] < hi[b]) {
                    // formed only for its |t|^2, of two inputs in the chunk: p0^2 and p1^2 in index
                    // order, as fewSquares sums them (a zero partial's term is +0, and 0 + x = x)
                    double p0 = pt[5 * i];
                    double p1 = pt[5 * i + 1];
                    sq[i] += lo[a] < lo[b] ? p0 * p0 + p1 * p1 : p1 * p1 + p0 * p0;
                    lo[i] = 0;
                    hi[i] = 0;
                } else if ((f & LAP_T) != 0 && readers[i] == 0 && few(a) && few(b)) {
                    // formed only for its |t|^2, of at most four unit terms: no row
                    sq[i] += fewSquares(i, a, b);
                    lo[i] = 0;
                    hi[i] = 0;
                } else if ((f & LAP_T) != 0) {
                    keep = tangent(pt, i, a, b, readers);
                    if ((f & LAP_SQ) != 0 && lo[i] < hi[i]) {
                        sq[i] += sumOfSquares(tan, row[i] * kk, lo[i], hi[i]);
                    }
                    if (readers[i] == 0 && lo[i] < hi[i]) {
                        give(row[i]); // read by nobody after its own |t|^2 (the output)
                    }
                }
                if (last[a] == i && lo[a] < hi[a] && row[a] > 0 && row[a] != keep) {
                    give(row[a]);
                }
                if (last[b] == i && lo[b] < hi[b] && row[b] > 0 && row[b] != keep) {
                    give(row[b]);
                }
                if (lap != null && (f & LAP_L) != 0) {
                    lap[i] = scalar(e, pt, i, sq, dot, lap);
                }
            }
        }

        /**
         * t_i = p0 t_a + p1 t_b over the union of the used windows, in the row of an argument read
         * by node i alone when there is one (the wider), else in a new row. Returns the row taken
         * over, or -1.
         */
        private int tangent(double[] pt, int i, int a, int b, int[] readers) {
            double p0 = pt[5 * i];
            double p1 = pt[5 * i + 1];
            boolean ua = p0 != 0 && lo[a] < hi[a];
            boolean ub = p1 != 0 && lo[b] < hi[b];
            if (!ua && !ub) {
                lo[i] = 0;
                hi[i] = 0;
                return -1;
            }
            boolean ownA = ua && readers[a] == 1 && row[a] > 0;
            boolean ownB = ub && readers[b] == 1 && row[b] > 0;
            if (ownA && ownB) {
                // take over the wider, add the narrower
                if (hi[b] - lo[b] > hi[a] - lo[a]) {
                    ownA = false;
                } else {
                    ownB = false;
                }
            }
            if (ownB) {
                return into(b, p1, a, ua ? p0 : 0, i);
            }
            if (ownA) {
                return into(a, p0, b, ub ? p1 : 0, i);
            }
            int r = take();
            int l = ua && ub ? Math.min(lo[a], lo[b]) : ua ? lo[a] : lo[b];
            int h = ua && ub ? Math.max(hi[a], hi[b]) : ua ? hi[a] : hi[b];
            int o = r * kk;
            for (int k = o + l; k < o + h; k++) {
                tan[k] = 0;
            }
            if (ua) {
                add(p0, a, o);
            }
            if (ub) {
                add(p1, b, o);
            }
            row[i] = r;
            lo[i] = l;
            hi[i] = h;
            return -1;
        }

        /** t_i = s t_own + c t_other in own's row (c = 0: other unused); returns own's row. */
        private int into(int own, double s, int other, double c, int i) {
            int r = row[own];
            int o = r * kk;
            int l = lo[own];
            int h = hi[own];
            if (s != 1) {
                scale(s, tan, o, l, h);
            }
            if (c != 0) {
                int ol = lo[other];
                int oh = hi[other];
                for (int k = o + ol; k < o + l; k++) {
                    tan[k] = 0;
                }
                for (int k = o + h; k < o + oh; k++) {
                    tan[k] = 0;
                }
                l = Math.min(l, ol);
                h = Math.max(h, oh);
                add(c, other, o);
            }
            row[i] = r;
            lo[i] = l;
            hi[i] = h;
            return r;
        }

        /** Whether node x's tangent is at most two unit terms: an input, a lazy node on two inputs, or empty. */
        private boolean few(int x) {
            if (lo[x] >= hi[x] || row[x] == 0) {
                return true;
            }
            if (row[x] > 0) {
                return false;
            }
            long e = ar[x];
            return (ar[(int) (e >> 32)] >> 32) < 0 && (ar[(int) e] >> 32) < 0;
        }

        /**
         * |t_i|^2 for t_i = p0 t_a + p1 t_b with {@link #few} arguments, as its row would give it:
         * the terms added per entry in the order the row adds them, the squares summed in index order.
         */
        private double fewSquares(int i, int a, int b) {
            entries = 0;
            double p0 = pt[5 * i];
            double p1 = pt[5 * i + 1];
            if (p0 != 0 && lo[a] < hi[a]) {
                terms(p0, a);
            }
            if (p1 != 0 && lo[b] < hi[b]) {
                terms(p1, b);
            }
            // insertion sort of at most four entries by index
            for (int k = 1; k < entries; k++) {
                int ix = entryIndex[k];
                double v = entryValue[k];
                int j = k - 1;
                while (j >= 0 && entryIndex[j] > ix) {
                    entryIndex[j + 1] = entryIndex[j];
                    entryValue[j + 1] = entryValue[j];
                    j--;
                }
                entryIndex[j + 1] = ix;
                entryValue[j + 1] = v;
            }
            double sum = 0;
            for (int k = 0; k < entries; k++) {
                sum += entryValue[k] * entryValue[k];
            }
            return sum;
        }

        /** c t_x's unit terms (x an input or a lazy node on two inputs) added to the entries, as {@link #add}. */
        private void terms(double c, int x) {
            if (row[x] == 0) {
                entry(lo[x], c * 1.0);
                return;
            }
            long e = ar[x];
            int a = (int) (e >> 32);
            int b = (int) e;
            double p0 = pt[5 * x];
            double p1 = pt[5 * x + 1];
            if (p0 != 0 && lo[a] < hi[a]) {
                entry(lo[a], term(c, p0));
            }
            if (p1 != 0 && lo[b] < hi[b]) {
                entry(lo[b], term(c, p1));
            }
        }

        private void entry(int index, double v) {
            for (int k = 0; k < entries; k++) {
                if (entryIndex[k] == index) {
                    entryValue[k] += v;
                    return;
                }
            }
            entryIndex[entries] = index;
            entryValue[entries++] = 0 + v;
        }

        /**
         * A lazy node's window (the union of its arguments' with a non-zero partial) and, for two
         * inputs and when wanted, its |t|^2 over the chunk: p^2 of each entry, in index order as a
         * row's. A row argument it does not use is given back here when this was its last reader.
         */
        private void lazy(int i, int a, int b, boolean wantSq, double[] sq) {
            double p0 = pt[5 * i];
            double p1 = pt[5 * i + 1];
            boolean ua = p0 != 0 && lo[a] < hi[a];
            boolean ub = p1 != 0 && lo[b] < hi[b];
            row[i] = -1;
            if (!ua && lo[a] < hi[a] && row[a] > 0 && last[a] == i) {
                give(row[a]);
            }
            if (!ub && lo[b] < hi[b] && row[b] > 0 && last[b] == i) {
                give(row[b]);
            }
            if (ua && ub) {
                lo[i] = Math.min(lo[a], lo[b]);
                hi[i] = Math.max(hi[a], hi[b]);
                if (wantSq) {
                    boolean aFirst = lo[a] < lo[b];
                    double f = aFirst ? p0 : p1;
                    double g = aFirst ? p1 : p0;
                    sq[i] += f * f + g * g;
                }
            } else if (ua || ub) {
                double c = ua ? p0 : p1;
                int x = ua ? a : b;
                lo[i] = lo[x];
                hi[i] = hi[x];
                if (wantSq) {
                    sq[i] += c * c;
                }
            } else {
                lo[i] = 0;
                hi[i] = 0;
            }
        }

        /**
         * Node x's tangent times c added into the row at o: a row's axpy, or a lazy node's terms,
         * each entry the value its row would hold (0, plus its first argument's term, plus its
         * second's, each as an axpy forms it) times c as an axpy adds it.
         */
        private void add(double c, int x, int o) {
            if (row[x] >= 0) {
                axpy(c, tan, row[x] * kk, lo[x], hi[x], o);
                return;
            }
            long e = ar[x];
            int a = (int) (e >> 32);
            int b = (int) e;
            double p0 = pt[5 * x];
            double p1 = pt[5 * x + 1];
            boolean ua = p0 != 0 && lo[a] < hi[a];
            boolean ub = p1 != 0 && lo[b] < hi[b];
            boolean aRow = ua && row[a] > 0;
            if (aRow || ub && row[b] > 0) {
                int h = aRow ? a : b;
                int g = aRow ? b : a;
                boolean ug = aRow ? ub : ua;
                expand(c, aRow ? p0 : p1, h, ug ? lo[g] : -1, aRow ? p1 : p0, aRow, o);
                if (last[h] == x) {
                    give(row[h]);
                }
                return;
            }
            // two inputs: the entries are p0 and p1 exactly (a row would hold 0 + p 1)
            if (ua) {
                tan[o + lo[a]] += term(c, p0);
            }
            if (ub) {
                tan[o + lo[b]] += term(c, p1);
            }
        }

        /**
         * c (ph t_h + pg e_r) into the row at o (r = -1: no input term), entry by entry as a formed
         * row and its axpy would compute it; hFirst: h is the first argument (its term added first).
         */
        private void expand(double c, double ph, int h, int r, double pg, boolean hFirst, int o) {
            int s = row[h] * kk;
            int l = lo[h];
            int hh = hi[h];
            boolean inside = r >= l && r < hh;
            if (!inside && Math.abs(c) <= Double.MAX_VALUE && Math.abs(ph) <= Double.MAX_VALUE) {
                for (int d = l; d < hh; d++) {
                    tan[o + d] += c * (ph * tan[s + d]);
                }
            } else {
                for (int d = l; d < hh; d++) {
                    double v = term(ph, tan[s + d]);
                    if (d == r) {
                        v = hFirst ? v + pg : pg + v;
                    }
                    tan[o + d] += term(c, v);
                }
            }
            if (r >= 0 && !inside) {
                tan[o + r] += term(c, pg);
            }
        }

        /**
         * c v as an axpy with coefficient c forms it: the plain product for a finite c, else 0 for a
         * zero v (an axpy with an infinite or NaN coefficient skips zero entries).
         */
        private static double term(double c, double v) {
            return Math.abs(c) <= Double.MAX_VALUE || v != 0 ? c * v : 0;
        }

        /** tan[o + d] += c tan[s + d] on [l, h): plain for a finite c, zero entries skipped otherwise. */
        private static void axpy(double c, double[] t, int s, int l, int h, int o) {
            if (Math.abs(c) <= Double.MAX_VALUE) {
                for (int d = l; d < h; d++) {
                    t[o + d] += c * t[s + d];
                }
            } else {
                for (int d = l; d < h; d++) {
                    double v = t[s + d];
                    if (v != 0) {
                        t[o + d] += c * v;
                    }
                }
            }
        }

        /** tan[o + d] *= c on [l, h), with the same policy as {@link #axpy}. */
        private static void scale(double c, double[] t, int o, int l, int h) {
            if (Math.abs(c) <= Double.MAX_VALUE) {
                for (int d = l; d < h; d++) {
                    t[o + d] *= c;
                }
            } else {
                for (int d = l; d < h; d++) {
                    if (t[o + d] != 0) {
                        t[o + d] *= c;
                    }
                }
            }
        }

        /** t_a . t_b on [l, h): plain, redone with {@link Chain#term} when it is NaN (0 against an infinity). */
        private static double dot(double[] t, int sa, int sb, int l, int h) {
            double s = 0;
            for (int d = l; d < h; d++) {
                s += t[sa + d] * t[sb + d];
            }
            if (s != s) {
                s = 0;
                for (int d = l; d < h; d++) {
                    s += Chain.term(t[sa + d], t[sb + d]);
                }
            }
            return s;
        }

        private static double sumOfSquares(double[] t, int o, int l, int h) {
            double s = 0;
            for (int d = l; d < h; d++) {
                double v = t[o + d];
                s += v * v;
            }
            return s;
        }
    }
}
