package org.dualad.reverse;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;
import org.junit.Assert;
import org.junit.Test;

/**
 * Commons Math's RealFieldElement contract, with build(x) recording variables: every operation of
 * the suite then records nodes. Two variables recorded separately are different nodes, so the
 * suite's equality and hash checks are replaced by node-identity ones.
 */
public class VarVariableFieldTest extends ExtendedFieldElementAbstractTest<Var> {
    private final Tape tape = new Tape();

    @Override
    protected Var build(double x) {
        return tape.variable(x);
    }

    @Override
    @Test
    public void testEquals() {
        Var a = build(1.0);
        Var b = build(1.0);
        Assert.assertTrue(a.equals(a));
        Assert.assertFalse(a.equals(b));
        Assert.assertFalse(a.equals(new Object()));
        Assert.assertEquals(tape.constant(1.0), tape.constant(1.0));
        Assert.assertTrue(tape.size() > 0);
    }

    @Override
    @Test
    public void testHash() {
        Var a = build(1.0);
        Assert.assertEquals(a.hashCode(), a.hashCode());
        Assert.assertNotEquals(a.hashCode(), build(1.0).hashCode());
        Assert.assertEquals(tape.constant(2.0).hashCode(), tape.constant(2.0).hashCode());
    }
}
