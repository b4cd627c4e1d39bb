package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on {@code FieldDual<Dual>} (second order). */
public class FieldDualContractTest extends ExtendedFieldElementAbstractTest<FieldDual<Dual>> {
    @Override
    protected FieldDual<Dual> build(double x) {
        return FieldDual.variable(Dual.variable(x));
    }
}
