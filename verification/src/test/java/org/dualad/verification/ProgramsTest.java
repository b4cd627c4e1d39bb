package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import org.dualad.dual.Forward;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The generators, and every forward mode against the oracles on random programs. */
class ProgramsTest {

    @Provide
    Arbitrary<Programs.Case> cases() {
        return Programs.cases(3);
    }

    @Provide
    Arbitrary<Programs.Case> piecewiseCases() {
        return Programs.cases(2, Programs.DEFAULT_MAX_STEPS, true);
    }

    @Property(tries = 400)
    void forwardModesMatchComplexStep(@ForAll("cases") Programs.Case c) {
        GradientCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
    }

    @Property(tries = 150)
    void piecewiseProgramsFollowTheRealBranchInEveryMode(@ForAll("piecewiseCases") Programs.Case c) {
        GradientCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
        HessianCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
    }

    @Property(tries = 100)
    void finiteDifferencesWithinTheirOwnBound(@ForAll("cases") Programs.Case c) {
        GradientCheck.of(c.program()).modes().gradient("complex step", x -> Oracles.complexStepGradient(c.program(), x))
                .oracles(Oracle.FINITE_DIFFERENCES).at(c.point());
    }

    @Property(tries = 100)
    void forwardHessianMatchesComplexStep(@ForAll("cases") Programs.Case c) {
        HessianCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
    }

    @Provide
    Arbitrary<Programs.VectorCase> vectorCases() {
        return Programs.vectorCases(3, 2);
    }

    @Property(tries = 100)
    void jacobiansMatchComplexStepAndFiniteDifferences(@ForAll("vectorCases") Programs.VectorCase c) {
        JacobianCheck.check(c.function(), c.point());
    }

    @Property(tries = 100)
    void hybridLaplacianMatchesComplexStep(@ForAll("cases") Programs.Case c) {
        LaplacianCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
    }

    @Property(tries = 100)
    void programsEvaluateAlikeOnEveryType(@ForAll("cases") Programs.Case c) {
        double plain = Oracles.value(c.program(), c.point());
        double viaForward = Forward.valueAndGradient(c.program(), c.point()).value();
        assertEquals(plain, viaForward, 1e-13 * Math.max(1, Math.abs(plain)), c.toString());
    }

    @Example // generators need a jqwik thread
    void generatorsCoverEveryAnalyticFunctionAndShareSubexpressions() {
        Random random = new Random(42);
        RandomGenerator<Program> gen = Programs.programs(2).generator(1000);
        Set<Program.Fn> seen = EnumSet.noneOf(Program.Fn.class);
        boolean shared = false;
        for (int k = 0; k < 2000; k++) {
            Program p = gen.next(random).value();
            p.steps().forEach(s -> seen.add(s.fn()));
            shared |= p.toString().contains("t");
            assertTrue(!p.isPiecewise(), p.toString());
        }
        for (Program.Fn f : Program.Fn.values()) {
            assertTrue(f.piecewise() || seen.contains(f), "never generated: " + f);
        }
        assertTrue(shared, "no program shared a subexpression");
    }

    @Test
    void formulaPrintsSharedNodesAsBindings() {
        // t0 = sin(x0); f = t0 * log(1 + t0^2)
        Program p = Program.of(1, List.of(new Program.Step(Program.Fn.SIN, 0, 0),
                new Program.Step(Program.Fn.LOG, 1, 1), new Program.Step(Program.Fn.MULTIPLY, 1, 2)));
        assertEquals("t0 = sin(x0); f = t0 * log(1 + t0^2)", p.toString());
        assertEquals(3, p.size());
        GradientCheck.check(p, 0.7);
    }

    /** Greedy shrinking with jqwik's own shrinker until no smaller candidate still falsifies. */
    private static <T> T shrink(Shrinkable<T> start, Predicate<T> falsifies) {
        Shrinkable<T> current = start;
        boolean progress = true;
        while (progress) {
            progress = false;
            Optional<Shrinkable<T>> next = current.shrink().filter(s -> falsifies.test(s.value())).findFirst();
            if (next.isPresent()) {
                current = next.get();
                progress = true;
            }
        }
        return current.value();
    }

    @Example // generators need a jqwik thread
    void shrinkingEndsOnASmallReadableFormula() {
        // A property "no program uses acos" is falsified by big programs; jqwik's shrinking must
        // bring a counterexample down to the one step that matters.
        Predicate<Program> usesAcos = p -> p.toString().contains("acos");
        Random random = new Random(7);
        RandomGenerator<Program> gen = Programs.programs(3).generator(1000);
        Shrinkable<Program> found = null;
        while (found == null) {
            Shrinkable<Program> s = gen.next(random);
            if (usesAcos.test(s.value()) && s.value().size() >= 4) {
                found = s;
            }
        }
        Program small = shrink(found, usesAcos);
        assertEquals("f = acos(0.5 * tanh(x0))", small.toString());
    }

    @Example // generators need a jqwik thread
    void aDeliberatelyWrongGradientFailsOnRandomPrograms() {
        Random random = new Random(3);
        RandomGenerator<Programs.Case> gen = Programs.cases(2).generator(1000);
        Programs.Case c = gen.next(random).value();
        while (Oracles.complexStepGradient(c.program(), c.point())[0] == 0) {
            c = gen.next(random).value();
        }
        Programs.Case k = c;
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> GradientCheck.of(k.program()).modes().oracles(Oracle.COMPLEX_STEP)
                        .gradient("doubled", x -> {
                            double[] g = Forward.gradient(k.program(), x);
                            g[0] *= 2;
                            return g;
                        }).at(k.point()));
        assertTrue(e.getMessage().contains("output 0, input 0: doubled = "), e.getMessage());
        assertTrue(e.getMessage().contains("rel error 0.500"), e.getMessage());
    }

    @Test
    void hessianOfAProgramMatchesFiniteDifferences() {
        Program p = Program.of(2, List.of(new Program.Step(Program.Fn.MULTIPLY, 0, 1),
                new Program.Step(Program.Fn.ATAN2, 2, 0), new Program.Step(Program.Fn.POW, 3, 1)));
        CheckReport r = HessianCheck.check(p, 0.3, -0.8);
        assertTrue(r.worstRelativeError(Oracle.COMPLEX_STEP) < 1e-12, r.toString());
        DMatrixRMaj h = Forward.hessian(p, 0.3, -0.8);
        assertEquals(h.get(0, 1), h.get(1, 0));
    }
}
