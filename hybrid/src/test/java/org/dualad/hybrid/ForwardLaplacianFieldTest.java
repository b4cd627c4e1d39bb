package org.dualad.hybrid;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/** Commons Math's RealFieldElement contract, run on forward-Laplacian numbers. */
public class ForwardLaplacianFieldTest extends ExtendedFieldElementAbstractTest<ForwardLaplacian> {
    @Override
    protected ForwardLaplacian build(double x) {
        return ForwardLaplacian.variable(x, 0, 1);
    }
}
