package org.dualad.verification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.dualad.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * What {@link GradientCheck}, {@link JacobianCheck}, {@link HessianCheck} and {@link LaplacianCheck}
 * share: the immutable settings (function, modes, hand-written derivatives, tolerance, oracles),
 * their validation, and the run that evaluates every subject and oracle at a point and hands them
 * to {@link Checker}. A kind of check only says which modes qualify and how a mode, a hand-written
 * derivative and each oracle compute its derivative as a matrix.
 *
 * <p>The public builders keep their own one-line public methods (and javadoc) that delegate here,
 * so their API stays exactly what it was: each fluent call returns the concrete check type.
 *
 * @param <F> the function type checked ({@code ScalarFunction} or {@code VectorFunction})
 * @param <D> the type of a hand-written derivative, e.g. x -&gt; gradient
 * @param <S> the concrete check, returned by every fluent call
 */
abstract class AbstractCheck<F, D, S extends AbstractCheck<F, D, S>> {

    /**
     * The names and mode capability a kind of check puts in its messages.
     *
     * @param check the check's name, which starts every message, e.g. "GradientCheck"
     * @param derivative the derivative's name, also the name of the public method adding a
     *     hand-written one, e.g. "gradient"
     * @param plural what a rejected mode does not compute, e.g. "gradients"
     * @param computes whether a mode computes this derivative
     */
    record Kind(String check, String derivative, String plural, Predicate<Mode> computes) {
        /** @return every mode that computes this derivative, in declaration order */
        List<Mode> allModes() {
            List<Mode> all = new ArrayList<>();
            for (Mode m : Mode.values()) {
                if (computes.test(m)) {
                    all.add(m);
                }
            }
            return all;
        }
    }

    final Kind kind;
    final F f;
    final List<Mode> modes;
    final Map<String, D> custom;
    final Tolerance tolerance;
    final Set<Oracle> oracles;

    /**
     * The default check of f: every capable mode, no hand-written derivative, the complex-step and
     * finite-difference oracles (the high-precision one is chosen explicitly).
     */
    AbstractCheck(Kind kind, F f) {
        this(kind, Arguments.function(f, kind.check()), kind.allModes(), Map.of(), Tolerance.DEFAULT,
                EnumSet.of(Oracle.COMPLEX_STEP, Oracle.FINITE_DIFFERENCES));
    }

    AbstractCheck(Kind kind, F f, List<Mode> modes, Map<String, D> custom, Tolerance tolerance,
                  Set<Oracle> oracles) {
        this.kind = kind;
        this.f = f;
        this.modes = modes;
        this.custom = custom;
        this.tolerance = tolerance;
        this.oracles = oracles;
    }

    /** @return a check of the same kind and function with these settings (the builders are immutable) */
    abstract S with(List<Mode> modes, Map<String, D> custom, Tolerance tolerance, Set<Oracle> oracles);

    /** @return mode m's derivative of f at x, as the matrix Checker compares */
    abstract DMatrixRMaj byMode(Mode m, double[] x);

    /** @return the hand-written derivative d at x, as the matrix Checker compares */
    abstract DMatrixRMaj byHand(D d, double[] x);

    /** @return the complex-step oracle's derivative of f at x */
    abstract DMatrixRMaj complexStep(double[] x);

    /** @return the high-precision oracle's derivative of f at x, rounded to doubles */
    abstract DMatrixRMaj highPrecision(double[] x);

    /** @return the finite-difference oracle's derivative of f at x with its error bound */
    abstract FiniteDifferenceEstimate finiteDifferences(double[] x);

    /** @return how a failure message names entry (i, j), e.g. "output 0, input 1" */
    abstract String entry(int i, int j);

    final S withModes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!kind.computes().test(Objects.requireNonNull(m, kind.check() + ".modes: null mode"))) {
                throw new IllegalArgumentException(kind.check() + ".modes: " + m.label() + " mode does not compute "
                        + kind.plural());
            }
            list.add(m);
        }
        return with(List.copyOf(list), custom, tolerance, oracles);
    }

    final S withDerivative(String name, D derivative) {
        String method = kind.check() + "." + kind.derivative();
        Objects.requireNonNull(name, method + ": name must not be null");
        Objects.requireNonNull(derivative, method + ": " + kind.derivative() + " must not be null");
        // Insertion order is report order, and a name added twice keeps its first place.
        Map<String, D> m = new LinkedHashMap<>(custom);
        m.put(name, derivative);
        return with(modes, m, tolerance, oracles);
    }

    final S withTolerance(Tolerance t) {
        return with(modes, custom, Objects.requireNonNull(t, kind.check() + ".tolerance"), oracles);
    }

    final S withOracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException(kind.check() + ".oracles: choose at least one oracle");
        }
        return with(modes, custom, tolerance, EnumSet.of(chosen[0], chosen));
    }

    /**
     * Runs the check at x. Subjects and oracles are computed lazily inside {@link Checker}, which
     * turns whatever they throw into the failure; each gets its own copy of the point, so a
     * function that writes to its argument cannot corrupt another's input.
     */
    final CheckReport run(double[] x) {
        double[] p = Checker.point(x, kind.check());
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : modes) {
            subjects.add(new Checker.Source(m.label(), () -> byMode(m, p.clone())));
        }
        custom.forEach((name, d) -> subjects.add(new Checker.Source(name, () -> byHand(d, p.clone()))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        for (Oracle o : oracles) { // an EnumSet: complex step first, then finite differences, then high precision
            refs.add(new Checker.OracleSource(o.label(), () -> reference(o, p.clone())));
        }
        return Checker.run(kind.check(), p, subjects, refs, tolerance, this::entry);
    }

    private Checker.Reference reference(Oracle o, double[] x) {
        return switch (o) {
            case COMPLEX_STEP -> new Checker.Reference(o.label(), complexStep(x), null);
            case HIGH_PRECISION -> new Checker.Reference(o.label(), highPrecision(x), null);
            case FINITE_DIFFERENCES -> {
                FiniteDifferenceEstimate e = finiteDifferences(x);
                yield new Checker.Reference(o.label(), e.estimate(), e.errorBound());
            }
        };
    }
}
