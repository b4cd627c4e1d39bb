package org.dualad.verification;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's own RealFieldElement contract suite, run on {@link HighPrecision} (JUnit 4, vintage engine). */
public class HighPrecisionContractTest extends ExtendedFieldElementAbstractTest<HighPrecision> {
    private final HighPrecisionField field = new HighPrecisionField(1, 2);

    @Override
    protected HighPrecision build(double x) {
        return field.variable(0, x);
    }
}
