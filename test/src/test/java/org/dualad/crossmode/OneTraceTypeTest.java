package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.StepFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.dual.HVar;
import org.dualad.hybrid.Hybrid;
import org.dualad.optim.Newton;
import org.dualad.optim.Objectives;
import org.dualad.reverse.Checkpoint;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Var;
import org.dualad.sparse.SparseHessian;
import org.dualad.sparse.SparseJacobian;
import org.junit.jupiter.api.Test;

/**
 * The design that keeps a program's modes as fast together as alone (issue 17, ARCHITECTURE.md
 * "Every mode on one trace"): every scalar-function facade runs the user's f on one number type,
 * HVar. A second type in f's compiled code makes its call sites polymorphic and every mode
 * slower; this test pins which types f sees, so a facade that starts running f on another type
 * fails here rather than in a benchmark.
 */
class OneTraceTypeTest {
    /** f records the number type of every call; its body is an ordinary smooth function. */
    private static final class Spy implements ScalarFunction {
        final Set<Class<?>> seen = new LinkedHashSet<>();

        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            seen.add(x[0].getClass());
            T s = x[0].multiply(x[1]).sin();
            for (int i = 1; i < x.length; i++) {
                s = s.add(x[i - 1].subtract(x[i].multiply(x[i])).exp());
            }
            return s;
        }
    }

    private static final double[] X = {0.3, -0.7, 1.1, 0.4};
    private static final double[] V = {1, -2, 0.5, 3};

    @Test
    void everyFacadeRunsFOnTheTrace() {
        Spy f = new Spy();
        // detecting a sparsity pattern reads op codes, so it records once on the op tape (Var), as
        // a Recording does; its Hessians then run on the trace
        SparseHessian sparse = SparseHessian.of(f, X);
        f.seen.clear();
        Forward.gradient(f, X);
        Forward.valueAndGradient(f, X);
        Forward.directionalDerivative(f, X, V);
        Forward.secondDirectionalDerivative(f, X, V);
        Forward.hvp(f, X, V);
        Forward.hessian(f, X);
        Reverse.gradient(f, X);
        Reverse.valueAndGradient(f, X);
        Reverse.withMaxNodes(1000).gradient(f, X);
        Hybrid.gradient(f, X);
        Hybrid.hvp(f, X, V);
        Hybrid.hessian(f, X);
        Hybrid.laplacian(f, X);
        Hybrid.laplacianEstimate(f, X, 8, 1);
        sparse.at(X);
        assertEquals(Set.of(HVar.class), f.seen, "the number types f ran on");
    }

    @Test
    void theOptimizerAdaptersRunFOnTheTrace() {
        // an optimizer alternates values (line searches) with gradients and Hessians: its values
        // run on the trace's constants, not on a second type
        Spy f = new Spy();
        Objectives.objective(f).getObjectiveFunction().value(X);
        Objectives.gradient(f).getObjectiveFunctionGradient().value(X);
        Objectives.differentiable(f).value(X);
        Newton.step(f, X);
        assertEquals(Set.of(HVar.class), f.seen, "the number types f ran on");
    }

    /** A vector function and a loop step that record the number types they run on. */
    private static final class VectorSpy implements VectorFunction, StepFunction {
        final Set<Class<?>> seen = new LinkedHashSet<>();

        @Override
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            seen.add(x[0].getClass());
            T[] y = MathArrays.buildArray(x[0].getField(), 2 * x.length);
            for (int i = 0; i < x.length; i++) {
                y[2 * i] = x[i].multiply(x[(i + 1) % x.length]).sin();
                y[2 * i + 1] = x[i].exp();
            }
            return y;
        }

        @Override
        public <T extends RealFieldElement<T>> T[] step(int t, T[] x, T[] p) {
            seen.add(x[0].getClass());
            T[] y = MathArrays.buildArray(x[0].getField(), x.length);
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i].add(x[(i + 1) % x.length].sin().multiply(p[0]).multiply(0.01));
            }
            return y;
        }
    }

    @Test
    void vectorModesAndCheckpointsRunOnTheTrace() {
        VectorSpy f = new VectorSpy();
        // a pattern is found once on the op tape (Var), as for SparseHessian; its Jacobians run on the trace
        SparseJacobian forward = SparseJacobian.of(f, X);
        SparseJacobian reverse = SparseJacobian.of(f, forward.pattern(), SparseJacobian.Mode.REVERSE);
        f.seen.clear();
        forward.at(X);
        reverse.at(X);
        Reverse.vjp(f, X, new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        Reverse.jacobian(f, X);                       // 8 outputs of 4 inputs: column sweeps
        Reverse.valueAndJacobian(f, new double[200]); // 400 of 200: row sweeps
        Reverse.withMaxNodes(10_000).jacobian(f, X);
        Forward.jvp(f, X, V);
        Forward.jacobian(f, X);
        Forward.valueAndJacobian(f, new double[200]);
        assertEquals(Set.of(HVar.class), f.seen, "the number types a vector function ran on");
        VectorSpy step = new VectorSpy();
        Checkpoint.gradient(step, 50, X, new double[] {0.5}, new Spy(), 3);
        Checkpoint.vjp(step, 50, X, new double[] {0.5}, V, 3);
        Checkpoint.run(step, 5, X, new double[] {0.5});
        assertEquals(Set.of(HVar.class), step.seen, "the number types a checkpointed step ran on");
    }

    @Test
    void aReplayRecordsOnVarOnceAndGuardsOnTheTrace() {
        Spy f = new Spy();
        Recording r = Reverse.record(f, X);
        assertEquals(Set.of(Var.class), f.seen, "recording");
        f.seen.clear();
        for (int k = 0; k < 5; k++) {
            r.gradient(X);
        }
        assertEquals(Set.of(HVar.class), f.seen, "the value guard's number type");
    }

    @Test
    void theTapeFreeForwardModeIsTheOneThatRunsOnDualNumbers() {
        Spy f = new Spy();
        DualNumbers.gradient(f, X);
        DualNumbers.directionalDerivative(f, X, V);
        assertEquals(2, f.seen.size(), "MultiDual and Dual: " + f.seen);
        assertEquals(false, f.seen.contains(HVar.class), "" + f.seen);
        VectorSpy g = new VectorSpy();
        DualNumbers.jvp(g, X, V);
        DualNumbers.jacobian(g, X);
        assertEquals(2, g.seen.size(), "MultiDual and Dual: " + g.seen);
        assertEquals(false, g.seen.contains(HVar.class), "" + g.seen);
    }
}
