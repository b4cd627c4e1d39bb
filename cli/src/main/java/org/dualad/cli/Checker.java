package org.dualad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.verification.FiniteDifferenceEstimate;
import org.dualad.verification.Oracles;

/**
 * The {@code check} command: value, gradient, Hessian and Laplacian by every available
 * {@link Mode} and by independent oracles, side by side: the verification module's complex step
 * (gradient and Hessian, exact to rounding for real-analytic expressions) and finite differences
 * (gradient, {@link Oracles#finiteDifferenceGradientWithError}), against Commons Math's
 * {@code DerivativeStructure} as the reference column (its own rule implementations, order 2).
 *
 * <p>The reference column is Commons Math's {@code DerivativeStructure} (its Laplacian is the
 * trace of its Hessian). The error of a method is,
 * per group (value, gradient, Hessian, Laplacian), |a - r| / s where s is the largest |r| of the group (1 if
 * that is 0): a relative error of the group as a vector, which does not blow up on one entry
 * that happens to be 0. Two NaNs (or two equal infinities) agree; NaN against a number does not.
 */
final class Checker {
    /** One column: a method's numbers, null where it does not compute that group. */
    private record Column(String name, double tolerance, Double value, double[] gradient, double[][] hessian,
            Double laplacian) {
    }

    private final Commands.Common c;
    private final double tolerance;
    private final double fdTolerance;

    Checker(Commands.Common c, double tolerance, double fdTolerance) {
        this.c = c;
        this.tolerance = tolerance;
        this.fdTolerance = fdTolerance;
    }

    /** Computes every column, fills the report, and returns whether all agree. */
    boolean fill(Report r) {
        ScalarFunction f = c.program.scalar();
        double[] x = c.x();
        int n = c.n();
        double[][] ds = Reference.derivativeStructure(f, x);
        double[][] dsH = new double[n][];
        System.arraycopy(ds, 2, dsH, 0, n);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += dsH[i][i];
        }
        Column ref = new Column("DerivativeStructure", 0, ds[0][0], ds[1], dsH, trace);

        List<Column> cols = new ArrayList<>();
        for (Mode m : Modes.ALL) {
            ValueAndGradient vg = m.gradient(f, x);
            double[][] h;
            try {
                h = m.hessian(f, x);
            } catch (UnsupportedOperationException e) {
                h = null;
            }
            Double lap;
            try {
                lap = m.laplacian(f, x);
            } catch (UnsupportedOperationException e) {
                lap = null;
            }
            cols.add(new Column(m.name(), tolerance, vg.value(), vg.gradient(), h, lap));
        }
        double[][] csH = ForwardMode.rows(Oracles.complexStepHessian(f, x));
        double csTrace = 0;
        for (int i = 0; i < n; i++) {
            csTrace += csH[i][i];
        }
        cols.add(new Column("complex step", tolerance, null, Oracles.complexStepGradient(f, x), csH, csTrace));
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(f, x);
        cols.add(new Column("finite differences", fdTolerance, null, fd.gradient(), null, null));

        // the table: one row per quantity, one column per method, the reference last
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("quantity"));
        cols.forEach(col -> head.add(col.name()));
        head.add(ref.name() + " (reference)");
        rows.add(head.toArray(new String[0]));
        rows.add(row("f", cols, col -> col.value(), ref.value()));
        for (int i = 0; i < n; i++) {
            final int ii = i;
            rows.add(row("df/d" + c.var(i), cols, col -> col.gradient()[ii], ref.gradient()[i]));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                final int ii = i;
                final int jj = j;
                String label = i == j ? "d2f/d" + c.var(i) + "^2" : "d2f/d" + c.var(i) + "d" + c.var(j);
                rows.add(row(label, cols, col -> col.hessian() == null ? null : col.hessian()[ii][jj], ref.hessian()[i][j]));
            }
        }
        rows.add(row("laplacian", cols, col -> col.laplacian(), ref.laplacian()));
        r.json().set("value", r.number("value", ref.value()));
        ObjectNode check = r.json().putObject("check");
        check.put("reference", ref.name());
        check.set("value", r.number("check.value", ref.value()));
        check.set("gradient", r.vector("check.gradient", ref.gradient()));
        check.set("hessian", r.matrix("check.hessian", ref.hessian()));
        check.set("laplacian", r.number("check.laplacian", ref.laplacian()));
        ArrayNode methods = check.putArray("methods");

        r.text().append(Report.table(rows, 0)).append('\n');
        r.text().append("worst relative error against ").append(ref.name()).append(":\n");
        List<String[]> errRows = new ArrayList<>();
        boolean all = true;
        for (Column col : cols) {
            double e = error(col.gradient(), ref.gradient());
            if (col.value() != null) {
                e = Math.max(e, error(new double[] {col.value()}, new double[] {ref.value()}));
            }
            {
                if (col.hessian() != null) {
                    for (int i = 0; i < n; i++) {
                        e = Math.max(e, error(col.hessian()[i], flatRow(ref.hessian(), i), scale(ref.hessian())));
                    }
                }
                if (col.laplacian() != null) {
                    e = Math.max(e, error(new double[] {col.laplacian()}, new double[] {ref.laplacian()}));
                }
            }
            boolean ok = e <= col.tolerance();
            all &= ok;
            errRows.add(new String[] {col.name(), sci(e), "tolerance " + sci(col.tolerance()),
                    ok ? "ok" : "DISAGREES"});
            ObjectNode m = methods.addObject();
            m.put("name", col.name());
            if (col.value() != null) {
                m.set("value", r.number(col.name() + ".value", col.value()));
            }
            m.set("gradient", r.vector(col.name() + ".gradient", col.gradient()));
            if (col.hessian() != null) {
                m.set("hessian", r.matrix(col.name() + ".hessian", col.hessian()));
            }
            if (col.laplacian() != null) {
                m.set("laplacian", r.number(col.name() + ".laplacian", col.laplacian()));
            }
            m.set("worstRelativeError", r.number(col.name() + ".worstRelativeError", e));
            m.put("tolerance", col.tolerance());
            m.put("agrees", ok);
        }
        check.put("agree", all);
        r.text().append(Report.table(errRows, 2));
        r.text().append(all ? "all agree\n" : "DISAGREEMENT beyond tolerance\n");
        return all;
    }

    /** 0, 3.1e-14, 1e-12: short scientific text for errors and tolerances. */
    static String sci(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Numbers.format(v);
        }
        String s = String.format("%.1e", v).replace("e-0", "e-").replace("e+00", "").replace("e+0", "e");
        return s.replace(".0e", "e");
    }

    private static double[] flatRow(double[][] m, int i) {
        return m[i];
    }

    private static double scale(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    s = Math.max(s, Math.abs(v));
                }
            }
        }
        return s;
    }

    private static double error(double[] a, double[] ref) {
        double s = 0;
        for (double v : ref) {
            if (Double.isFinite(v)) {
                s = Math.max(s, Math.abs(v));
            }
        }
        return error(a, ref, s);
    }

    /** max_i |a_i - r_i| / s, s = 1 if 0; matching NaNs or infinities count as 0. */
    private static double error(double[] a, double[] ref, double s) {
        double scale = s == 0 ? 1 : s;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d;
            if (Double.compare(a[i], ref[i]) == 0 || a[i] == ref[i]) {
                d = 0;
            } else if (Double.isNaN(a[i]) || Double.isNaN(ref[i]) || Double.isInfinite(a[i]) || Double.isInfinite(ref[i])) {
                d = Double.POSITIVE_INFINITY;
            } else {
                d = Math.abs(a[i] - ref[i]) / scale;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    private interface Pick {
        Double get(Column c);
    }

    private static String[] row(String label, List<Column> cols, Pick pick, double ref) {
        String[] row = new String[cols.size() + 2];
        row[0] = label;
        for (int k = 0; k < cols.size(); k++) {
            Double v = pick.get(cols.get(k));
            row[k + 1] = v == null ? "-" : Numbers.format(v);
        }
        row[cols.size() + 1] = Numbers.format(ref);
        return row;
    }
}
