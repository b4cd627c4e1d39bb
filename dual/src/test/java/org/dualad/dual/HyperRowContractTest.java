package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on the Hessian kernel {@link HyperRow}. */
public class HyperRowContractTest extends ExtendedFieldElementAbstractTest<HyperRow> {
    @Override
    protected HyperRow build(double x) {
        return HyperRow.input(x, true, true, 0, 1);
    }
}
