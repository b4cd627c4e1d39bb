package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on {@link HyperDual} variables. */
public class HyperDualContractTest extends ExtendedFieldElementAbstractTest<HyperDual> {
    @Override
    protected HyperDual build(double x) {
        return HyperDual.variable(x);
    }
}
