package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dualad.dual.Op;
import org.junit.jupiter.api.Test;

class TapeTest {
    private static final double E = Math.exp(-2.125);

    @Test
    void recordsAndSweepsExampleFive() {
        Tape tape = new Tape();
        Var x1 = tape.variable(2);
        Var x2 = tape.variable(0.5);
        Var f = Fns.gauss(new Var[] {x1, x2});
        assertEquals(2 * E, f.value(), 1e-16);
        tape.backward(f);
        assertEquals(-3 * E, tape.adjoint(x1), 1e-15);
        assertEquals(-E, tape.adjoint(x2), 1e-15);
        assertEquals(1, tape.adjoint(f));
        assertEquals(2, tape.inputCount());
    }

    @Test
    void constantsCostNoNode() {
        Tape tape = new Tape();
        Var c = tape.constant(3);
        Var d = c.multiply(c).add(1).sin().add(tape.field().getOne());
        assertTrue(d.isConstant());
        assertEquals(0, tape.size());
        assertEquals(Math.sin(10) + 1, d.value(), 0);
        Var x = tape.variable(2);
        Var y = x.multiply(c).add(2.5); // two nodes: x*c, +c
        assertEquals(3, tape.size());
        tape.backward(y);
        assertEquals(3, tape.adjoint(x));
        assertEquals(0, tape.adjoint(c));
        assertEquals(-1, tape.argument(1, 1));
        assertEquals(3.0, tape.argumentValue(1, 1));
        assertEquals(0, tape.partial(1, 1));
        assertEquals(2.5, tape.constantParameter(2));
    }

    @Test
    void nodeAccessorsDescribeTheGraph() {
        Tape tape = new Tape();
        Var x = tape.variable(0.5);
        Var s = x.sin();
        Var p = s.multiply(x);
        tape.backward(p);
        assertTrue(tape.isInput(0));
        assertNull(tape.op(0));
        assertEquals(0, tape.arity(0));
        assertSame(Op.SIN, tape.op(1));
        assertSame(Op.MULTIPLY, tape.op(2));
        assertEquals(2, tape.arity(2));
        assertEquals(1, tape.argument(2, 0));
        assertEquals(0, tape.argument(2, 1));
        assertEquals(0.5, tape.partial(2, 0));
        assertEquals(Math.sin(0.5), tape.partial(2, 1));
        assertEquals(Math.cos(0.5), tape.partial(1, 0));
        assertEquals(0.5, tape.adjoint(1));
        assertEquals(Math.sin(0.5) + 0.5 * Math.cos(0.5), tape.adjoint(0), 1e-16);
        assertEquals(2, tape.index(p));
        assertEquals("Var[#2 = " + p.value() + "]", p.toString());
        assertEquals("Var[const 1.5]", tape.constant(1.5).toString());
    }

    @Test
    void mixingTapesNamesBoth() {
        Tape a = new Tape();
        Tape b = new Tape();
        Var x = a.variable(1);
        Var y = b.variable(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(y));
        assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains(b.name()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> y.multiply(x));
        assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains(b.name()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.backward(y));
        // a constant of another tape is only a number
        assertEquals(3, x.add(b.constant(2)).value());
    }

    @Test
    void staleVariableAfterReset() {
        Tape tape = new Tape();
        Var x = tape.variable(1);
        tape.reset();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.sin());
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> tape.backward(x));
        Var z = tape.variable(2);
        assertThrows(IllegalStateException.class, () -> z.add(x));
        assertEquals(0, tape.index(z));
        assertFalse(x.equals(z));
    }

    @Test
    void otherThreadIsRefusedNamingBothThreads() throws Exception {
        Tape tape = new Tape();
        Var x = tape.variable(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "intruder"));
        try {
            Future<?> f = pool.submit(() -> x.exp());
            Throwable e = assertThrows(Exception.class, f::get).getCause();
            assertTrue(e instanceof IllegalStateException, e.toString());
            String owner = Thread.currentThread().getName();
            assertTrue(e.getMessage().contains("'" + owner + "'") && e.getMessage().contains("'intruder'"),
                    e.getMessage());
            Future<?> g = pool.submit(() -> tape.reset());
            assertTrue(assertThrows(Exception.class, g::get).getCause() instanceof IllegalStateException);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void adjointBeforeSweepIsAnError() {
        Tape tape = new Tape();
        Var x = tape.variable(1);
        assertThrows(IllegalStateException.class, () -> tape.adjoint(x));
        assertThrows(IndexOutOfBoundsException.class, () -> tape.value(5));
    }

    @Test
    void vectorSeedsGiveVjp() {
        Tape tape = new Tape();
        Var x = tape.variable(2);
        Var y = tape.variable(3);
        Var[] out = {x.multiply(y), x.add(y), tape.constant(7)};
        tape.backward(out, new double[] {1, 10, 100});
        assertEquals(3 + 10, tape.adjoint(x));
        assertEquals(2 + 10, tape.adjoint(y));
        assertThrows(IllegalArgumentException.class, () -> tape.backward(out, new double[2]));
    }

    @Test
    void growsByDoublingAndCountsBytes() {
        Tape tape = new Tape(4);
        Var x = tape.variable(1);
        Var s = x;
        for (int i = 0; i < 1000; i++) {
            s = s.multiply(x);
        }
        assertEquals(1001, tape.size());
        assertEquals(1024, tape.value.length);
        // hot arrays per node: value 8 + two int args 8 + two double partials 16 = 32 bytes
        int c = tape.value.length;
        long hot = 8L * tape.value.length + 4L * tape.args.length + 8L * tape.partials.length;
        assertEquals(32L * c, hot);
        assertEquals(c, tape.op.length); // plus the 1-byte op code
        tape.backward(s);
        assertEquals(1001, tape.adjoint(x), 1e-12);
    }

    @Test
    void userReadsAreCounted() {
        Tape tape = new Tape();
        Var x = tape.variable(1.4);
        x.sin(); // rules read value(), not counted
        assertEquals(0, tape.userReads());
        x.getReal();
        assertEquals(1L, x.round());
        assertEquals(2, tape.userReads());
        tape.constant(2).getReal(); // a constant does not depend on the inputs
        assertEquals(2, tape.userReads());
    }

    @Test
    void zeroAdjointSkipKeepsInfinitePartialsOut() {
        Tape tape = new Tape();
        Var x = tape.variable(1);
        Var y = tape.variable(0);
        Var f = x.add(y.sqrt().multiply(0.0)); // sqrt'(0) = inf, but it is multiplied by 0
        tape.backward(f);
        assertEquals(1, tape.adjoint(x));
        assertTrue(Tape.SKIP_ZERO_ADJOINTS);
        Var g = x.add(y.sqrt()); // influences the output: inf propagates
        tape.backward(g);
        assertEquals(Double.POSITIVE_INFINITY, tape.adjoint(y));
    }
}
