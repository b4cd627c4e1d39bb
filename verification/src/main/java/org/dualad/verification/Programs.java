package org.dualad.verification;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of random differentiable {@link Program}s and of points in their domain: the
 * entry point of property-based derivative tests.
 *
 * <pre>{@code
 * @Property(tries = 200)
 * void forwardMatchesComplexStep(@ForAll("cases") Programs.Case c) {
 *     GradientCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
 * }
 *
 * @Provide
 * Arbitrary<Programs.Case> cases() {
 *     return Programs.cases(3);
 * }
 * }</pre>
 *
 * Programs are built from jqwik combinators (a list of steps, each an {@link Program.Fn} and two
 * operand indices taken modulo the nodes before it), so jqwik's own shrinking applies: it drops
 * steps and moves functions toward the first ({@code a + b}) and operands toward x0, ending on a
 * small readable formula such as {@code f = asin(0.5 * tanh(x0))}.
 */
public final class Programs {
    /** Default maximum number of steps of a generated program. */
    public static final int DEFAULT_MAX_STEPS = 8;

    private Programs() {
    }

    /**
     * A program with a point of its domain.
     *
     * @param program the program
     * @param point a point inside the program's box, where its value is finite
     */
    public record Case(Program program, double[] point) {
        @Override
        public String toString() {
            return program + "  at x = " + java.util.Arrays.toString(point);
        }
    }

    /**
     * Analytic programs (no piecewise function) of n inputs and up to {@link #DEFAULT_MAX_STEPS}
     * steps.
     *
     * @param n the number of inputs, &ge; 1
     * @return the arbitrary
     */
    public static Arbitrary<Program> programs(int n) {
        return programs(n, DEFAULT_MAX_STEPS, false);
    }

    /**
     * Programs of n inputs.
     *
     * @param n the number of inputs, &ge; 1
     * @param maxSteps the most steps, &ge; 1
     * @param piecewise whether abs, floor, ceil, rint, signum, copySign, remainder and max may
     *     appear (complex step and every mode follow the real branch, finite differences do not
     *     near a kink)
     * @return the arbitrary
     */
    public static Arbitrary<Program> programs(int n, int maxSteps, boolean piecewise) {
        if (n < 1) {
            throw new IllegalArgumentException("programs: n must be at least 1, got " + n);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("programs: maxSteps must be at least 1, got " + maxSteps);
        }
        List<Program.Fn> fns = new ArrayList<>();
        for (Program.Fn f : Program.Fn.values()) {
            if (piecewise || !f.piecewise()) {
                fns.add(f);
            }
        }
        // Operands are drawn from a wide range and reduced modulo the nodes available, so shrinking
        // toward 0 moves every operand toward x0.
        Arbitrary<Integer> operand = Arbitraries.integers().between(0, 1 << 16);
        Arbitrary<int[]> gene = Combinators.combine(Arbitraries.integers().between(0, fns.size() - 1), operand, operand)
                .as((f, a, b) -> new int[] {f, a, b});
        return gene.list().ofMinSize(1).ofMaxSize(maxSteps).map(genes -> {
            List<Program.Step> steps = new ArrayList<>(genes.size());
            for (int s = 0; s < genes.size(); s++) {
                int[] g = genes.get(s);
                int nodes = n + s;
                steps.add(new Program.Step(fns.get(g[0]), g[1] % nodes, g[2] % nodes));
            }
            return Program.of(n, steps);
        });
    }

    /**
     * Points of n coordinates in [{@link Program#DEFAULT_LOWER}, {@link Program#DEFAULT_UPPER}].
     *
     * @param n the number of coordinates
     * @return the arbitrary
     */
    public static Arbitrary<double[]> points(int n) {
        return Arbitraries.doubles().between(Program.DEFAULT_LOWER, Program.DEFAULT_UPPER)
                .array(double[].class).ofSize(n);
    }

    /**
     * Points inside p's box where p's value is finite (|f| &lt; 1e100), so derivatives are
     * meaningful.
     *
     * @param p the program
     * @return the arbitrary
     */
    public static Arbitrary<double[]> points(Program p) {
        return Arbitraries.doubles().between(p.lower(), p.upper()).array(double[].class).ofSize(p.inputs())
                .filter(x -> Math.abs(Oracles.value(p, x)) < 1e100);
    }

    /**
     * Analytic programs of n inputs, each with a point of its domain.
     *
     * @param n the number of inputs
     * @return the arbitrary
     */
    public static Arbitrary<Case> cases(int n) {
        return cases(n, DEFAULT_MAX_STEPS, false);
    }

    /**
     * Programs with a point of their domain.
     *
     * @param n the number of inputs
     * @param maxSteps the most steps
     * @param piecewise whether piecewise functions may appear
     * @return the arbitrary
     */
    public static Arbitrary<Case> cases(int n, int maxSteps, boolean piecewise) {
        return programs(n, maxSteps, piecewise).flatMap(p -> points(p).map(x -> new Case(p, x)));
    }

    /**
     * A vector function with a point of its domain.
     *
     * @param function the m programs as one function
     * @param point a point where every output is finite
     */
    public record VectorCase(ProgramVector function, double[] point) {
        @Override
        public String toString() {
            return function + "  at x = " + java.util.Arrays.toString(point);
        }
    }

    /**
     * Vector functions of m analytic programs of n inputs, with a point where every output is
     * finite: the generator for Jacobian checks.
     *
     * @param n the number of inputs
     * @param m the number of outputs, &ge; 1
     * @return the arbitrary
     */
    public static Arbitrary<VectorCase> vectorCases(int n, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("vectorCases: m must be at least 1, got " + m);
        }
        return programs(n).list().ofSize(m).map(ProgramVector::of).flatMap(v ->
                Arbitraries.doubles().between(Program.DEFAULT_LOWER, Program.DEFAULT_UPPER).array(double[].class)
                        .ofSize(n).filter(x -> finite(v, x)).map(x -> new VectorCase(v, x)));
    }

    private static boolean finite(ProgramVector v, double[] x) {
        for (Program p : v.outputs()) {
            if (!(Math.abs(Oracles.value(p, x)) < 1e100)) {
                return false;
            }
        }
        return true;
    }
}
