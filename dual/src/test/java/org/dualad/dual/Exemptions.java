package org.dualad.dual;

/**
 * The points where DualAD's documented convention (the table in {@link Differentiable}) and
 * DerivativeStructure's choice differ, so that the oracle cannot judge them. Each is a row of the
 * conventions table and is tested on its own in {@code ConventionsAbstractTest}.
 */
final class Exemptions {
    private Exemptions() {
    }

    /**
     * @param op the operation
     * @param c its constant (one-argument ops)
     * @param x the (first) argument
     * @param y the second argument (two-argument ops)
     * @return why (op, c, x, y) is not compared with DerivativeStructure, or null if it is
     */
    static String reason(Op op, double c, double x, double y) {
        switch (op) {
            case ABS:
                return x == 0 ? "|x|' at 0 is 0" : null;
            case SQRT:
            case CBRT:
            case ROOT_N:
                return x == 0 ? "root' at 0 is +inf (DerivativeStructure: -inf at -0.0)" : null;
            case POW_CONSTANT:
            case POW_INT:
                return x == 0 ? "x^p at 0 is the limit" : null;
            case POW:
                return x <= 0 ? "x^y for x <= 0: dy = 0 at 0, NaN below; DerivativeStructure is NaN" : null;
            case ATAN2:
                return x == 0 && y == 0 ? "all partials 0 at the origin" : null;
            case HYPOT:
                if (x == 0 && y == 0) {
                    return "all partials 0 at the origin";
                }
                if (Math.max(Math.abs(x), Math.abs(y)) >= 1e100) {
                    return "DerivativeStructure's second partials underflow to 0 there (x^2/h^3 = 1e-150 at 1e150); "
                            + "closed form in ConventionsAbstractTest";
                }
                return Math.getExponent(x) > Math.getExponent(y) + 27 || Math.getExponent(y) > Math.getExponent(x) + 27
                        ? "DerivativeStructure returns |x| when |y| < 2^-27 |x|, dropping d2/dy2 = x^2/h^3; "
                          + "closed form in ConventionsAbstractTest" : null;
            case TANH:
                return Math.abs(x) > 19 ? "DerivativeStructure's 1 - tanh^2 is exactly 0 once tanh rounds to +-1; "
                        + "closed form 1/cosh^2 in ConventionsAbstractTest" : null;
            case DIVIDE:
                return y == 0 ? "division by zero: IEEE values, checked by the non-finite test" : null;
            case LOG:
            case LOG10:
                return x == 0 ? "log at 0" : null;
            case LOG1P:
                return x == -1 ? "log1p at -1" : null;
            case ASIN:
            case ACOS:
            case ATANH:
                return Math.abs(x) == 1 ? "domain edge +-1" : null;
            case ASINH:
                return Math.abs(x) >= 1.34e154 ? "DerivativeStructure and FastMath square x, which overflows: "
                        + "asinh(1e300) = inf there; RuleAccuracyTest checks it against a 60-digit reference" : null;
            case ACOSH:
                if (x >= 1.34e154) {
                    return "DerivativeStructure and FastMath square x, which overflows: acosh(1e300) = inf there; "
                            + "RuleAccuracyTest checks it against a 60-digit reference";
                }
                if (x < 1) {
                    return "outside the domain: DerivativeStructure (FastMath) gives acosh(-1e150) = -inf, "
                            + "ours NaN; checked by ConventionsAbstractTest.outsideTheDomain";
                }
                return x == 1 ? "acosh at 1" : null;
            default:
                return null;
        }
    }
}
