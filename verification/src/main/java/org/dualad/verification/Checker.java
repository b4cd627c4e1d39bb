package org.dualad.verification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * The comparison engine of {@link DerivativeCheck}: computes the oracles and the subjects, catches
 * what they throw, compares entry by entry under the {@link Tolerance}'s rule and returns a
 * {@link CheckReport} holding every comparison and every failure (each failing pair with its worst
 * entries first).
 */
final class Checker {
    /** At most this many failing entries are listed per (subject, oracle) pair. */
    static final int MAX_LINES = 10;

    /** A derivative to check or to check against, computed on demand. */
    record Source(String name, Supplier<DMatrixRMaj> value) {
    }

    /** A computed oracle: its value and, for finite differences, its error bound. */
    record Reference(String name, DMatrixRMaj value, DMatrixRMaj bound) {
    }

    /** A lazily computed oracle. */
    record OracleSource(String name, Supplier<Reference> compute) {
    }

    /** Names an entry (row i, column j) in a failure message. */
    @FunctionalInterface
    interface EntryNamer {
        String name(int i, int j);
    }

    private Checker() {
    }

    /**
     * Rejects a point no check can pass at: a NaN or infinite coordinate.
     */
    static double[] point(double[] x, String check) {
        Arguments.point(x, check);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new AssertionError(check + ": x[" + i + "] = " + x[i] + " at x = " + Arrays.toString(x)
                        + "; a derivative check at a non-finite point proves nothing, so it fails");
            }
        }
        return x.clone();
    }

    static CheckReport run(String check, double[] x, List<Source> subjects, List<OracleSource> oracles,
                           Tolerance tol, EntryNamer namer) {
        Objects.requireNonNull(tol, () -> check + ": tolerance must not be null");
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException(check + ": nothing to check; choose at least one mode or add a derivative");
        }
        List<String> failures = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        List<Reference> refs = new ArrayList<>();
        for (OracleSource o : oracles) {
            try {
                refs.add(o.compute().get());
            } catch (RuntimeException e) {
                failures.add(o.name() + " threw " + e + " (f threw while the oracle evaluated it)");
                causes.add(e);
            }
        }
        List<CheckReport.Comparison> comparisons = new ArrayList<>();
        for (Source s : subjects) {
            DMatrixRMaj a;
            try {
                a = s.value().get();
                if (a == null) {
                    throw new IllegalStateException(s.name() + " returned null");
                }
            } catch (RuntimeException e) {
                failures.add(s.name() + " threw " + e);
                causes.add(e);
                continue;
            }
            for (Reference r : refs) {
                compare(s.name(), a, r, tol, namer, failures, comparisons);
            }
        }
        return new CheckReport(check, x, comparisons, failures, causes);
    }

    /** One bad entry, for sorting worst first. */
    private record Bad(int i, int j, double actual, double expected, double abs, double rel, double allowed) {
        double severity() {
            return Double.isNaN(abs) || Double.isNaN(actual) || Double.isNaN(expected)
                    ? Double.POSITIVE_INFINITY : abs / Math.max(allowed, Double.MIN_VALUE);
        }
    }

    private static void compare(String subject, DMatrixRMaj a, Reference r, Tolerance tol, EntryNamer namer,
                                List<String> failures, List<CheckReport.Comparison> comparisons) {
        DMatrixRMaj e = r.value();
        if (a.numRows != e.numRows || a.numCols != e.numCols) {
            comparisons.add(new CheckReport.Comparison(subject, r.name(), a.numRows * a.numCols,
                    Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false));
            failures.add(subject + " vs " + r.name() + ": shapes differ, " + subject + " is " + a.numRows + "x"
                    + a.numCols + " but " + r.name() + " is " + e.numRows + "x" + e.numCols);
            return;
        }
        double worstRel = 0;
        double worstAbs = 0;
        int unjudged = 0;
        List<Bad> bad = new ArrayList<>();
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                double av = a.get(i, j);
                double ev = e.get(i, j);
                double bound = r.bound() == null ? 0 : r.bound().get(i, j);
                if (bound == Double.POSITIVE_INFINITY) {
                    unjudged++;
                }
                double allowed = tol.allowed(av, ev) + bound;
                double abs = Tolerance.absoluteError(av, ev);
                double rel = Tolerance.relativeError(av, ev);
                if (!tol.accepts(av, ev, bound)) {
                    bad.add(new Bad(i, j, av, ev, abs, rel, allowed));
                }
                if (!Double.isNaN(abs)) {
                    worstAbs = Math.max(worstAbs, abs);
                    worstRel = Math.max(worstRel, Double.isNaN(rel) ? 0 : rel);
                }
            }
        }
        comparisons.add(new CheckReport.Comparison(subject, r.name(), a.numRows * a.numCols, worstRel, worstAbs,
                bad.isEmpty(), unjudged));
        if (bad.isEmpty()) {
            return;
        }
        bad.sort((p, q) -> Double.compare(q.severity(), p.severity()));
        StringBuilder s = new StringBuilder();
        s.append(subject).append(" vs ").append(r.name()).append(": ").append(bad.size()).append(" of ")
                .append(a.numRows * a.numCols).append(" entries out of tolerance (")
                .append(tol).append(r.bound() == null ? "" : " + the finite-difference error bound")
                .append("), worst first:");
        for (int k = 0; k < bad.size() && k < MAX_LINES; k++) {
            Bad b = bad.get(k);
            s.append(System.lineSeparator()).append("  ").append(namer.name(b.i(), b.j())).append(": ")
                    .append(subject).append(" = ").append(b.actual()).append(", ").append(r.name()).append(" = ")
                    .append(b.expected()).append(", abs error ").append(String.format("%.3g", b.abs()))
                    .append(", rel error ").append(String.format("%.3g", b.rel()))
                    .append(", allowed ").append(String.format("%.3g", b.allowed()));
            if (Double.isNaN(b.actual()) || Double.isNaN(b.expected())) {
                s.append(" (NaN never passes)");
            }
        }
        if (bad.size() > MAX_LINES) {
            s.append(System.lineSeparator()).append("  ... and ").append(bad.size() - MAX_LINES).append(" more");
        }
        failures.add(s.toString());
    }

    /** A 1 x n matrix view of a gradient. */
    static DMatrixRMaj row(double[] g) {
        DMatrixRMaj m = new DMatrixRMaj(1, g.length);
        System.arraycopy(g, 0, m.data, 0, g.length);
        return m;
    }
}
