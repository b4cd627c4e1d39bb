package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/**
 * Commons Math's RealFieldElement contract, run on constant {@code HVar}s: the numbers a replay's
 * value guard and the optimizers' value-only calls run f on.
 */
public class HVarConstantFieldTest extends ExtendedFieldElementAbstractTest<HVar> {
    @Override
    protected HVar build(double x) {
        return HTape.constant(x);
    }
}
