package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.dualad.dual.Op;
import org.junit.jupiter.api.Test;

/** The random programs' genes stay in step with {@link Op}, the one list of elementary functions. */
class ProgramFnTableTest {
    @Test
    void everyOpButCustomIsExercisedByAGene() {
        Set<Op> exercised = EnumSet.noneOf(Op.class);
        for (Program.Fn f : Program.Fn.values()) {
            if (f.op() != null) {
                exercised.add(f.op());
            }
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(Op.CUSTOM)), exercised,
                "an Op without a gene (add one to Program.Fn), or a gene of CUSTOM");
    }

    @Test
    void aGeneHasItsOpsArityAndPiecewiseFlag() {
        Set<Program.Fn> withoutOp = EnumSet.noneOf(Program.Fn.class);
        for (Program.Fn f : Program.Fn.values()) {
            if (f.op() == null) {
                withoutOp.add(f);
                assertEquals(2, f.arity(), f.name());
            } else {
                assertEquals(f.op().arity(), f.arity(), f.name());
                assertEquals(f.op().isPiecewise(), f.piecewise(), f.name());
            }
        }
        assertEquals(EnumSet.of(Program.Fn.LINEAR_COMBINATION, Program.Fn.LINEAR_COMBINATION_FIELD, Program.Fn.MAX),
                withoutOp);
        assertTrue(Program.Fn.MAX.piecewise());
        assertEquals(Program.Fn.ADD, Program.Fn.values()[0], "the simplest gene first: shrinking ends on it");
    }
}
