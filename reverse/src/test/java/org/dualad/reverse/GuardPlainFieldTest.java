package org.dualad.reverse;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;

/**
 * Commons Math's RealFieldElement contract for the value guard's number ({@code Recording.Plain}):
 * user code runs on it when f refuses the guard's constant {@code HVar}s.
 */
public class GuardPlainFieldTest extends ExtendedFieldElementAbstractTest<Recording.Plain> {
    @Override
    protected Recording.Plain build(double x) {
        return new Recording.Plain(x);
    }
}
