package org.dualad.dual;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/**
 * Commons Math's RealFieldElement contract suite on windowed {@link MultiDual}s: each built number
 * seeds one of five directions (a window of one), so results mix windows of different offsets.
 */
public class SparseMultiDualContractTest extends ExtendedFieldElementAbstractTest<MultiDual> {
    @Override
    protected MultiDual build(double x) {
        int direction = (int) Math.floorMod(Double.hashCode(x), 5);
        return MultiDual.variable(x, direction, 5);
    }
}
