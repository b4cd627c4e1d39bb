package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Dual;
import org.dualad.dual.FieldDual;
import org.dualad.dual.Taylor;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.Sparse;
import org.dualad.verification.Mode;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/**
 * linearCombination in every mode: the value is Commons Math's compensated
 * {@link MathArrays#linearCombination} bit for bit (DerivativeStructure's value) where the
 * products cancel, the derivatives are the bilinear form's exactly, a replay computes the same
 * value at new points without re-recording, and the sparse Hessian keeps the pairs' pattern.
 */
class LinearCombinationEveryModeTest {
    /** Constant coefficients of the double-coefficient forms. */
    static final double[] C = {2, -3, 0.1, 7.5, -0.25};

    /** One form of linearCombination over 2k inputs (a = x[0..k), b = x[k..2k)), or k inputs (constant a). */
    record Form(String name, int k, boolean constant, ScalarFunction f) {
        int inputs() {
            return constant ? k : 2 * k;
        }

        /** The compensated value at x: Commons Math's overload of the same arity. */
        double expected(double[] x) {
            if (constant) {
                switch (k) {
                    case 2: return MathArrays.linearCombination(C[0], x[0], C[1], x[1]);
                    case 3: return MathArrays.linearCombination(C[0], x[0], C[1], x[1], C[2], x[2]);
                    case 4: return MathArrays.linearCombination(C[0], x[0], C[1], x[1], C[2], x[2], C[3], x[3]);
                    default: return MathArrays.linearCombination(Arrays.copyOf(C, k), x);
                }
            }
            switch (k) {
                case 2: return MathArrays.linearCombination(x[0], x[2], x[1], x[3]);
                case 3: return MathArrays.linearCombination(x[0], x[3], x[1], x[4], x[2], x[5]);
                case 4: return MathArrays.linearCombination(x[0], x[4], x[1], x[5], x[2], x[6], x[3], x[7]);
                default: return MathArrays.linearCombination(Arrays.copyOf(x, k), Arrays.copyOfRange(x, k, 2 * k));
            }
        }

        /** The exact gradient of the bilinear form: (b, a), or the constants. */
        double[] gradient(double[] x) {
            if (constant) {
                return Arrays.copyOf(C, k);
            }
            double[] g = new double[2 * k];
            for (int i = 0; i < k; i++) {
                g[i] = x[k + i];
                g[k + i] = x[i];
            }
            return g;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static <T extends RealFieldElement<T>> T pairs2(T[] x) {
        return x[0].linearCombination(x[0], x[2], x[1], x[3]);
    }

    static <T extends RealFieldElement<T>> T pairs3(T[] x) {
        return x[0].linearCombination(x[0], x[3], x[1], x[4], x[2], x[5]);
    }

    static <T extends RealFieldElement<T>> T pairs4(T[] x) {
        return x[0].linearCombination(x[0], x[4], x[1], x[5], x[2], x[6], x[3], x[7]);
    }

    static <T extends RealFieldElement<T>> T pairs5(T[] x) {
        return x[0].linearCombination(Arrays.copyOf(x, 5), Arrays.copyOfRange(x, 5, 10));
    }

    static <T extends RealFieldElement<T>> T constant2(T[] x) {
        return x[0].linearCombination(C[0], x[0], C[1], x[1]);
    }

    static <T extends RealFieldElement<T>> T constant3(T[] x) {
        return x[0].linearCombination(C[0], x[0], C[1], x[1], C[2], x[2]);
    }

    static <T extends RealFieldElement<T>> T constant4(T[] x) {
        return x[0].linearCombination(C[0], x[0], C[1], x[1], C[2], x[2], C[3], x[3]);
    }

    static <T extends RealFieldElement<T>> T constant5(T[] x) {
        return x[0].linearCombination(Arrays.copyOf(C, 5), x);
    }

    static final List<Form> FORMS = List.of(
            new Form("a1 b1 + a2 b2", 2, false, LinearCombinationEveryModeTest::pairs2),
            new Form("three pairs", 3, false, LinearCombinationEveryModeTest::pairs3),
            new Form("four pairs", 4, false, LinearCombinationEveryModeTest::pairs4),
            new Form("arrays of five", 5, false, LinearCombinationEveryModeTest::pairs5),
            new Form("2 b1 - 3 b2", 2, true, LinearCombinationEveryModeTest::constant2),
            new Form("three constants", 3, true, LinearCombinationEveryModeTest::constant3),
            new Form("four constants", 4, true, LinearCombinationEveryModeTest::constant4),
            new Form("constant array of five", 5, true, LinearCombinationEveryModeTest::constant5));

    /**
     * A point where the products nearly cancel: the composed sum keeps only the rounding of the
     * largest products, the compensated one the true value.
     */
    static double[] cancelling(Form form, SplittableRandom random) {
        int k = form.k();
        double[] x = new double[form.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-2, 2);
        }
        double partial = 0;
        for (int i = 0; i < k - 1; i++) {
            partial += (form.constant() ? C[i] : x[i]) * x[form.constant() ? i : k + i];
        }
        // the last product's factor that makes the sum (nearly) zero
        double a = form.constant() ? C[k - 1] : x[k - 1];
        x[form.constant() ? k - 1 : 2 * k - 1] = -partial / a;
        return x;
    }

    @Test
    void everyModeGivesTheCompensatedValueAndTheExactGradient() {
        SplittableRandom random = new SplittableRandom(20261205);
        int differs = 0;
        for (Form form : FORMS) {
            for (int trial = 0; trial < 40; trial++) {
                double[] x = cancelling(form, random);
                double expected = form.expected(x);
                double[] g = form.gradient(x);
                if (expected != composed(form, x)) {
                    differs++;
                }
                for (Mode m : Mode.values()) {
                    if (!m.hasGradient()) {
                        continue;
                    }
                    ValueAndGradient vg = m.valueAndGradient(form.f(), x);
                    String where = form + " at " + Arrays.toString(x) + " in " + m.label();
                    assertEquals(expected, vg.value(), 0, where);
                    assertEquals(Arrays.toString(g), Arrays.toString(vg.gradient()), where);
                }
                assertEquals(expected, derivativeStructure(form, x), 0, form + ": DerivativeStructure's value");
            }
        }
        // the test would pass with a composed value if the points did not cancel
        assertTrue(differs > 100, "only " + differs + " of 320 points where the composed sum differs");
    }

    @Test
    void theHessianIsThePairsOnes() {
        SplittableRandom random = new SplittableRandom(7);
        for (Form form : FORMS) {
            double[] x = cancelling(form, random);
            int n = form.inputs();
            DMatrixRMaj exact = new DMatrixRMaj(n, n);
            if (!form.constant()) {
                for (int i = 0; i < form.k(); i++) {
                    exact.set(i, form.k() + i, 1);
                    exact.set(form.k() + i, i, 1);
                }
            }
            for (Mode m : Mode.values()) {
                if (m.hasHessian()) {
                    assertEquals(Arrays.toString(exact.data), Arrays.toString(m.hessian(form.f(), x).data),
                            form + " in " + m.label());
                }
            }
            DMatrixSparseCSC sparse = Sparse.hessian(form.f(), x);
            DMatrixRMaj dense = new DMatrixRMaj(n, n);
            for (int j = 0; j < n; j++) {
                for (int p = sparse.col_idx[j]; p < sparse.col_idx[j + 1]; p++) {
                    dense.set(sparse.nz_rows[p], j, sparse.nz_values[p]);
                }
            }
            assertEquals(Arrays.toString(exact.data), Arrays.toString(dense.data), form + ": sparse Hessian");
            // the pattern holds the pairs only: no entry between a product and another's factors
            int expectedEntries = form.constant() ? 0 : 2 * form.k();
            assertTrue(sparse.nz_length <= expectedEntries, form + ": sparse pattern of " + sparse.nz_length
                    + " entries, expected at most " + expectedEntries);
        }
    }

    @Test
    void aReplayComputesTheCompensatedValueAtNewPointsWithoutRecordingAgain() {
        SplittableRandom random = new SplittableRandom(11);
        for (Form form : FORMS) {
            Recording rec = Reverse.record(form.f(), cancelling(form, random));
            for (int call = 0; call < 6; call++) {
                double[] x = cancelling(form, random);
                ValueAndGradient vg = rec.valueAndGradient(x);
                assertEquals(form.expected(x), vg.value(), 0, form + " replay " + call);
                assertEquals(Arrays.toString(form.gradient(x)), Arrays.toString(vg.gradient()), form + " replay " + call);
            }
            assertEquals(0, rec.reRecordings(), form + ": the value guard found the replay's value different");
            assertTrue(rec.runsBytecode(), form + ": " + rec.bytecodeFallback());
        }
    }

    /**
     * Across the double range (zeros, subnormals, 1 +- eps, 1e+-154, 1e+-300, MAX_VALUE), where
     * Commons Math's splitting overflows or underflows: every mode gives MathArrays' value bit for
     * bit and the exact gradient (b, a).
     */
    @Test
    void theEdgesOfTheDoubleRange() {
        double[] edge = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, 1 + 0x1p-52, 1 - 0x1p-53, 1e154, -1e-154,
            1e300, -1e-300, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, -3};
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            double[] x = new double[4];
            for (int i = 0; i < 4; i++) {
                x[i] = edge[random.nextInt(edge.length)];
            }
            double expected = MathArrays.linearCombination(x[0], x[2], x[1], x[3]);
            for (Mode m : Mode.values()) {
                if (!m.hasGradient()) {
                    continue;
                }
                ValueAndGradient vg = m.valueAndGradient(LinearCombinationEveryModeTest::pairs2, x);
                String where = Arrays.toString(x) + " in " + m.label();
                assertEquals(expected, vg.value(), 0, where);
                // exact, up to the sign of a zero (docs/conventions.md: it depends on the order of additions)
                assertArrayEquals(new double[] {x[2], x[3], x[0], x[1]}, vg.gradient(), 0, where);
                checked++;
            }
        }
        assertTrue(checked >= 300, "checked " + checked);
    }

    /** The example of docs/conventions.md: 2x - 3x is -x exactly, where the composed sum is 2 ulps off. */
    @Test
    void twoXMinusThreeXIsMinusX() {
        double x = 1.5332432328545704;
        assertEquals(-1.5332432328545709, 2 * x + -3 * x, 0, "the composed sum this test is about");
        ScalarFunction f = LinearCombinationEveryModeTest::twoMinusThree;
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                ValueAndGradient vg = m.valueAndGradient(f, x);
                assertEquals(-x, vg.value(), 0, m.label());
                assertEquals(-1, vg.gradient()[0], 0, m.label());
            }
        }
        Taylor t = twoMinusThree(new Taylor[] {Taylor.variable(x, 3)});
        assertEquals(-x, t.coefficient(0), 0, "Taylor");
        assertEquals(-1, t.coefficient(1), 0, "Taylor");
        FieldDual<Dual> nested = twoMinusThree(new FieldDual[] {FieldDual.variable(Dual.variable(x))});
        assertEquals(-x, nested.value().value(), 0, "FieldDual<Dual>");
        assertEquals(-1, nested.tangent().value(), 0, "FieldDual<Dual>");
    }

    static <T extends RealFieldElement<T>> T twoMinusThree(T[] x) {
        return x[0].linearCombination(2, x[0], -3, x[0]);
    }

    /** The empty sum is the field's zero in every mode (Commons Math's MathArrays throws there). */
    @Test
    void anEmptyCombinationIsZero() {
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                ValueAndGradient vg = m.valueAndGradient(LinearCombinationEveryModeTest::plusEmpty, 1.5, -2);
                assertEquals(1.5, vg.value(), 0, m.label());
                assertEquals("[1.0, 0.0]", Arrays.toString(vg.gradient()), m.label());
            }
        }
        assertEquals(1.5, plusEmpty(new Taylor[] {Taylor.variable(1.5, 2), Taylor.constant(-2, 2)}).value(), 0);
        assertEquals(1.5, Reverse.record(LinearCombinationEveryModeTest::plusEmpty, 1.5, -2).valueAndGradient(1.5, -2)
                .value(), 0);
    }

    static <T extends RealFieldElement<T>> T plusEmpty(T[] x) {
        T[] none = Arrays.copyOf(x, 0);
        return x[0].add(x[1].linearCombination(none, none)).add(x[1].linearCombination(new double[0], none));
    }

    /**
     * A NaN term leaves the other terms' derivatives alone, as a sum does, in every mode and in
     * a replay recorded at a finite or at a NaN point (found by fuzzing: the op tape's rule gave
     * NaN to every input).
     */
    @Test
    void aNanTermLeavesTheOtherDerivatives() {
        ScalarFunction f = LinearCombinationEveryModeTest::logTerm;
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                assertEquals("[NaN, 2.0]", Arrays.toString(m.gradient(f, -1, 1)), m.label());
            }
        }
        Recording atFinite = Reverse.record(f, 1, 1);
        Recording atNan = Reverse.record(f, -1, 1);
        for (int call = 0; call < 4; call++) {
            assertEquals("[NaN, 2.0]", Arrays.toString(atFinite.gradient(-1, 1)), "call " + call);
            assertEquals(Arrays.toString(Reverse.gradient(f, 0.5, 1)), Arrays.toString(atNan.gradient(0.5, 1)),
                    "call " + call);
            assertEquals("[NaN, 2.0]", Arrays.toString(atNan.gradient(-1, 1)), "call " + call);
        }
        assertTrue(atFinite.runsBytecode() && atNan.runsBytecode());
    }

    static <T extends RealFieldElement<T>> T logTerm(T[] x) {
        return x[0].linearCombination(1.0, x[0].log(), 2.0, x[1]);
    }

    /** Infinities and NaN propagate as the plain sum's would: the compensated form falls back to it. */
    @Test
    void infinitiesAndNanPropagate() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] points = {{inf, 1, 1, 1}, {inf, -inf, 1, 1}, {Double.NaN, 1, 1, 1}, {Double.MAX_VALUE, Double.MAX_VALUE, 2, -2}};
        for (double[] x : points) {
            double plain = x[0] * x[2] + x[1] * x[3];
            for (Mode m : Mode.values()) {
                if (m.hasGradient()) {
                    assertEquals(plain, m.valueAndGradient(LinearCombinationEveryModeTest::pairs2, x).value(), 0,
                            Arrays.toString(x) + " in " + m.label());
                }
            }
        }
    }

    /** The sum composed from multiply and add, as it was before. */
    private static double composed(Form form, double[] x) {
        int k = form.k();
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += (form.constant() ? C[i] : x[i]) * x[form.constant() ? i : k + i];
        }
        return s;
    }

    private static double derivativeStructure(Form form, double[] x) {
        DerivativeStructure[] d = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = new DerivativeStructure(x.length, 1, i, x[i]);
        }
        return form.f().value(d).getValue();
    }
}
