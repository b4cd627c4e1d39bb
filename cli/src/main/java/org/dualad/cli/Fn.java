package org.dualad.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;

/**
 * The functions an expression may call, by name: each names the {@link Op} it is (its name is the
 * op's symbol unless given, its arity the op's, with root's integer constant as a second
 * argument) and is evaluated by {@link Op#evaluate}, through {@link RealFieldElement}'s own
 * methods, so that every number type runs it: DualAD's duals and tapes, and Commons Math's
 * {@code DerivativeStructure} alike. {@code min} and {@code max} are the only entries that are
 * not an op (a branch, not a rule). The derivative rules are the number
 * type's (for DualAD types, {@link org.dualad.dual.Differentiable}'s one table); nothing here
 * differentiates.
 *
 * <p>{@code min} and {@code max} pick an argument by comparing {@code getReal()}: at a tie the
 * first argument wins (so its derivative is the one carried); a NaN argument wins, so NaN
 * propagates as in {@link Math#max}.
 */
enum Fn {
    /** sin(x). */ SIN(Op.SIN),
    /** cos(x). */ COS(Op.COS),
    /** tan(x). */ TAN(Op.TAN),
    /** asin(x). */ ASIN(Op.ASIN),
    /** acos(x). */ ACOS(Op.ACOS),
    /** atan(x). */ ATAN(Op.ATAN),
    /** atan2(y, x): the angle of the point (x, y), as {@link Math#atan2}. */ ATAN2(Op.ATAN2),
    /** sinh(x). */ SINH(Op.SINH),
    /** cosh(x). */ COSH(Op.COSH),
    /** tanh(x). */ TANH(Op.TANH),
    /** asinh(x). */ ASINH(Op.ASINH),
    /** acosh(x). */ ACOSH(Op.ACOSH),
    /** atanh(x). */ ATANH(Op.ATANH),
    /** exp(x). */ EXP(Op.EXP),
    /** exp(x) - 1. */ EXPM1(Op.EXPM1),
    /** The natural logarithm. */ LOG(Op.LOG),
    /** log(x), the same as {@code log}. */ LN("ln", Op.LOG),
    /** log(1 + x). */ LOG1P(Op.LOG1P),
    /**
     * log10(x): DualAD's own rule on a {@link Differentiable}; log(x) / ln 10 on any other field
     * (RealFieldElement 3.6.1 has no log10).
     */ LOG10(Op.LOG10),
    /** sqrt(x). */ SQRT(Op.SQRT),
    /** cbrt(x). */ CBRT(Op.CBRT),
    /** root(x, n): the real n-th root, n a constant integer. */ ROOT("root", Op.ROOT_N),
    /** |x|. */ ABS(Op.ABS),
    /** floor(x). */ FLOOR(Op.FLOOR),
    /** ceil(x). */ CEIL(Op.CEIL),
    /** rint(x). */ RINT(Op.RINT),
    /** signum(x). */ SIGNUM(Op.SIGNUM),
    /** sign(x), the same as {@code signum}. */ SIGN("sign", Op.SIGNUM),
    /** sqrt(x^2 + y^2). */ HYPOT(Op.HYPOT),
    /** pow(x, y) = x^y. */ POW("pow", Op.POW),
    /** |x| with the sign of y. */ COPYSIGN("copysign", Op.COPY_SIGN),
    /** The IEEE remainder of x by y. */ REMAINDER(Op.REMAINDER),
    /** The smaller argument; the first at a tie. */
    MIN("min", null) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) {
            return pick(x, y, Double.isNaN(y.getReal()) || y.getReal() < x.getReal());
        } },
    /** The larger argument; the first at a tie. */
    MAX("max", null) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) {
            return pick(x, y, Double.isNaN(y.getReal()) || y.getReal() > x.getReal());
        } };

    private static final Map<String, Fn> BY_NAME;

    static {
        Map<String, Fn> m = new LinkedHashMap<>();
        for (Fn f : values()) {
            m.put(f.name, f);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private final String name;
    private final int arity;
    private final Op op;

    /** A function called by its op's symbol. */
    Fn(Op op) {
        this(op.symbol(), op);
    }

    /** A function called by its own name: an alias, or an op whose symbol is not a name. */
    Fn(String name, Op op) {
        this.name = name;
        this.op = op;
        this.arity = op == null || op == Op.ROOT_N ? 2 : op.arity();
    }

    /** @return the name an expression calls it by */
    public String fnName() {
        return name;
    }

    /** @return the number of arguments, 1 or 2 */
    public int arity() {
        return arity;
    }

    /** @return the DualAD operation it maps to, or null for min and max (a branch, not a rule) */
    public Op op() {
        return op;
    }

    /** @return true if the second argument must be a constant integer (root) */
    public boolean takesIntegerConstant() {
        return this == ROOT;
    }

    /**
     * Applies the function.
     *
     * @param x the first argument
     * @param y the second argument, null for a function of one argument
     * @param n the integer constant of {@code root}, else ignored
     * @param <T> any real field type
     * @return the result
     */
    <T extends RealFieldElement<T>> T apply(T x, T y, int n) {
        return op.arity() == 1 ? op.evaluate(x, n) : op.evaluate(x, y);
    }

    /**
     * @param name a name as written in an expression
     * @return the function, or null if there is none by that name
     */
    public static Fn byName(String name) {
        return BY_NAME.get(name);
    }

    /** @return every function name, in table order */
    public static List<String> names() {
        return new ArrayList<>(BY_NAME.keySet());
    }

    private static <T extends RealFieldElement<T>> T pick(T x, T y, boolean second) {
        if (Double.isNaN(x.getReal())) {
            return x;
        }
        return second ? y : x;
    }
}
