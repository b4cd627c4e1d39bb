package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on the Hessian kernel {@link HyperLanes}. */
public class HyperLanesContractTest extends ExtendedFieldElementAbstractTest<HyperLanes> {
    @Override
    protected HyperLanes build(double x) {
        // seeded as the row input and the first lane: every part is exercised
        return HyperLanes.input(x, 0, 0, 0);
    }
}
