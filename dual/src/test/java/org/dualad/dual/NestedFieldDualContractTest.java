package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite, run on {@code FieldDual<FieldDual<Dual>>} (third order). */
public class NestedFieldDualContractTest extends ExtendedFieldElementAbstractTest<FieldDual<FieldDual<Dual>>> {
    @Override
    protected FieldDual<FieldDual<Dual>> build(double x) {
        return FieldDual.variable(FieldDual.variable(Dual.variable(x)));
    }
}
