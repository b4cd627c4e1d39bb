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
 * The functions an expression may call, by name, each evaluated through
 * {@link RealFieldElement}'s own methods so that every number type runs it: DualAD's duals and
 * tapes, and Commons Math's {@code DerivativeStructure} alike. The derivative rules are the number
 * type's (for DualAD types, {@link org.dualad.dual.Differentiable}'s one table); nothing here
 * differentiates.
 *
 * <p>{@code min} and {@code max} pick an argument by comparing {@code getReal()}: at a tie the
 * first argument wins (so its derivative is the one carried); a NaN argument wins, so NaN
 * propagates as in {@link Math#max}.
 */
public enum Fn {
    /** sin(x). */ SIN("sin", 1, Op.SIN) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.sin(); } },
    /** cos(x). */ COS("cos", 1, Op.COS) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.cos(); } },
    /** tan(x). */ TAN("tan", 1, Op.TAN) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.tan(); } },
    /** asin(x). */ ASIN("asin", 1, Op.ASIN) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.asin(); } },
    /** acos(x). */ ACOS("acos", 1, Op.ACOS) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.acos(); } },
    /** atan(x). */ ATAN("atan", 1, Op.ATAN) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.atan(); } },
    /** atan2(y, x): the angle of the point (x, y), as {@link Math#atan2}. */
    ATAN2("atan2", 2, Op.ATAN2) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.atan2(y); } },
    /** sinh(x). */ SINH("sinh", 1, Op.SINH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.sinh(); } },
    /** cosh(x). */ COSH("cosh", 1, Op.COSH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.cosh(); } },
    /** tanh(x). */ TANH("tanh", 1, Op.TANH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.tanh(); } },
    /** asinh(x). */ ASINH("asinh", 1, Op.ASINH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.asinh(); } },
    /** acosh(x). */ ACOSH("acosh", 1, Op.ACOSH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.acosh(); } },
    /** atanh(x). */ ATANH("atanh", 1, Op.ATANH) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.atanh(); } },
    /** exp(x). */ EXP("exp", 1, Op.EXP) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.exp(); } },
    /** exp(x) - 1. */ EXPM1("expm1", 1, Op.EXPM1) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.expm1(); } },
    /** The natural logarithm. */ LOG("log", 1, Op.LOG) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.log(); } },
    /** log(x), the same as {@code log}. */ LN("ln", 1, Op.LOG) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.log(); } },
    /** log(1 + x). */ LOG1P("log1p", 1, Op.LOG1P) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.log1p(); } },
    /**
     * log10(x): DualAD's own rule on a {@link Differentiable}; log(x) / ln 10 on any other field
     * (RealFieldElement 3.6.1 has no log10).
     */
    LOG10("log10", 1, Op.LOG10) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return log10(x); } },
    /** sqrt(x). */ SQRT("sqrt", 1, Op.SQRT) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.sqrt(); } },
    /** cbrt(x). */ CBRT("cbrt", 1, Op.CBRT) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.cbrt(); } },
    /** root(x, n): the real n-th root, n a constant integer. */ ROOT("root", 2, Op.ROOT_N) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.rootN(n); } },
    /** |x|. */ ABS("abs", 1, Op.ABS) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.abs(); } },
    /** floor(x). */ FLOOR("floor", 1, Op.FLOOR) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.floor(); } },
    /** ceil(x). */ CEIL("ceil", 1, Op.CEIL) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.ceil(); } },
    /** rint(x). */ RINT("rint", 1, Op.RINT) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.rint(); } },
    /** signum(x). */ SIGNUM("signum", 1, Op.SIGNUM) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.signum(); } },
    /** sign(x), the same as {@code signum}. */ SIGN("sign", 1, Op.SIGNUM) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.signum(); } },
    /** sqrt(x^2 + y^2). */ HYPOT("hypot", 2, Op.HYPOT) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.hypot(y); } },
    /** pow(x, y) = x^y. */ POW("pow", 2, Op.POW) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.pow(y); } },
    /** |x| with the sign of y. */ COPYSIGN("copysign", 2, Op.COPY_SIGN) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.copySign(y); } },
    /** The IEEE remainder of x by y. */ REMAINDER("remainder", 2, Op.REMAINDER) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) { return x.remainder(y); } },
    /** The smaller argument; the first at a tie. */ MIN("min", 2, null) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) {
            return pick(x, y, Double.isNaN(y.getReal()) || y.getReal() < x.getReal());
        } },
    /** The larger argument; the first at a tie. */ MAX("max", 2, null) {
        @Override <T extends RealFieldElement<T>> T apply(T x, T y, int n) {
            return pick(x, y, Double.isNaN(y.getReal()) || y.getReal() > x.getReal());
        } };

    private static final double LN10 = Math.log(10);
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

    Fn(String name, int arity, Op op) {
        this.name = name;
        this.arity = arity;
        this.op = op;
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
    abstract <T extends RealFieldElement<T>> T apply(T x, T y, int n);

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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends RealFieldElement<T>> T log10(T x) {
        if (x instanceof Differentiable) {
            return (T) ((Differentiable) x).log10();
        }
        return x.log().divide(LN10);
    }
}
