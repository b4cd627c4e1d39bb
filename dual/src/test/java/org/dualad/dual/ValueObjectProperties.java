package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** equals / hashCode (bitwise) and toString of Dual, HyperDual and MultiDual. */
class ValueObjectProperties {

    @Provide
    Arbitrary<Double> parts() {
        return Arbitraries.doubles().withStandardSpecialValues()
                .withSpecialValue(-0.0).withSpecialValue(0.0).withSpecialValue(Double.NaN);
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    @Property(tries = 300)
    void dualEqualsIsBitwiseAndHashConsistent(@ForAll("parts") double a, @ForAll("parts") double b,
                                              @ForAll("parts") double c, @ForAll("parts") double d) {
        Dual x = Dual.of(a, b);
        Dual y = Dual.of(c, d);
        assertEquals(x, Dual.of(a, b));
        assertEquals(x.hashCode(), Dual.of(a, b).hashCode());
        assertEquals(sameBits(a, c) && sameBits(b, d), x.equals(y));
        if (x.equals(y)) {
            assertEquals(x.hashCode(), y.hashCode());
        }
    }

    @Property(tries = 300)
    void hyperDualEqualsIsBitwiseAndHashConsistent(@ForAll("parts") double a, @ForAll("parts") double b,
                                                   @ForAll("parts") double c, @ForAll("parts") double d) {
        HyperDual x = HyperDual.of(a, b, c, d);
        assertEquals(x, HyperDual.of(a, b, c, d));
        assertEquals(x.hashCode(), HyperDual.of(a, b, c, d).hashCode());
        HyperDual y = HyperDual.of(d, c, b, a);
        assertEquals(sameBits(a, d) && sameBits(b, c), x.equals(y));
        if (x.equals(y)) {
            assertEquals(x.hashCode(), y.hashCode());
        }
    }

    @Property(tries = 300)
    void multiDualEqualsIsBitwiseWhateverTheWindows(@ForAll("parts") double a, @ForAll("parts") double b,
                                                    @ForAll("parts") double c) {
        MultiDual x = MultiDual.of(a, b, c, 0);
        MultiDual y = MultiDual.of(a, b, c, 0);
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertEquals(sameBits(b, c), MultiDual.of(a, b, 0, 0).equals(MultiDual.of(a, c, 0, 0)));
        // a windowed variable equals the dense number with the same tangents
        MultiDual w = MultiDual.variable(a, 1, 3);
        MultiDual dense = MultiDual.of(a, 0, 1, 0);
        assertEquals(w, dense);
        assertEquals(w.hashCode(), dense.hashCode());
        MultiDual k = MultiDual.constant(a, 3);
        assertEquals(k, MultiDual.of(a, 0, 0, 0));
        assertEquals(k.hashCode(), MultiDual.of(a, 0, 0, 0).hashCode());
        assertNotEquals(MultiDual.constant(a, 3), MultiDual.constant(a, 2), "widths differ");
    }

    @Test
    void signedZerosDifferAndNaNEqualsNaN() {
        assertNotEquals(Dual.of(0.0, 1), Dual.of(-0.0, 1));
        assertNotEquals(Dual.of(1, 0.0), Dual.of(1, -0.0));
        assertEquals(Dual.of(Double.NaN, 1), Dual.of(Double.NaN, 1));
        assertEquals(Dual.of(Double.NaN, 1).hashCode(), Dual.of(0.0 / 0.0, 1).hashCode());
        assertNotEquals(HyperDual.of(1, 2, 3, 0.0), HyperDual.of(1, 2, 3, -0.0));
        assertEquals(HyperDual.of(Double.NaN, 2, 3, 4), HyperDual.of(Double.NaN, 2, 3, 4));
        assertNotEquals(MultiDual.of(1, 0.0, 2), MultiDual.of(1, -0.0, 2));
        assertEquals(MultiDual.of(Double.NaN, 1, 2), MultiDual.of(Double.NaN, 1, 2));
        assertNotEquals(Dual.of(1, 2), HyperDual.of(1, 2, 0, 0));
        assertNotEquals(Dual.of(1, 2), null);
    }

    @Test
    void toStringReadsWell() {
        assertEquals("Dual[3.0 + 18.0ε]", Dual.of(3, 18).toString());
        assertEquals("Dual[3.0 - 18.0ε]", Dual.of(3, -18).toString());
        assertEquals("Dual[-3.0 - 0.0ε]", Dual.of(-3, -0.0).toString());
        assertEquals("Dual[NaN + NaNε]", Dual.of(Double.NaN, Double.NaN).toString());
        assertEquals("Dual[1.0 - Infinityε]", Dual.of(1, Double.NEGATIVE_INFINITY).toString());
        assertEquals("Dual[18.0 + 12.0ε]", Dual.variable(3).multiply(Dual.variable(3)).multiply(2).toString());
        assertEquals("HyperDual[8.0 + 12.0ε1 + 12.0ε2 + 12.0ε1ε2]", HyperDual.variable(2).pow(3).toString());
        assertEquals("HyperDual[1.0 - 2.0ε1 + 3.0ε2 - 4.0ε1ε2]", HyperDual.of(1, -2, 3, -4).toString());
        assertEquals("MultiDual[12.0; 4.0, 3.0]",
                MultiDual.variable(3, 0, 2).multiply(MultiDual.variable(4, 1, 2)).toString());
        assertTrue(FieldDual.variable(Dual.variable(1)).toString().startsWith("FieldDual[Dual[1.0 + 1.0ε]"));
    }
}
