package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;
import org.apache.commons.math3.util.Decimal64;

/** Commons Math's RealFieldElement contract suite, run on {@code FieldDual<Decimal64>}: a base type not of DualAD's own. */
public class Decimal64FieldDualContractTest extends ExtendedFieldElementAbstractTest<FieldDual<Decimal64>> {
    @Override
    protected FieldDual<Decimal64> build(double x) {
        return FieldDual.variable(new Decimal64(x));
    }
}
