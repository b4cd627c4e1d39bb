package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * Every {@link Op} applied to any {@link RealFieldElement} (our types and Commons Math's
 * {@link DerivativeStructure} alike), written independently of {@link Op#apply} so that the two
 * can be checked against each other; plus the constants each parameterised op is tried with.
 * Public, and shipped in dual's test-jar, so the reverse and hybrid suites use the same
 * DerivativeStructure dispatch.
 */
public final class Ops {
    private Ops() {
    }

    /** The constants tried for each op of one argument (one dummy 0 for ops without a constant). */
    public static double[] constants(Op op) {
        switch (op) {
            case ADD_CONSTANT:
            case SUBTRACT_CONSTANT:
                return new double[] {2.5, -0.75};
            case MULTIPLY_CONSTANT:
                return new double[] {3, -0.5, 0};
            case DIVIDE_CONSTANT:
                return new double[] {3, -0.5};
            case SCALB:
                return new double[] {3, -2};
            case ROOT_N:
                return new double[] {1, 2, 3, 4, 5};
            case POW_CONSTANT:
                return new double[] {-2.5, -1, 0, 1.0 / 3, 0.5, 1, 2, 3, 3.5};
            case POW_INT:
                return new double[] {-3, -1, 0, 1, 2, 3, 5};
            case COPY_SIGN_CONSTANT:
                return new double[] {1, -1, 0.0, -0.0};
            case REMAINDER_CONSTANT:
                return new double[] {2.5, -1};
            default:
                return new double[] {0};
        }
    }

    /** op(x) with constant c, through the RealFieldElement interface only (log10 by its own method). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends RealFieldElement<T>> T apply(Op op, T x, double c) {
        switch (op) {
            case NEGATE: return x.negate();
            case ADD_CONSTANT: return x.add(c);
            case SUBTRACT_CONSTANT: return x.subtract(c);
            case MULTIPLY_CONSTANT: return x.multiply(c);
            case DIVIDE_CONSTANT: return x.divide(c);
            case RECIPROCAL: return x.reciprocal();
            case SCALB: return x.scalb((int) c);
            case SQRT: return x.sqrt();
            case CBRT: return x.cbrt();
            case ROOT_N: return x.rootN((int) c);
            case POW_CONSTANT: return x.pow(c);
            case POW_INT: return x.pow((int) c);
            case EXP: return x.exp();
            case EXPM1: return x.expm1();
            case LOG: return x.log();
            case LOG1P: return x.log1p();
            case LOG10:
                if (x instanceof DerivativeStructure) {
                    return (T) ((DerivativeStructure) x).log10();
                }
                if (x instanceof FieldDual) {
                    return (T) ((FieldDual) x).log10();
                }
                if (x instanceof Taylor) {
                    return (T) ((Taylor) x).log10();
                }
                return (T) ((Differentiable) x).log10();
            case SIN: return x.sin();
            case COS: return x.cos();
            case TAN: return x.tan();
            case ASIN: return x.asin();
            case ACOS: return x.acos();
            case ATAN: return x.atan();
            case SINH: return x.sinh();
            case COSH: return x.cosh();
            case TANH: return x.tanh();
            case ASINH: return x.asinh();
            case ACOSH: return x.acosh();
            case ATANH: return x.atanh();
            case ABS: return x.abs();
            case FLOOR: return x.floor();
            case CEIL: return x.ceil();
            case RINT: return x.rint();
            case SIGNUM: return x.signum();
            case COPY_SIGN_CONSTANT: return x.copySign(c);
            case REMAINDER_CONSTANT: return x.remainder(c);
            default: throw new AssertionError(op + " is not a one-argument op the test knows");
        }
    }

    /** op(x, y) through the RealFieldElement interface only. */
    public static <T extends RealFieldElement<T>> T apply(Op op, T x, T y) {
        switch (op) {
            case ADD: return x.add(y);
            case SUBTRACT: return x.subtract(y);
            case MULTIPLY: return x.multiply(y);
            case DIVIDE: return x.divide(y);
            case POW: return x.pow(y);
            case ATAN2: return x.atan2(y);
            case COPY_SIGN: return x.copySign(y);
            case REMAINDER: return x.remainder(y);
            case HYPOT: return x.hypot(y);
            default: throw new AssertionError(op + " is not a two-argument op the test knows");
        }
    }
}
