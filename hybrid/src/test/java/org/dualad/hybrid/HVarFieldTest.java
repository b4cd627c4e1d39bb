package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract, run on tape variables (all on one tape). */
public class HVarFieldTest extends ExtendedFieldElementAbstractTest<HVar> {
    private final HTape tape = new HTape();

    @Override
    protected HVar build(double x) {
        return tape.variable(x);
    }
}
