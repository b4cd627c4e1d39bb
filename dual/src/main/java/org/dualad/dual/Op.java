package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;

/**
 * Every operation a {@link Differentiable} number can perform, as a tag passed to its
 * {@code compose} hooks: a tape records it (to print the graph and to replay a recording), a dual
 * ignores it. {@link #apply} re-runs the operation on any {@link Differentiable}, which is how a
 * recorded tape is evaluated again; {@link #evaluate} runs it on any {@link RealFieldElement}
 * (Commons Math's {@code DerivativeStructure} too), which is how the command line's functions and
 * the verification's random programs apply it. This enum is the one list of DualAD's elementary
 * functions: those tables name their entries by an {@code Op}, and their tests fail when an
 * {@code Op} is added that they do not account for.
 */
public enum Op {
    /** x + y. */ ADD("+", 2, false),
    /** x - y. */ SUBTRACT("-", 2, false),
    /** x y. */ MULTIPLY("*", 2, false),
    /** x / y. */ DIVIDE("/", 2, false),
    /** -x. */ NEGATE("neg", 1, false),
    /** x + c. */ ADD_CONSTANT("+c", 1, false),
    /** x - c. */ SUBTRACT_CONSTANT("-c", 1, false),
    /** c x. */ MULTIPLY_CONSTANT("*c", 1, false),
    /** x / c. */ DIVIDE_CONSTANT("/c", 1, false),
    /** 1 / x. */ RECIPROCAL("1/x", 1, false),
    /** x 2^n. */ SCALB("scalb", 1, false),
    /** sqrt(x). */ SQRT("sqrt", 1, false),
    /** cbrt(x). */ CBRT("cbrt", 1, false),
    /** x^(1/n). */ ROOT_N("rootN", 1, false),
    /** x^c, c a double. */ POW_CONSTANT("^c", 1, false),
    /** x^n, n an int. */ POW_INT("^n", 1, false),
    /** x^y. */ POW("^", 2, false),
    /** exp(x). */ EXP("exp", 1, false),
    /** exp(x) - 1. */ EXPM1("expm1", 1, false),
    /** log(x). */ LOG("log", 1, false),
    /** log(1 + x). */ LOG1P("log1p", 1, false),
    /** log10(x). */ LOG10("log10", 1, false),
    /** sin(x). */ SIN("sin", 1, false),
    /** cos(x). */ COS("cos", 1, false),
    /** tan(x). */ TAN("tan", 1, false),
    /** asin(x). */ ASIN("asin", 1, false),
    /** acos(x). */ ACOS("acos", 1, false),
    /** atan(x). */ ATAN("atan", 1, false),
    /** atan2(x, y): the angle of the point (y, x). */ ATAN2("atan2", 2, false),
    /** sinh(x). */ SINH("sinh", 1, false),
    /** cosh(x). */ COSH("cosh", 1, false),
    /** tanh(x). */ TANH("tanh", 1, false),
    /** asinh(x). */ ASINH("asinh", 1, false),
    /** acosh(x). */ ACOSH("acosh", 1, false),
    /** atanh(x). */ ATANH("atanh", 1, false),
    /** |x|. */ ABS("abs", 1, true),
    /** floor(x). */ FLOOR("floor", 1, true),
    /** ceil(x). */ CEIL("ceil", 1, true),
    /** rint(x). */ RINT("rint", 1, true),
    /** signum(x). */ SIGNUM("signum", 1, true),
    /** |x| with the sign of y. */ COPY_SIGN("copySign", 2, true),
    /** |x| with the sign of c. */ COPY_SIGN_CONSTANT("copySign", 1, true),
    /** IEEE remainder of x by c. */ REMAINDER_CONSTANT("remainder", 1, true),
    /** IEEE remainder of x by y. */ REMAINDER("remainder", 2, true),
    /** sqrt(x^2 + y^2). */ HYPOT("hypot", 2, false),
    /**
     * A user's {@link Rule}: a node of one or two arguments (a rule of k &gt; 2 arguments is a
     * chain of k - 1 nodes on the op tape). A tape keeps the rule beside the node
     * ({@code Tape.rule(node)}) and a replay re-evaluates it; {@link #apply} refuses it, since
     * the tag alone does not say which function it is.
     */
    CUSTOM("custom", 2, false);

    private final String symbol;
    private final int arity;
    private final boolean piecewise;

    Op(String symbol, int arity, boolean piecewise) {
        this.symbol = symbol;
        this.arity = arity;
        this.piecewise = piecewise;
    }

    /** @return a short printable name: "+", "sin", "^c" */
    public String symbol() {
        return symbol;
    }

    /**
     * @return the number of {@link Differentiable} arguments: 1 or 2 (2 for {@link #CUSTOM}, the
     *     most a node holds; a one-argument rule's node has one)
     */
    public int arity() {
        return arity;
    }

    /**
     * @return true for operations whose result depends on a discrete decision about the argument
     *     (a sign, an integer part): a recording replayed at another point must check it
     */
    public boolean isPiecewise() {
        return piecewise;
    }

    /**
     * Applies this operation of one argument (and its constant, for the {@code *_CONSTANT},
     * {@code POW_INT}, {@code ROOT_N} and {@code SCALB} forms).
     *
     * @param x the argument
     * @param c the constant parameter; ignored where there is none
     * @param <T> the number type
     * @return op(x)
     * @throws IllegalStateException if this operation takes two arguments
     */
    public <T extends Differentiable<T>> T apply(T x, double c) {
        return evaluate(x, c);
    }

    /**
     * Applies this operation of one argument (and its constant) to any real field element, through
     * its own methods: the same result as {@link #apply(Differentiable, double)} on a
     * {@link Differentiable}. {@link #LOG10}, which {@link RealFieldElement} 3.6.1 lacks, is the
     * number's own {@code log10} on a {@link Differentiable} and log(x) / ln 10 on any other type.
     *
     * @param x the argument
     * @param c the constant parameter; ignored where there is none
     * @param <T> the number type
     * @return op(x)
     * @throws IllegalStateException if this operation takes two arguments, or is {@link #CUSTOM}
     */
    public <T extends RealFieldElement<T>> T evaluate(T x, double c) {
        switch (this) {
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
            case LOG10: return log10(x);
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
            case CUSTOM: throw custom();
            default: throw new IllegalStateException(this + " takes two arguments: use apply(x, y)");
        }
    }

    /**
     * Applies this operation of two arguments.
     *
     * @param x the first argument
     * @param y the second argument
     * @param <T> the number type
     * @return op(x, y)
     * @throws IllegalStateException if this operation takes one argument
     */
    public <T extends Differentiable<T>> T apply(T x, T y) {
        return evaluate(x, y);
    }

    /**
     * Applies this operation of two arguments to any real field element, through its own methods:
     * the same result as {@link #apply(Differentiable, Differentiable)} on a {@link Differentiable}.
     *
     * @param x the first argument
     * @param y the second argument
     * @param <T> the number type
     * @return op(x, y)
     * @throws IllegalStateException if this operation takes one argument, or is {@link #CUSTOM}
     */
    public <T extends RealFieldElement<T>> T evaluate(T x, T y) {
        switch (this) {
            case ADD: return x.add(y);
            case SUBTRACT: return x.subtract(y);
            case MULTIPLY: return x.multiply(y);
            case DIVIDE: return x.divide(y);
            case POW: return x.pow(y);
            case ATAN2: return x.atan2(y);
            case COPY_SIGN: return x.copySign(y);
            case REMAINDER: return x.remainder(y);
            case HYPOT: return x.hypot(y);
            case CUSTOM: throw custom();
            default: throw new IllegalStateException(this + " takes one argument: use apply(x, c)");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends RealFieldElement<T>> T log10(T x) {
        if (x instanceof Differentiable) {
            return (T) ((Differentiable) x).log10();
        }
        return x.log().divide(LN10);
    }

    private static final double LN10 = Math.log(10);

    private static IllegalStateException custom() {
        return new IllegalStateException("Op.CUSTOM is applied through its Rule (Rule.apply), which the tag does not"
                + " carry: a tape keeps the rule beside the node (Tape.rule(node))");
    }
}
