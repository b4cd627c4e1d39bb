package org.dualad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.verification.CheckReport;
import org.dualad.verification.FiniteDifferenceEstimate;
import org.dualad.verification.GradientCheck;
import org.dualad.verification.HessianCheck;
import org.dualad.verification.LaplacianCheck;
import org.dualad.verification.Mode;
import org.dualad.verification.Oracle;
import org.dualad.verification.Oracles;
import org.dualad.verification.Tolerance;
import org.ejml.data.DMatrixRMaj;

/**
 * The {@code check} command: value, gradient, Hessian and Laplacian by every mode of
 * {@link Modes#ALL} and by two oracles of the verification module, the complex step (gradient and
 * Hessian, exact to rounding for real-analytic expressions) and finite differences (gradient,
 * {@link Oracles#finiteDifferenceGradientWithError}), side by side, each column checked by the
 * verification checks ({@link GradientCheck}, {@link HessianCheck}, {@link LaplacianCheck})
 * against {@link Oracle#DERIVATIVE_STRUCTURE}, Commons Math's {@code DerivativeStructure} (its
 * own rule implementations, order 2), which is the reference column.
 *
 * <p>One error metric, the checks': an entry passes when |a - r| &le; t + t max(|a|, |r|)
 * ({@link Tolerance} with t relative and absolute), NaN never passes (equal infinities do), and a
 * column's error is its worst {@link Tolerance#relativeError} over every entry it computes.
 */
final class Checker {
    /** One column: a method's numbers, null where it does not compute that group. */
    private record Column(String name, double tolerance, Double value, double[] gradient, double[][] hessian,
            Double laplacian, boolean[] unjudged) {
        Column(String name, double tolerance, Double value, double[] gradient, double[][] hessian, Double laplacian) {
            this(name, tolerance, value, gradient, hessian, laplacian, null);
        }
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
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                throw InputException.atOption("check: " + c.var(i) + " = " + Numbers.format(x[i])
                        + " is not finite; a derivative check at a non-finite point proves nothing", "--at");
            }
        }
        double[][] dsH = Modes.rows(Oracles.derivativeStructureHessian(f, x));
        Column ref = new Column(Oracle.DERIVATIVE_STRUCTURE.label(), 0, Oracles.derivativeStructureValue(f, x),
                Oracles.derivativeStructureGradient(f, x), dsH, Oracles.derivativeStructureLaplacian(f, x));

        List<Column> cols = new ArrayList<>();
        for (Mode m : Modes.ALL) {
            ValueAndGradient vg = m.valueAndGradient(f, x);
            double[][] h = m.hasHessian() ? Modes.rows(m.hessian(f, x)) : null;
            Double lap = m.hasLaplacian() ? m.laplacian(f, x) : null;
            cols.add(new Column(m.label(), tolerance, vg.value(), vg.gradient(), h, lap));
        }
        double[][] csH = Modes.rows(Oracles.complexStepHessian(f, x));
        double csTrace = 0;
        for (int i = 0; i < n; i++) {
            csTrace += csH[i][i];
        }
        cols.add(new Column(Oracle.COMPLEX_STEP.label(), tolerance, null, Oracles.complexStepGradient(f, x), csH,
                csTrace));
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(f, x);
        // entries where the differences resolve nothing (a jump inside the stencil: no error bound)
        boolean[] unjudged = new boolean[n];
        for (int i = 0; i < n; i++) {
            unjudged[i] = fd.gradientErrorBound()[i] == Double.POSITIVE_INFINITY;
        }
        cols.add(new Column(Oracle.FINITE_DIFFERENCES.label(), fdTolerance, null, fd.gradient(), null, null,
                unjudged));

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
            Tolerance t = new Tolerance(col.tolerance(), col.tolerance());
            List<CheckReport> reports = reports(f, x, col, t);
            double e = 0;
            boolean ok = true;
            for (CheckReport report : reports) {
                ok &= report.passed();
                for (CheckReport.Comparison cmp : report.comparisons()) {
                    e = Math.max(e, cmp.worstRelativeError());
                }
            }
            if (col.value() != null) {
                ok &= t.accepts(col.value(), ref.value(), 0);
                e = Math.max(e, Tolerance.relativeError(col.value(), ref.value()));
            }
            int notJudged = 0;
            if (!ok && col.unjudged() != null) {
                // finite differences that resolve nothing at an entry judge nothing there: the rest decide
                ok = true;
                for (int i = 0; i < n; i++) {
                    if (col.unjudged()[i]) {
                        notJudged++;
                    } else {
                        ok &= t.accepts(col.gradient()[i], ref.gradient()[i], 0);
                    }
                }
            }
            all &= ok;
            errRows.add(new String[] {col.name(), sci(e), "tolerance " + sci(col.tolerance()),
                    !ok ? "DISAGREES" : notJudged > 0 ? "ok, " + notJudged + " not judged (a jump inside its stencil)"
                            : "ok"});
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
            if (notJudged > 0) {
                m.put("notJudged", notJudged);
            }
        }
        check.put("agree", all);
        r.text().append(Report.table(errRows, 2));
        r.text().append(all ? "all agree\n" : "DISAGREEMENT beyond tolerance\n");
        return all;
    }

    /**
     * The verification checks of one column's numbers (as added derivatives, named by the column)
     * against {@code DerivativeStructure}: gradient, and Hessian and Laplacian where it has them.
     */
    private static List<CheckReport> reports(ScalarFunction f, double[] x, Column col, Tolerance t) {
        List<CheckReport> out = new ArrayList<>();
        out.add(GradientCheck.of(f).modes().gradient(col.name(), p -> col.gradient())
                .oracles(Oracle.DERIVATIVE_STRUCTURE).tolerance(t).report(x));
        if (col.hessian() != null) {
            DMatrixRMaj h = new DMatrixRMaj(col.hessian());
            out.add(HessianCheck.of(f).modes().hessian(col.name(), p -> h)
                    .oracles(Oracle.DERIVATIVE_STRUCTURE).tolerance(t).report(x));
        }
        if (col.laplacian() != null) {
            double lap = col.laplacian();
            out.add(LaplacianCheck.of(f).modes().laplacian(col.name(), p -> lap)
                    .oracles(Oracle.DERIVATIVE_STRUCTURE).tolerance(t).report(x));
        }
        return out;
    }

    /** 0, 3.1e-14, 1e-12: short scientific text for errors and tolerances. */
    static String sci(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Numbers.format(v);
        }
        String s = String.format("%.1e", v).replace("e-0", "e-").replace("e+00", "").replace("e+0", "e");
        return s.replace(".0e", "e");
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
