package org.dualad.verification;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract suite on {@link ComplexStep} constants (imaginary part 0). */
public class ComplexStepConstantFieldTest extends ExtendedFieldElementAbstractTest<ComplexStep> {
    @Override
    protected ComplexStep build(double x) {
        return ComplexStep.constant(x);
    }
}
