package org.dualad.verification;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Named regression cases: counterexamples found by the generators, kept as programs. */
class RegressionTest {
    /** f = max(x0, x1) at (0, -0.01): the output is input x0 itself, not the last node recorded. */
    static final Program RETURNS_AN_INPUT = Program.of(2, List.of(new Program.Step(Program.Fn.MAX, 0, 1)));

    @Test
    void returnsAnInputForwardAndReverse() {
        GradientCheck.of(RETURNS_AN_INPUT).modes(Mode.FORWARD, Mode.FORWARD_DUAL, Mode.REVERSE).at(0, -0.01);
    }

    /** Found by the generators: HTape.gradient sized the adjoints by the output's node index. */
    @Test
    void returnsAnInputHybridGradient() {
        GradientCheck.of(RETURNS_AN_INPUT).modes(Mode.HYBRID).at(0, -0.01);
    }

    @Test
    void returnsAnInputHybridHessianAndLaplacian() {
        HessianCheck.of(RETURNS_AN_INPUT).at(0, -0.01);
        LaplacianCheck.of(RETURNS_AN_INPUT).at(0, -0.01);
    }
}
