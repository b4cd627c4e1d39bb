package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.junit.jupiter.api.Test;

class RecordingTest {

    /**
     * What a replay guarantees against a fresh recording at the same point: the value bit for bit
     * (the same expressions in the same order), the gradient to rounding, norm-wise (a folded
     * constant scale multiplies a partial before the adjoint does, and sums may add in another
     * order): every entry within 1e-13 of max(1, the largest finite entry).
     */
    static boolean replayed(ValueAndGradient fresh, ValueAndGradient replay) {
        if (Double.doubleToLongBits(fresh.value()) != Double.doubleToLongBits(replay.value())) {
            return false;
        }
        double[] a = fresh.gradient();
        double[] b = replay.gradient();
        if (a.length != b.length) {
            return false;
        }
        double scale = 1; // norm-wise: an entry that cancels keeps the rounding of its big terms
        for (double g : a) {
            scale = Double.isFinite(g) ? Math.max(scale, Math.abs(g)) : scale;
        }
        for (int i = 0; i < a.length; i++) {
            boolean same = Double.doubleToLongBits(a[i]) == Double.doubleToLongBits(b[i])
                    || Math.abs(a[i] - b[i]) <= 1e-13 * scale;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    static void assertReplayed(ValueAndGradient fresh, ValueAndGradient replay) {
        assertTrue(replayed(fresh, replay), () -> "fresh " + fresh + "\nreplay " + replay);
    }

    @Test
    void replayEqualsFreshRecordingWithoutRunningF() {
        double[] x = new double[20];
        Recording r = Reverse.record(Fns::rosenbrock, x);
        for (int k = 0; k < 50; k++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(k + 3 * i);
            }
            assertReplayed(Reverse.valueAndGradient(Fns::rosenbrock, x), r.valueAndGradient(x));
        }
        assertEquals(0, r.reRecordings());
        assertFalse(r.readsValues());
        assertEquals(20, r.inputCount());
        assertEquals(Recording.Policy.RERECORD, r.policy());
    }

    /** Counts calls on a tape, to show that replay does not record f again. */
    static final ThreadLocal<int[]> CALLS = ThreadLocal.withInitial(() -> new int[2]);

    static <T extends RealFieldElement<T>> T counted(T[] x) {
        CALLS.get()[x[0] instanceof Var ? 0 : 1]++;
        return x[0].multiply(x[1]).sin();
    }

    @Test
    void replayRecordsNothingAndRunsFOnlyInPlainArithmetic() {
        int[] calls = CALLS.get();
        calls[0] = 0;
        calls[1] = 0;
        Recording r = Reverse.record(RecordingTest::counted, 1, 2);
        assertEquals(1, calls[0]);
        for (int k = 0; k < 10; k++) {
            double[] g = r.gradient(k, 0.5);
            assertArrayEquals(new double[] {0.5 * Math.cos(0.5 * k), k * Math.cos(0.5 * k)}, g, 1e-15);
        }
        assertEquals(1, calls[0], "no call recorded f again");
        assertEquals(10, calls[1], "the value guard: one plain evaluation per call");
    }

    /** The brief's branch: |x| written with a comparison. */
    static <T extends RealFieldElement<T>> T branchy(T[] x) {
        return x[0].getReal() > 0 ? x[0].multiply(x[0]) : x[0].negate().multiply(3);
    }

    @Test
    void userBranchReRecordsAndNeverLies() {
        Recording r = Reverse.record(RecordingTest::branchy, 2);
        assertTrue(r.readsValues());
        assertArrayEquals(new double[] {4}, r.gradient(2));
        assertArrayEquals(new double[] {-3}, r.gradient(-1));
        assertArrayEquals(new double[] {6}, r.gradient(3));
        assertEquals(3, r.reRecordings());
    }

    @Test
    void strictRefusesAReadingFunction() {
        Recording r = Reverse.record(RecordingTest::branchy, Recording.Policy.STRICT, 2);
        String m = assertThrows(IllegalStateException.class, () -> r.gradient(-1)).getMessage();
        assertTrue(m.contains("getReal"), m);
    }

    static <T extends RealFieldElement<T>> T absTimes(T[] x) {
        return x[0].abs().multiply(x[1]);
    }

    @Test
    void absFlipReRecords() {
        Recording r = Reverse.record(RecordingTest::absTimes, 1, 5);
        assertArrayEquals(new double[] {5, 1}, r.gradient(1, 5));
        assertArrayEquals(new double[] {3, 2}, r.gradient(2, 3)); // same sign: replayed
        assertEquals(0, r.reRecordings());
        assertArrayEquals(new double[] {-3, 2}, r.gradient(-2, 3)); // sign changed
        assertEquals(1, r.reRecordings());
        assertArrayEquals(new double[] {-4, 0.5}, r.gradient(-0.5, 4)); // replayed on the new tape
        assertEquals(1, r.reRecordings());
    }

    @Test
    void strictNamesTheNodeThatChangedBranch() {
        Recording r = Reverse.record(RecordingTest::absTimes, Recording.Policy.STRICT, 1, 5);
        assertArrayEquals(new double[] {3, 2}, r.gradient(2, 3));
        String m = assertThrows(IllegalStateException.class, () -> r.gradient(-2, 3)).getMessage();
        assertTrue(m.contains("#2") && m.contains("abs"), m);
        // the recording is still usable where the decision holds
        assertArrayEquals(new double[] {3, 2}, r.gradient(2, 3));
    }

    static <T extends RealFieldElement<T>> T piecewise(T[] x) {
        T a = x[0].floor().multiply(x[0]);
        T b = x[0].ceil().add(x[0].rint()).add(x[0].signum()).multiply(x[1]);
        T c = x[1].copySign(x[0]).add(x[0].remainder(x[1])).add(x[0].remainder(0.75));
        return a.add(b).add(c);
    }

    @Test
    void everyPiecewiseDecisionIsChecked() {
        Recording r = Reverse.record(RecordingTest::piecewise, 1.3, 0.7);
        double[][] points = {{1.35, 0.71}, {1.7, 0.7}, {-1.3, 0.7}, {2.3, 0.7}, {2.31, 0.69}, {0.3, 2.0}};
        for (double[] p : points) {
            ValueAndGradient fresh = Reverse.valueAndGradient(RecordingTest::piecewise, p);
            assertReplayed(fresh, r.valueAndGradient(p));
        }
        assertTrue(r.reRecordings() >= 3, r.toString());
        assertFalse(r.readsValues());
    }

    @Test
    void wrongLengthAndNull() {
        Recording r = Reverse.record(Fns::gauss, 2, 0.5);
        String m = assertThrows(IllegalArgumentException.class, () -> r.gradient(1, 2, 3)).getMessage();
        assertTrue(m.contains("x has length 3 but the tape has 2 inputs"), m);
        assertThrows(NullPointerException.class, () -> r.gradient((double[]) null));
        assertThrows(NullPointerException.class, () -> Reverse.record((ScalarFunction) null, 1));
        assertThrows(IllegalArgumentException.class, () -> Reverse.record(Fns::gauss));
    }

    @Test
    void constantFunctionReplays() {
        Recording r = Reverse.record(ReverseTest::constant, 1, 2);
        assertEquals(new ValueAndGradient(7, new double[2]), r.valueAndGradient(3, 4));
    }

    @Test
    void sharedRecordingIsSafeAcrossThreads() throws Exception {
        Recording r = Reverse.record(Fns::gauss, 2, 0.5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int seed = t;
                jobs.add(() -> {
                    for (int k = 0; k < 500; k++) {
                        double[] p = {Math.sin(k * seed), Math.cos(k + seed)};
                        if (!replayed(Reverse.valueAndGradient(Fns::gauss, p), r.valueAndGradient(p))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(jobs)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
