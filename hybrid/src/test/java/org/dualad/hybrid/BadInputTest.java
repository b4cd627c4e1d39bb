package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.junit.jupiter.api.Test;

/** Clear exceptions for bad input, naming the method and the argument; tape safety rules. */
class BadInputTest {
    private static final ScalarFunction F = TestFunctions::rosenbrock;

    private static void message(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage().contains(p), "'" + t.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void vOfTheWrongLength() {
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.hvp(F, new double[] {1, 2, 3}, new double[] {1, 2})), "hvp", "v has length 2", "3");
        message(assertThrows(NullPointerException.class,
                () -> Hybrid.hvp(F, new double[] {1, 2}, null)), "hvp", "v");
        HTape t = new HTape();
        HVar y = t.variable(1).multiply(t.variable(2));
        message(assertThrows(IllegalArgumentException.class, () -> t.hvp(y, new double[] {1})),
                "hvp", "v has length 1", "2 inputs");
    }

    @Test
    void emptyX() {
        message(assertThrows(IllegalArgumentException.class, () -> Hybrid.hessian(F)), "hessian", "x");
        message(assertThrows(IllegalArgumentException.class, () -> Hybrid.laplacian(F)), "laplacian", "x");
        message(assertThrows(IllegalArgumentException.class, () -> Hybrid.gradient(F)), "gradient", "x");
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.hvp(F, new double[0], new double[0])), "hvp", "x");
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.laplacianEstimate(F, new double[0], 10, 1)), "laplacianEstimate", "x");
        message(assertThrows(NullPointerException.class, () -> Hybrid.hessian(F, (double[]) null)), "hessian", "x");
    }

    @Test
    void nullFunction() {
        message(assertThrows(NullPointerException.class, () -> Hybrid.hessian(null, 1, 2)), "hessian", "f");
        message(assertThrows(NullPointerException.class, () -> Hybrid.laplacian(null, 1, 2)), "laplacian", "f");
        message(assertThrows(NullPointerException.class,
                () -> Hybrid.hvp(null, new double[] {1}, new double[] {1})), "hvp", "f");
        message(assertThrows(NullPointerException.class,
                () -> Hybrid.laplacianEstimate(null, new double[] {1}, 10, 1)), "laplacianEstimate", "f");
        message(assertThrows(NullPointerException.class, () -> Hybrid.valueGradientHessian(null, 1)),
                "valueGradientHessian", "f");
    }

    static <T extends RealFieldElement<T>> T returnsNull(T[] x) {
        return null;
    }

    @Test
    void otherBadArguments() {
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.laplacianEstimate(F, new double[] {1, 2}, 1, 7)), "laplacianEstimate", "samples", "1");
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.hessian(F, new double[] {1, 2}, 0)), "hessian", "chunk", "0");
        message(assertThrows(IllegalArgumentException.class,
                () -> Hybrid.hessian(BadInputTest::returnsNull, 1, 2)), "hessian", "null");
        message(assertThrows(IllegalArgumentException.class, () -> ForwardLaplacian.variable(1, 2, 2)), "index");
        message(assertThrows(IllegalArgumentException.class,
                () -> ForwardLaplacian.variable(1, 0, 2).add(ForwardLaplacian.variable(1, 0, 3))), "2", "3");
    }

    @Test
    void variablesOfAnotherTape() {
        HTape a = new HTape();
        HTape b = new HTape();
        HVar x = a.variable(1);
        HVar y = b.variable(2);
        message(assertThrows(IllegalArgumentException.class, () -> x.multiply(y)), "two tapes");
        message(assertThrows(IllegalArgumentException.class, () -> a.gradient(y)), "gradient", "another tape");
        message(assertThrows(IllegalArgumentException.class, () -> a.hessian(y)), "hessian", "another tape");
        // a constant mixes with any tape
        assertEquals(3, x.add(HTape.constant(2)).value());
    }

    @Test
    void variablesAfterReset() {
        HTape t = new HTape();
        HVar x = t.variable(1);
        HVar y = x.sin();
        t.reset();
        message(assertThrows(IllegalStateException.class, () -> x.sin()), "reset");
        message(assertThrows(IllegalStateException.class, () -> t.gradient(y)), "gradient", "reset");
        HVar z = t.variable(2);
        message(assertThrows(IllegalStateException.class, () -> z.add(x)), "reset");
        assertEquals(1, t.gradient(z.multiply(3).add(1))[0] / 3);
    }

    @Test
    void anotherThread() throws Exception {
        HTape t = new HTape();
        HVar x = t.variable(1);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<?> f1 = ex.submit(() -> x.sin());
            Future<?> f2 = ex.submit(() -> t.gradient(x));
            Future<?> f3 = ex.submit(() -> t.variable(3));
            // operations that record no node (a constant operand, one node) are refused as well
            Future<?> f4 = ex.submit(() -> x.add(HTape.constant(2)));
            Future<?> f5 = ex.submit(() -> x.multiply(x));
            Future<?> f6 = ex.submit(() -> HTape.constant(2).divide(x));
            for (Future<?> f : new Future<?>[] {f1, f2, f3, f4, f5, f6}) {
                Throwable e = assertThrows(java.util.concurrent.ExecutionException.class, f::get).getCause();
                assertTrue(e instanceof IllegalStateException, e.toString());
                message(e, "thread");
            }
        } finally {
            ex.shutdown();
        }
    }
}
