package org.dualad.dual;

/**
 * DualAD's zero policy, written once: the one multiplication of the chain rule, which every number
 * type and every tape sweep of every mode uses.
 *
 * <h2>The rule</h2>
 * Every product that the chain rule forms, of a partial derivative and a tangent or an adjoint, or
 * of two partials when a tape preaccumulates a chain (or of two tangents in a second-order part),
 * is {@link #term(double, double) term(a, b)}: <b>exactly 0 when either factor is exactly 0</b>
 * (of either sign), even when the other is infinite or NaN; otherwise the IEEE product. Sums of
 * such terms are plain IEEE sums. Values are never touched: NaN in, NaN out.
 *
 * <h2>Why both factors</h2>
 * A derivative is a sum over paths of the product of the partials along each path. Forward mode
 * multiplies a path from its input end (tangents), reverse mode from its output end (adjoints),
 * preaccumulating tapes multiply stretches of it in between, second-order kernels multiply tangents
 * together (a hyper-dual's f'' b c, the forward Laplacian's f'' |J|^2). With plain IEEE products a
 * path through sqrt at 0 (partial +&infin;) and a zero factor (a constant's tangent, the partial of
 * x&sup2; at 0, a factor 0 &middot; f) gives 0 or NaN depending on which of the two was
 * multiplied first. With this rule a path with a zero factor anywhere contributes exactly 0 in
 * every order of multiplication, so every mode gives the same derivative. A zero tangent on one
 * side and a zero partial on the other are the same fact (nothing flows along this edge), so the
 * rule cannot depend on which side the zero is; and 0 is the convention the rule table already
 * keeps at kinks (|x|, hypot and atan2 have derivative 0 at 0): d/dx [0 &middot; sqrt(x)] = 0,
 * and sqrt(x x) and sqrt(x&sup2; + y&sup2;) have gradient 0 at the origin, as |x| and
 * hypot(x, y) do.
 *
 * <h2>What it does to NaN and infinities</h2>
 * A NaN or infinite partial still propagates along every path whose other factors are all
 * non-zero: sqrt'(0) = +&infin; reaches the gradient of sqrt(x) at 0, a NaN input gives NaN
 * derivatives, except through a factor that is exactly 0 (d/dx [0 &middot; sin(x) + x] = 1 at
 * x = NaN, in every mode). What the rule cannot make agree is a sum that cancels: a mode that adds
 * two paths before multiplying by an infinite partial gets (1 - 1) &middot; &infin; = 0 where one
 * that multiplies first gets &infin; - &infin; = NaN (y - y with y = sqrt(x) at 0: the op tape
 * adds the two adjoints of y first and gives 0, forward mode and the preaccumulating tapes give
 * NaN; sqrt(x - x) the other way round: they add x - x's two partials to 0 first, the op tape
 * keeps one edge per operand and meets &infin; on each). Likewise a product of non-zero factors
 * that underflows to 0 (or overflows) in one order but not in another; and the sign of a zero
 * derivative depends on the order of additions (0 + -0 = +0).
 *
 * <h2>Using it in a hot loop</h2>
 * A plain IEEE product differs from term only where it is NaN (0 &times; &infin;, 0 &times; NaN)
 * or in the sign of a zero, and a NaN term makes every sum and every later product it enters NaN
 * (0 &middot; NaN included). So a kernel that forms plain IEEE products and sums and finds no NaN
 * among its results has computed what this rule gives (equal as numbers: at most the sign of a
 * zero differs); only when a result is NaN must it redo its work with term. A kernel may also
 * skip a product whose factor is exactly 0 (a zero tangent or adjoint, a zero partial): that is
 * the rule too.
 *
 * <p>For number types whose parts are not doubles (a {@code FieldDual<T>}): the same rule, with
 * "exactly 0" meaning a factor whose value is exactly 0.
 */
public final class Chain {
    private Chain() {
    }

    /**
     * The chain-rule product of two factors under the zero policy.
     *
     * @param a a factor (a partial derivative, a tangent, an adjoint)
     * @param b the other factor
     * @return a &times; b when neither factor is 0 (IEEE: NaN and infinities propagate); +0.0 when
     *     either is exactly 0, whatever the other (IEEE would give NaN against an infinite or NaN
     *     factor, and -0.0 for 0 &times; -3)
     */
    public static double term(double a, double b) {
        // two compares before the product: this shape compiles smaller than testing the product for
        // NaN afterwards, which keeps the number types' written-out arithmetic under the JIT's
        // inlining limit for compiled methods (HVar.multiply was no longer inlined into user code)
        return a == 0 || b == 0 ? 0.0 : a * b;
    }

    /**
     * The product of three factors under the zero policy, taken as (a b) c: the second-order term
     * f'' b c of a hyper-dual (f'' times the two tangents). Every kernel that forms such a term
     * uses this order, so that they round alike.
     *
     * @param a the first factor (a second partial)
     * @param b the second (a tangent)
     * @param c the third (another tangent)
     * @return term(term(a, b), c): 0 when any factor is exactly 0
     */
    public static double term(double a, double b, double c) {
        return term(term(a, b), c);
    }
}
