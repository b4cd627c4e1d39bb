package org.dualad.verification;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's own RealFieldElement contract suite, run on {@link ComplexStep} (JUnit 4, vintage engine). */
public class ComplexStepFieldTest extends ExtendedFieldElementAbstractTest<ComplexStep> {
    @Override
    protected ComplexStep build(double x) {
        return ComplexStep.variable(x);
    }
}
