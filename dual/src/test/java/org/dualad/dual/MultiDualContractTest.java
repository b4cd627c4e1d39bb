package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/**
 * Commons Math's RealFieldElement contract suite, run on width-3 {@link MultiDual}s carrying a
 * dense tangent vector (so every window path, not only the seeded one, is exercised).
 */
public class MultiDualContractTest extends ExtendedFieldElementAbstractTest<MultiDual> {
    @Override
    protected MultiDual build(double x) {
        return MultiDual.of(x, 1, 0.5, -2);
    }
}
