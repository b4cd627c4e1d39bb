package org.dualad.cli;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dualad.dual.Forward;
import org.dualad.ValueAndGradient;
import org.dualad.reverse.Reverse;
import org.dualad.verification.HighPrecision;
import org.dualad.verification.HighPrecisionField;
import org.junit.jupiter.api.Assertions;

/**
 * The explain tables' own sweeps agree with the modes: the last forward row's tangents and the
 * inputs' adjoints of the reverse table equal {@link Forward#gradient} and {@link Reverse#gradient}.
 */
class TraceProperties {

    @Provide
    Arbitrary<Node> trees() {
        return new RoundTripProperties().trees();
    }

    @Property(tries = 200)
    void explainSweepsMatchForwardAndReverse(@ForAll("trees") Node tree,
            @ForAll("coords") double x, @ForAll("coords") double y) {
        Program p = Program.compile(tree.toString(), List.of(tree), List.of("x", "y"));
        double[] at = {x, y};
        Trace t = Trace.of(p, at);
        Report r = new Report();
        t.fill(r);
        double[] fromTrace = {r.json().get("gradient").get(0).asDouble(Double.NaN),
            r.json().get("gradient").get(1).asDouble(Double.NaN)};
        double[] fwd = Forward.gradient(p.scalar(), at);
        ValueAndGradient vg = Reverse.valueAndGradient(p.scalar(), at);
        if (Double.isNaN(vg.value())) {
            // outside f's domain: a sum whose terms cancel before meeting a NaN partial (u + (pi - u),
            // u = -asin(1.12)) is 0 in the explain table's op order and NaN on the trace, which
            // folds u's uses first; ZeroPolicyTest documents why no order can make them agree
            return;
        }
        double[] rev = vg.gradient();
        // the modes sum the same terms in other orders: where they cancel (d/dx of (c/x)(c x) is
        // -c^2/x + c^2/x), the difference is rounding of the terms, not of the result; the oracle's
        // noise estimate sums the terms' magnitudes
        HighPrecisionField field = new HighPrecisionField(2, 1, 20);
        double[] noise = p.scalar().value(new HighPrecision[] {field.variable(0, x), field.variable(1, y)})
                .gradientNoise();
        for (int i = 0; i < 2; i++) {
            if (r.json().get("gradient").get(i).isNull()) {
                continue; // a NaN or infinite adjoint: JSON null, compared by the modes below
            }
            // (NaN at a kink, where the oracle has no derivative: the plain tolerance)
            double allowed = 1e-12 * Math.max(1, Math.abs(rev[i])) + (Double.isNaN(noise[i]) ? 0 : 16 * noise[i] * 0x1p-53);
            Assertions.assertEquals(rev[i], fromTrace[i], allowed, tree + " trace vs reverse, input " + i);
            Assertions.assertEquals(rev[i], fwd[i], allowed, tree + " forward vs reverse, input " + i);
        }
    }

    @Provide
    Arbitrary<Double> coords() {
        return Arbitraries.doubles().between(-3, 3).ofScale(2);
    }
}
