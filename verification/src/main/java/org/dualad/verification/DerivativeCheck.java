package org.dualad.verification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * The one derivative check: immutable settings (function, modes, added derivatives, tolerance,
 * oracles) and a run that evaluates every subject and oracle at a point and compares them entry by
 * entry. {@link GradientCheck}, {@link JacobianCheck}, {@link HessianCheck} and
 * {@link LaplacianCheck} are its typed front ends: each only says, as a {@link Kind}, which modes
 * qualify and how a mode, an added derivative and each oracle compute its derivative as a matrix.
 *
 * <p>Against the complex step, the high-precision oracle or {@code DerivativeStructure} an entry
 * passes within the {@link Tolerance}; against finite differences within the tolerance plus the
 * estimate's own error bound. An entry fails when a value is NaN (whichever side), a check fails
 * when a subject or an oracle throws (the exception is the cause), and at a point with a NaN or
 * infinite coordinate: a check never passes silently. Instances are immutable: each setter
 * returns a new check.
 *
 * @param <F> the function type checked ({@code ScalarFunction} or {@code VectorFunction})
 * @param <D> the type of an added derivative, e.g. x -&gt; gradient
 * @param <S> the concrete check, returned by every fluent call
 */
public abstract class DerivativeCheck<F, D, S extends DerivativeCheck<F, D, S>> {

    /** One derivative of a function at a point, as the matrix the comparison reads. */
    @FunctionalInterface
    interface Derivative<F> {
        DMatrixRMaj of(F f, double[] x);
    }

    /**
     * What a kind of check is: its names, which modes qualify, and how each source computes the
     * derivative as a matrix.
     *
     * @param check the check's name, which starts every message, e.g. "GradientCheck"
     * @param derivative the derivative's name, also the name of the public method adding one,
     *     e.g. "gradient"
     * @param plural what a rejected mode does not compute, e.g. "gradients"
     * @param computes whether a mode computes this derivative
     * @param byMode a mode's derivative
     * @param byHand an added derivative's value at a point
     * @param complexStep the complex-step oracle
     * @param highPrecision the high-precision oracle, rounded to doubles
     * @param derivativeStructure Commons Math's {@code DerivativeStructure} oracle
     * @param finiteDifferences the finite-difference oracle with its error bound
     * @param entry how a failure message names entry (i, j), e.g. "output 0, input 1"
     * @param <F> the function type
     * @param <D> the added derivative's type
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    record Kind<F, D>(String check, String derivative, String plural, Predicate<Mode> computes,
                      Function<Mode, Derivative<F>> byMode, BiFunction<D, double[], DMatrixRMaj> byHand,
                      Derivative<F> complexStep, Derivative<F> highPrecision, Derivative<F> derivativeStructure,
                      BiFunction<F, double[], FiniteDifferenceEstimate> finiteDifferences, Checker.EntryNamer entry) {
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

    /** The settings of one check, replaced as a whole by every fluent call. */
    record Settings<F, D>(F f, List<Mode> modes, Map<String, D> custom, Tolerance tolerance, Set<Oracle> oracles) {
    }

    final Kind<F, D> kind;
    final Settings<F, D> settings;

    /**
     * The default check of f: every capable mode, no added derivative, the complex-step and
     * finite-difference oracles (the others are chosen explicitly).
     */
    DerivativeCheck(Kind<F, D> kind, F f) {
        this(kind, new Settings<>(Arguments.function(f, kind.check()), kind.allModes(), Map.of(), Tolerance.DEFAULT,
                EnumSet.of(Oracle.COMPLEX_STEP, Oracle.FINITE_DIFFERENCES)));
    }

    DerivativeCheck(Kind<F, D> kind, Settings<F, D> settings) {
        this.kind = kind;
        this.settings = settings;
    }

    /** @return a check of the same kind with these settings (the checks are immutable) */
    abstract S with(Settings<F, D> s);

    /**
     * @param chosen the modes to check (none: only the added derivatives); a mode that does not
     *     compute this check's derivative is rejected
     * @return a new check
     * @throws IllegalArgumentException if a mode does not compute this derivative
     */
    public final S modes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!kind.computes().test(Objects.requireNonNull(m, kind.check() + ".modes: null mode"))) {
                throw new IllegalArgumentException(kind.check() + ".modes: " + m.label() + " mode does not compute "
                        + kind.plural());
            }
            list.add(m);
        }
        Settings<F, D> s = settings;
        return with(new Settings<>(s.f(), List.copyOf(list), s.custom(), s.tolerance(), s.oracles()));
    }

    /** Adds a derivative to check beside the modes; the public named adders call this. */
    final S withDerivative(String name, D derivative) {
        String method = kind.check() + "." + kind.derivative();
        Objects.requireNonNull(name, method + ": name must not be null");
        Objects.requireNonNull(derivative, method + ": " + kind.derivative() + " must not be null");
        // Insertion order is report order, and a name added twice keeps its first place.
        Map<String, D> m = new LinkedHashMap<>(settings.custom());
        m.put(name, derivative);
        Settings<F, D> s = settings;
        return with(new Settings<>(s.f(), s.modes(), m, s.tolerance(), s.oracles()));
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public final S tolerance(Tolerance t) {
        Settings<F, D> s = settings;
        return with(new Settings<>(s.f(), s.modes(), s.custom(), Objects.requireNonNull(t, kind.check()
                + ".tolerance"), s.oracles()));
    }

    /**
     * @param chosen the oracles to compare against, at least one
     * @return a new check
     * @throws IllegalArgumentException if none is given
     */
    public final S oracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException(kind.check() + ".oracles: choose at least one oracle");
        }
        Settings<F, D> s = settings;
        return with(new Settings<>(s.f(), s.modes(), s.custom(), s.tolerance(), EnumSet.of(chosen[0], chosen)));
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, n &ge; 1 finite coordinates (not modified)
     * @return the report of a passing check
     * @throws AssertionError if any entry is out of tolerance or NaN, anything threw, or x has a
     *     NaN or infinite coordinate; its message lists, per failing pair, the worst entries first
     */
    public final CheckReport at(double... x) {
        return report(x).orThrow();
    }

    /**
     * Runs the check at x and returns what it found, passing or not (for a caller that shows
     * every comparison, such as the {@code dualad check} command): {@link CheckReport#passed()}
     * says whether {@link #at} would have returned it.
     *
     * @param x the point, n &ge; 1 finite coordinates (not modified)
     * @return the report
     * @throws AssertionError if x has a NaN or infinite coordinate
     */
    public final CheckReport report(double... x) {
        // Subjects and oracles are computed lazily inside Checker, which turns whatever they throw
        // into the failure; each gets its own copy of the point, so a function that writes to its
        // argument cannot corrupt another's input.
        double[] p = Checker.point(x, kind.check());
        F f = settings.f();
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : settings.modes()) {
            Derivative<F> d = kind.byMode().apply(m);
            subjects.add(new Checker.Source(m.label(), () -> d.of(f, p.clone())));
        }
        settings.custom().forEach((name, d) -> subjects.add(new Checker.Source(name,
                () -> kind.byHand().apply(d, p.clone()))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        for (Oracle o : settings.oracles()) { // an EnumSet: in the enum's order
            refs.add(new Checker.OracleSource(o.label(), () -> reference(o, p.clone())));
        }
        return Checker.run(kind.check(), p, subjects, refs, settings.tolerance(), kind.entry());
    }

    private Checker.Reference reference(Oracle o, double[] x) {
        F f = settings.f();
        return switch (o) {
            case COMPLEX_STEP -> new Checker.Reference(o.label(), kind.complexStep().of(f, x), null);
            case HIGH_PRECISION -> new Checker.Reference(o.label(), kind.highPrecision().of(f, x), null);
            case DERIVATIVE_STRUCTURE -> new Checker.Reference(o.label(), kind.derivativeStructure().of(f, x), null);
            case FINITE_DIFFERENCES -> {
                FiniteDifferenceEstimate e = kind.finiteDifferences().apply(f, x);
                yield new Checker.Reference(o.label(), e.estimate(), e.errorBound());
            }
        };
    }
}
