package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on {@link Dual} variables. */
public class DualContractTest extends ExtendedFieldElementAbstractTest<Dual> {
    @Override
    protected Dual build(double x) {
        return Dual.variable(x);
    }
}
