package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.dualad.dual.Op;
import org.junit.jupiter.api.Test;

/** The command's functions stay in step with {@link Op}, the one list of elementary functions. */
class FnTableTest {
    /** Ops an expression writes with an operator, compiled by {@link Program} to its own kinds. */
    private static final Set<Op> OPERATORS = EnumSet.of(Op.ADD, Op.SUBTRACT, Op.MULTIPLY, Op.DIVIDE, Op.NEGATE,
            Op.ADD_CONSTANT, Op.SUBTRACT_CONSTANT, Op.MULTIPLY_CONSTANT, Op.DIVIDE_CONSTANT, Op.POW_CONSTANT,
            Op.POW_INT);
    /** Ops the command does not offer as functions of their own: 1 / x, x 2^n and constant second arguments. */
    private static final Set<Op> NOT_OFFERED = EnumSet.of(Op.RECIPROCAL, Op.SCALB, Op.COPY_SIGN_CONSTANT,
            Op.REMAINDER_CONSTANT, Op.CUSTOM);

    @Test
    void everyOpIsAFunctionAnOperatorOrDeliberatelyLeftOut() {
        Set<Op> called = EnumSet.noneOf(Op.class);
        for (Fn f : Fn.values()) {
            if (f.op() != null) {
                called.add(f.op());
            }
        }
        for (Op op : Op.values()) {
            int places = (called.contains(op) ? 1 : 0) + (OPERATORS.contains(op) ? 1 : 0)
                    + (NOT_OFFERED.contains(op) ? 1 : 0);
            assertEquals(1, places, op + " must be exactly one of: a Fn's op, an operator, not offered");
        }
    }

    @Test
    void namesAndAritiesComeFromTheOp() {
        for (Fn f : Fn.values()) {
            if (f.op() == null) {
                assertTrue(f == Fn.MIN || f == Fn.MAX, f + " has no op");
                assertEquals(2, f.arity(), f.fnName());
            } else if (f.takesIntegerConstant()) {
                assertEquals(Op.ROOT_N, f.op());
                assertEquals(2, f.arity());
            } else {
                assertEquals(f.op().arity(), f.arity(), f.fnName());
            }
            assertEquals(f, Fn.byName(f.fnName()));
        }
        assertEquals("sin", Fn.SIN.fnName());
        assertEquals("pow", Fn.POW.fnName());
        assertEquals("copysign", Fn.COPYSIGN.fnName());
        assertEquals("root", Fn.ROOT.fnName());
    }
}
