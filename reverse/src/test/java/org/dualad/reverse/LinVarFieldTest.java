package org.dualad.reverse;

import org.apache.commons.math3.ExtendedFieldElementAbstractTest;
import org.junit.Assert;
import org.junit.Test;

/**
 * Commons Math's RealFieldElement contract for the number type {@link Reverse#gradient} runs f on,
 * with build(x) making a new independent variable (its own input node) of one gradient tape: every
 * binary operation of the suite on two of them records a node, so the suite runs through the
 * recording paths. Two variables made separately are different nodes, so the suite's equality and
 * hash checks are replaced by node-identity ones.
 */
public class LinVarFieldTest extends ExtendedFieldElementAbstractTest<LinVar> {
    private static final int POOL = 1 << 16;
    private final EdgeTape tape = new EdgeTape(16);
    private int next;

    public LinVarFieldTest() {
        tape.reset();
        tape.variables(new double[POOL]); // input nodes [0, POOL); each build takes the next
    }

    @Override
    protected LinVar build(double x) {
        Assert.assertTrue("input pool exhausted", next < POOL);
        return new LinVar(tape, tape.generation, x, next++, 1);
    }

    @Override
    @Test
    public void testEquals() {
        LinVar a = build(1.0);
        LinVar b = build(1.0);
        Assert.assertTrue(a.equals(a));
        Assert.assertFalse(a.equals(b));
        Assert.assertFalse(a.equals(new Object()));
        Assert.assertEquals(tape.field.getOne(), tape.field.getOne().multiply(1.0));
        LinVar product = build(2.0).multiply(build(3.0)); // two variables: one recorded node
        Assert.assertEquals(POOL + 1, tape.size);
        Assert.assertEquals(POOL, product.node);
    }

    @Override
    @Test
    public void testHash() {
        LinVar a = build(1.0);
        Assert.assertEquals(a.hashCode(), a.hashCode());
        Assert.assertNotEquals(a.hashCode(), build(1.0).hashCode());
        Assert.assertEquals(tape.field.getZero().hashCode(), tape.field.getZero().add(0.0).hashCode());
    }
}
