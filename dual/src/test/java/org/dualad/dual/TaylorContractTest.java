package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on {@link Taylor} variables of order 4. */
public class TaylorContractTest extends ExtendedFieldElementAbstractTest<Taylor> {
    @Override
    protected Taylor build(double x) {
        return Taylor.variable(x, 4);
    }
}
