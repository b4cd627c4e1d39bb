package org.dualad.reverse;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract, with build(x) making constants of one tape. */
public class VarConstantFieldTest extends ExtendedFieldElementAbstractTest<Var> {
    private final Tape tape = new Tape();

    @Override
    protected Var build(double x) {
        return tape.constant(x);
    }
}
