package org.dualad.dual;

/**
 * The one multiplication of the chain rule, with DualAD's zero-tangent policy: a tangent that is
 * exactly zero contributes exactly zero, even through an infinite or NaN partial derivative.
 *
 * <p>Why: a constant (tangent 0) passed through sqrt at 0 or log at 0 would otherwise turn
 * 0 &times; &infin; into NaN and poison every derivative downstream, although the constant does
 * not move. The tape and the windowed {@link MultiDual} behave the same way structurally (a
 * constant is not recorded, a direction outside the window is not stored), so every mode agrees.
 * Values are untouched: NaN in, NaN out.
 */
final class Chain {
    private Chain() {
    }

    /** partial &times; tangent, or 0 when the tangent is 0. */
    static double term(double partial, double tangent) {
        return tangent == 0 ? 0 : partial * tangent;
    }
}
