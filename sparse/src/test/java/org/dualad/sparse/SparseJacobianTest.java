package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

class SparseJacobianTest {
    /**
     * Forward mode equals the dense Forward.jacobian exactly (== on every entry: each entry is
     * the tangent of its one seeded column); reverse mode equals Reverse.jacobian to rounding.
     */
    static void assertMatchesDense(VectorFunction f, double[] x, SparseJacobian.Mode mode) {
        SparsityPattern p = Sparse.jacobianPattern(f, x);
        SparseJacobian sj = mode == null ? SparseJacobian.of(f, x) : SparseJacobian.of(f, p, mode);
        ValueAndSparseJacobian r = sj.valueAndJacobian(x);
        DMatrixSparseCSC s = r.jacobian();
        DMatrixRMaj d = sj.mode() == SparseJacobian.Mode.FORWARD ? Forward.jacobian(f, x) : Reverse.jacobian(f, x);
        assertEquals(d.numRows, s.numRows);
        assertEquals(d.numCols, s.numCols);
        for (int i = 0; i < d.numRows; i++) {
            for (int j = 0; j < d.numCols; j++) {
                double dv = d.get(i, j);
                if (dv != 0) {
                    assertTrue(p.contains(i, j), "dense J(" + i + ", " + j + ") = " + dv + " is outside the pattern");
                }
                if (sj.mode() == SparseJacobian.Mode.FORWARD) {
                    assertTrue(dv == s.get(i, j) || (Double.isNaN(dv) && Double.isNaN(s.get(i, j))),
                            "J(" + i + ", " + j + "): dense " + dv + ", sparse " + s.get(i, j));
                } else {
                    assertEquals(dv, s.get(i, j), 1e-13 * (1 + Math.abs(dv)), "J(" + i + ", " + j + ")");
                }
            }
        }
        assertTrue(org.ejml.sparse.csc.CommonOps_DSCC.checkStructure(s));
        assertEquals(d.numRows, r.value().length);
    }

    @Test
    void gridResidualMatchesDenseForward() {
        double[] x = Fns.point(49);
        assertMatchesDense(Fns::gridResidual, x, null);
        SparseJacobian j = SparseJacobian.of(Fns::gridResidual, x);
        assertEquals(SparseJacobian.Mode.FORWARD, j.mode());
        assertTrue(j.sweeps() <= 8, j.toString());
        assertMatchesDense(Fns::gridResidual, x, SparseJacobian.Mode.REVERSE);
    }

    @Test
    void chainedRosenbrockResidualsNeedTwoColors() {
        double[] x = Fns.point(30);
        SparseJacobian j = SparseJacobian.of(Fns::rosenbrockResiduals, x);
        assertEquals(2, j.sweeps());
        assertMatchesDense(Fns::rosenbrockResiduals, x, null);
        ValueAndSparseJacobian r = j.valueAndJacobian(x);
        assertEquals(10 * (x[1] - x[0] * x[0]), r.value()[0], 1e-15);
        assertEquals(1 - x[0], r.value()[1], 0.0);
    }

    /** Two outputs: a dense row (sum of sines) and a product; m = 2 &lt;&lt; n. */
    static <T extends RealFieldElement<T>> T[] wide(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        T s = x[0].sin();
        for (int i = 1; i < x.length; i++) {
            s = s.add(x[i].sin());
        }
        y[0] = s;
        y[1] = x[0].multiply(x[1]);
        return y;
    }

    @Test
    void fewRowsManyColumnsGoesReverse() {
        double[] x = Fns.point(40);
        SparseJacobian j = SparseJacobian.of(SparseJacobianTest::wide, x);
        assertEquals(SparseJacobian.Mode.REVERSE, j.mode());
        assertEquals(2, j.sweeps());
        assertMatchesDense(SparseJacobianTest::wide, x, null);
        assertMatchesDense(SparseJacobianTest::wide, x, SparseJacobian.Mode.FORWARD);
    }

    @Test
    void oneShotAndUserPattern() {
        double[] x = Fns.point(16);
        DMatrixSparseCSC once = Sparse.jacobian(Fns::gridResidual, x);
        DMatrixSparseCSC user = SparseJacobian.of(Fns::gridResidual, PatternTest.fivePoint(4)).at(x);
        assertArrayEquals(java.util.Arrays.copyOf(once.nz_values, once.nz_length),
                java.util.Arrays.copyOf(user.nz_values, user.nz_length));
        // a superset pattern: extra entries are exact zeros
        DMatrixSparseCSC wide = SparseJacobian.of(Fns::gridResidual, PatternTest.band(16, 5)).at(x);
        DMatrixRMaj d = Forward.jacobian(Fns::gridResidual, x);
        for (int i = 0; i < 16; i++) {
            for (int k = 0; k < 16; k++) {
                assertEquals(d.get(i, k), wide.get(i, k), 0.0);
            }
        }
    }

    @Test
    void badInputIsNamed() {
        SparseJacobian j = SparseJacobian.of(Fns::gridResidual, Fns.point(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.at(1, 2));
        assertEquals("SparseJacobian.at: x has length 2 but the pattern has 9 columns; pass one entry per input",
                e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> j.valueAndJacobian((double[]) null));
        assertEquals("SparseJacobian.valueAndJacobian: x must not be null", npe.getMessage());
        // a pattern with fewer rows than f has outputs
        SparseJacobian wrongRows = SparseJacobian.of(Fns::gridResidual, SparsityPattern.of(3, 9, new int[3][0]));
        e = assertThrows(IllegalArgumentException.class, () -> wrongRows.at(Fns.point(9)));
        assertEquals("SparseJacobian.at: f returned 9 outputs but 3 before; a VectorFunction must return the same"
                + " number of outputs on every call", e.getMessage());
        npe = assertThrows(NullPointerException.class,
                () -> SparseJacobian.of(Fns::gridResidual, PatternTest.band(9, 1), null));
        assertTrue(npe.getMessage().startsWith("SparseJacobian.of: mode must not be null"), npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> SparseJacobian.of(null, 1.0));
        assertEquals("SparseJacobian.of: f must not be null", npe.getMessage());
    }

    @Property(tries = 150)
    void randomSparseProgramsMatchTheDenseJacobian(@ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @Size(min = 1, max = 25) List<@Size(3) List<@IntRange(min = 0, max = 200) Integer>> genes,
            @ForAll boolean reverse) {
        List<int[]> g = new ArrayList<>();
        for (List<Integer> l : genes) {
            g.add(new int[] {l.get(0), -1 - l.get(1) % 4, l.get(2)});
        }
        assertMatchesDense(RandomPrograms.vector(g), Fns.point(n),
                reverse ? SparseJacobian.Mode.REVERSE : SparseJacobian.Mode.FORWARD);
    }

    /** A rule with first derivatives only: the trace refuses it. */
    static final org.dualad.dual.Rule SOFTPLUS = org.dualad.dual.Rule.unary("softplus",
            x -> Math.log1p(Math.exp(x)), x -> 1 / (1 + Math.exp(-x)));

    /** Banded residuals through a first-order rule. */
    static <T extends RealFieldElement<T>> T[] softResiduals(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), x.length - 1);
        for (int i = 0; i < y.length; i++) {
            y[i] = SOFTPLUS.apply(x[i].multiply(x[i + 1])).subtract(x[i + 1].sin());
        }
        return y;
    }

    @Test
    void aFirstOrderRuleRunsOnDualsOrTheOpTapeAndAgrees() {
        double[] x = Fns.point(12);
        DMatrixRMaj d = org.dualad.dual.DualNumbers.jacobian(SparseJacobianTest::softResiduals, x);
        for (SparseJacobian.Mode mode : SparseJacobian.Mode.values()) {
            SparseJacobian j = SparseJacobian.of(SparseJacobianTest::softResiduals,
                    Sparse.jacobianPattern(SparseJacobianTest::softResiduals, x), mode);
            DMatrixSparseCSC s = j.at(x);
            for (int r = 0; r < d.numRows; r++) {
                for (int c = 0; c < d.numCols; c++) {
                    assertEquals(d.get(r, c), s.get(r, c), 1e-14 * (1 + Math.abs(d.get(r, c))), mode + " J(" + r + ", " + c + ")");
                }
            }
        }
    }
}
