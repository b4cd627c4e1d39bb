package org.dualad.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.dual.Op;

/**
 * A random differentiable program: a straight-line list of steps over the inputs x0..x(n-1), each
 * step one guarded elementary function {@link Fn} of one or two earlier nodes (inputs or steps),
 * the last step being the output. A node used by several steps is a shared subexpression, so the
 * program is a DAG, not only a tree. It evaluates generically ({@link ScalarFunction}), so every
 * mode and every oracle runs it.
 *
 * <p>{@link #toString()} prints the formula, with shared nodes as bindings:
 * {@code t1 = sin(x0); f = t1 * log(1 + t1^2)}. Every {@link Fn} keeps its function's argument in
 * its domain for every real input (log(1 + a^2), acos(0.5 tanh(a)), ...), so the whole real line is
 * the domain; {@link #lower()} and {@link #upper()} bound the box points are drawn from, to keep
 * values finite. Generate programs with {@link Programs}; build one by hand (for a named
 * regression test) with {@link #of}.
 */
public final class Program implements ScalarFunction {
    /** Default lower end of the box points are drawn from. */
    public static final double DEFAULT_LOWER = -2;
    /** Default upper end of the box points are drawn from. */
    public static final double DEFAULT_UPPER = 2;

    /**
     * The guarded elementary functions a step applies, covering every analytic function of
     * {@code RealFieldElement} (and, flagged {@link #piecewise()}, the piecewise ones). In the
     * formulas, a and b are the step's operands. The first entry is the simplest, so that
     * shrinking ends on it.
     */
    public enum Fn {
        /** a + b. */ ADD(Op.ADD),
        /** a - b. */ SUBTRACT(Op.SUBTRACT),
        /** a * b. */ MULTIPLY(Op.MULTIPLY),
        /** a / (1 + b^2). */ DIVIDE(Op.DIVIDE, Guard.NONE, Guard.ONE_PLUS_SQUARE),
        /** -a. */ NEGATE(Op.NEGATE),
        /** a + 1.5. */ ADD_CONSTANT(Op.ADD_CONSTANT, Guard.NONE, Guard.NONE, 1.5),
        /** a - 0.5. */ SUBTRACT_CONSTANT(Op.SUBTRACT_CONSTANT, Guard.NONE, Guard.NONE, 0.5),
        /** 2.5 * a (multiply by a double). */ MULTIPLY_CONSTANT(Op.MULTIPLY_CONSTANT, Guard.NONE, Guard.NONE, 2.5),
        /** 3 * a (multiply by an int). */ MULTIPLY_INT(Op.MULTIPLY_CONSTANT, Guard.NONE, Guard.NONE, 3),
        /** a / 4. */ DIVIDE_CONSTANT(Op.DIVIDE_CONSTANT, Guard.NONE, Guard.NONE, 4),
        /** 1 / (1 + a^2) (reciprocal). */ RECIPROCAL(Op.RECIPROCAL, Guard.ONE_PLUS_SQUARE),
        /** scalb(a, 2) = 4 a. */ SCALB(Op.SCALB, Guard.NONE, Guard.NONE, 2),
        /** a^2 (pow(int)). */ SQUARE(Op.POW_INT, Guard.NONE, Guard.NONE, 2),
        /** a^3 (pow(int)). */ CUBE(Op.POW_INT, Guard.NONE, Guard.NONE, 3),
        /** (1 + a^2)^-2 (pow(int), negative). */ POW_NEGATIVE_INT(Op.POW_INT, Guard.ONE_PLUS_SQUARE, Guard.NONE, -2),
        /** (1 + a^2)^1.5 (pow(double)). */ POW_DOUBLE(Op.POW_CONSTANT, Guard.ONE_PLUS_SQUARE, Guard.NONE, 1.5),
        /** (1 + a^2)^sin(b) (pow of two variables). */ POW(Op.POW, Guard.ONE_PLUS_SQUARE, Guard.SIN),
        /** sqrt(1 + a^2). */ SQRT(Op.SQRT, Guard.ONE_PLUS_SQUARE),
        /** cbrt(1 + a^2). */ CBRT(Op.CBRT, Guard.ONE_PLUS_SQUARE),
        /** rootN(1 + a^2, 4). */ ROOT_N(Op.ROOT_N, Guard.ONE_PLUS_SQUARE, Guard.NONE, 4),
        /** exp(-a^2). */ EXP(Op.EXP, Guard.MINUS_SQUARE),
        /** expm1(sin(a)). */ EXPM1(Op.EXPM1, Guard.SIN),
        /** log(1 + a^2). */ LOG(Op.LOG, Guard.ONE_PLUS_SQUARE),
        /** log1p(a^2). */ LOG1P(Op.LOG1P, Guard.SQUARE),
        /** sin(a). */ SIN(Op.SIN),
        /** cos(a). */ COS(Op.COS),
        /** tan(tanh(a)). */ TAN(Op.TAN, Guard.TANH),
        /** asin(0.5 tanh(a)). */ ASIN(Op.ASIN, Guard.HALF_TANH),
        /** acos(0.5 tanh(a)). */ ACOS(Op.ACOS, Guard.HALF_TANH),
        /** atan(a). */ ATAN(Op.ATAN),
        /** atan2(a, 1 + b^2). */ ATAN2(Op.ATAN2, Guard.NONE, Guard.ONE_PLUS_SQUARE),
        /** sinh(sin(a)). */ SINH(Op.SINH, Guard.SIN),
        /** cosh(sin(a)). */ COSH(Op.COSH, Guard.SIN),
        /** tanh(a). */ TANH(Op.TANH),
        /** asinh(a). */ ASINH(Op.ASINH),
        /** acosh(2 + a^2). */ ACOSH(Op.ACOSH, Guard.TWO_PLUS_SQUARE),
        /** atanh(0.5 tanh(a)). */ ATANH(Op.ATANH, Guard.HALF_TANH),
        /** hypot(a, 1 + b^2). */ HYPOT(Op.HYPOT, Guard.NONE, Guard.ONE_PLUS_SQUARE),
        /** linearCombination(2, a, -3, b). */ LINEAR_COMBINATION(null, 2, false),
        /** linearCombination(a, b, b, a) = 2 a b. */ LINEAR_COMBINATION_FIELD(null, 2, false),
        /** |a|. */ ABS(Op.ABS),
        /** floor(a). */ FLOOR(Op.FLOOR),
        /** ceil(a). */ CEIL(Op.CEIL),
        /** rint(a). */ RINT(Op.RINT),
        /** signum(a). */ SIGNUM(Op.SIGNUM),
        /** copySign(a, b). */ COPY_SIGN(Op.COPY_SIGN),
        /** remainder(a, 1.5). */ REMAINDER_CONSTANT(Op.REMAINDER_CONSTANT, Guard.NONE, Guard.NONE, 1.5),
        /** remainder(a, 1 + b^2). */ REMAINDER(Op.REMAINDER, Guard.NONE, Guard.ONE_PLUS_SQUARE),
        /** max(a, b) by a comparison of real parts (the branch the real program takes). */ MAX(null, 2, true),
        /** log10(1 + a^2). */ LOG10(Op.LOG10, Guard.ONE_PLUS_SQUARE),
        /** copySign(a, -1.5). */ COPY_SIGN_CONSTANT(Op.COPY_SIGN_CONSTANT, Guard.NONE, Guard.NONE, -1.5);

        private final Op op;
        private final int arity;
        private final boolean piecewise;
        private final Guard first;
        private final Guard second;
        private final double c;

        /** A gene applying op to its operands as they are. */
        Fn(Op op) {
            this(op, Guard.NONE, Guard.NONE, 0);
        }

        /** A gene applying op to its guarded first operand. */
        Fn(Op op, Guard first) {
            this(op, first, Guard.NONE, 0);
        }

        /** A gene applying op to its guarded operands. */
        Fn(Op op, Guard first, Guard second) {
            this(op, first, second, 0);
        }

        /** A gene applying op, with the constant c, to its guarded operands. */
        Fn(Op op, Guard first, Guard second, double c) {
            this.op = op;
            this.arity = op.arity();
            this.piecewise = op.isPiecewise();
            this.first = first;
            this.second = second;
            this.c = c;
        }

        /** A gene that is no single op: applied by its own case in {@link #apply}. */
        Fn(Op op, int arity, boolean piecewise) {
            this.op = op;
            this.arity = arity;
            this.piecewise = piecewise;
            this.first = Guard.NONE;
            this.second = Guard.NONE;
            this.c = 0;
        }

        /** @return 1 or 2 operands */
        public int arity() {
            return arity;
        }

        /** @return true for functions with kinks or jumps (not real-analytic everywhere) */
        public boolean piecewise() {
            return piecewise;
        }

        /**
         * @return the {@link Op} this gene exercises, or null for the genes that are no single
         *     op (the linear combinations and max)
         */
        public Op op() {
            return op;
        }

        <T extends RealFieldElement<T>> T apply(T a, T b) {
            switch (this) {
                // the int overload, which records the same op as multiply(double)
                case MULTIPLY_INT: return a.multiply(3);
                case LINEAR_COMBINATION: return a.linearCombination(2.0, a, -3.0, b);
                case LINEAR_COMBINATION_FIELD: return a.linearCombination(a, b, b, a);
                case MAX: return a.getReal() >= b.getReal() ? a : b;
                default:
                    return arity == 1 ? op.evaluate(first.of(a), c) : op.evaluate(first.of(a), second.of(b));
            }
        }

        /** Prints the function of the operands' printed forms; infix results are parenthesized. */
        String format(String a, String b) {
            switch (this) {
                case ADD: return "(" + a + " + " + b + ")";
                case SUBTRACT: return "(" + a + " - " + b + ")";
                case MULTIPLY: return "(" + a + " * " + b + ")";
                case DIVIDE: return "(" + a + " / (1 + " + b + "^2))";
                case NEGATE: return "(-" + a + ")";
                case ADD_CONSTANT: return "(" + a + " + 1.5)";
                case SUBTRACT_CONSTANT: return "(" + a + " - 0.5)";
                case MULTIPLY_CONSTANT: return "(2.5 * " + a + ")";
                case MULTIPLY_INT: return "(3 * " + a + ")";
                case DIVIDE_CONSTANT: return "(" + a + " / 4)";
                case RECIPROCAL: return "(1 / (1 + " + a + "^2))";
                case SCALB: return "scalb(" + a + ", 2)";
                case SQUARE: return a + "^2";
                case CUBE: return a + "^3";
                case POW_NEGATIVE_INT: return "(1 + " + a + "^2)^-2";
                case POW_DOUBLE: return "(1 + " + a + "^2)^1.5";
                case POW: return "(1 + " + a + "^2)^sin(" + b + ")";
                case SQRT: return "sqrt(1 + " + a + "^2)";
                case CBRT: return "cbrt(1 + " + a + "^2)";
                case ROOT_N: return "rootN(1 + " + a + "^2, 4)";
                case EXP: return "exp(-" + a + "^2)";
                case EXPM1: return "expm1(sin(" + a + "))";
                case LOG: return "log(1 + " + a + "^2)";
                case LOG1P: return "log1p(" + a + "^2)";
                case SIN: return "sin(" + a + ")";
                case COS: return "cos(" + a + ")";
                case TAN: return "tan(tanh(" + a + "))";
                case ASIN: return "asin(0.5 * tanh(" + a + "))";
                case ACOS: return "acos(0.5 * tanh(" + a + "))";
                case ATAN: return "atan(" + a + ")";
                case ATAN2: return "atan2(" + a + ", 1 + " + b + "^2)";
                case SINH: return "sinh(sin(" + a + "))";
                case COSH: return "cosh(sin(" + a + "))";
                case TANH: return "tanh(" + a + ")";
                case ASINH: return "asinh(" + a + ")";
                case ACOSH: return "acosh(2 + " + a + "^2)";
                case ATANH: return "atanh(0.5 * tanh(" + a + "))";
                case HYPOT: return "hypot(" + a + ", 1 + " + b + "^2)";
                case LINEAR_COMBINATION: return "linearCombination(2, " + a + ", -3, " + b + ")";
                case LINEAR_COMBINATION_FIELD: return "linearCombination(" + a + ", " + b + ", " + b + ", " + a + ")";
                case ABS: return "abs(" + a + ")";
                case FLOOR: return "floor(" + a + ")";
                case CEIL: return "ceil(" + a + ")";
                case RINT: return "rint(" + a + ")";
                case SIGNUM: return "signum(" + a + ")";
                case COPY_SIGN: return "copySign(" + a + ", " + b + ")";
                case REMAINDER_CONSTANT: return "remainder(" + a + ", 1.5)";
                case REMAINDER: return "remainder(" + a + ", 1 + " + b + "^2)";
                case MAX: return "max(" + a + ", " + b + ")";
                case LOG10: return "log10(1 + " + a + "^2)";
                case COPY_SIGN_CONSTANT: return "copySign(" + a + ", -1.5)";
                default: throw new IllegalStateException(name());
            }
        }
    }

    /** What a gene applies to an operand first, to keep its op's argument in the op's domain. */
    enum Guard {
        /** a. */ NONE,
        /** 1 + a^2. */ ONE_PLUS_SQUARE,
        /** 2 + a^2. */ TWO_PLUS_SQUARE,
        /** a^2. */ SQUARE,
        /** -a^2. */ MINUS_SQUARE,
        /** sin(a). */ SIN,
        /** tanh(a). */ TANH,
        /** 0.5 tanh(a). */ HALF_TANH;

        <T extends RealFieldElement<T>> T of(T a) {
            switch (this) {
                case NONE: return a;
                case ONE_PLUS_SQUARE: return a.multiply(a).add(1);
                case TWO_PLUS_SQUARE: return a.multiply(a).add(2);
                case SQUARE: return a.multiply(a);
                case MINUS_SQUARE: return a.multiply(a).negate();
                case SIN: return a.sin();
                case TANH: return a.tanh();
                case HALF_TANH: return a.tanh().multiply(0.5);
                default: throw new IllegalStateException(name());
            }
        }
    }

    /**
     * One step: fn applied to nodes a and b (b ignored for a unary fn). Node k &lt; n is input xk,
     * node n + s is step s.
     *
     * @param fn the function
     * @param a the first operand's node index
     * @param b the second operand's node index
     */
    public record Step(Fn fn, int a, int b) {
        /**
         * @param fn the function
         * @param a the first operand's node
         * @param b the second operand's node
         */
        public Step {
            Objects.requireNonNull(fn, "Step: fn must not be null");
        }
    }

    private final int inputs;
    private final List<Step> steps;
    private final boolean[] live;
    private final double lower;
    private final double upper;

    private Program(int inputs, List<Step> steps, double lower, double upper) {
        this.inputs = inputs;
        this.steps = List.copyOf(steps);
        this.lower = lower;
        this.upper = upper;
        this.live = new boolean[inputs + steps.size()];
        live[live.length - 1] = true;
        for (int s = steps.size() - 1; s >= 0; s--) {
            if (live[inputs + s]) {
                Step st = steps.get(s);
                live[st.a()] = true;
                if (st.fn().arity() == 2) {
                    live[st.b()] = true;
                }
            }
        }
    }

    /**
     * Builds a program by hand, e.g. to keep a shrunk counterexample as a named regression test.
     *
     * @param inputs n &ge; 1
     * @param steps at least one; step s may refer to nodes 0 .. n + s - 1
     * @return the program, points drawn from [{@link #DEFAULT_LOWER}, {@link #DEFAULT_UPPER}]
     * @throws IllegalArgumentException for a bad node index
     */
    public static Program of(int inputs, List<Step> steps) {
        return of(inputs, steps, DEFAULT_LOWER, DEFAULT_UPPER);
    }

    /**
     * Builds a program with its own box for points.
     *
     * @param inputs n &ge; 1
     * @param steps at least one
     * @param lower the box's lower end for every input
     * @param upper the box's upper end, &gt; lower
     * @return the program
     */
    public static Program of(int inputs, List<Step> steps, double lower, double upper) {
        if (inputs < 1) {
            throw new IllegalArgumentException("Program.of: inputs must be at least 1, got " + inputs);
        }
        Objects.requireNonNull(steps, "Program.of: steps must not be null");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("Program.of: at least one step is needed");
        }
        if (!(lower < upper)) {
            throw new IllegalArgumentException("Program.of: need lower < upper, got " + lower + " and " + upper);
        }
        for (int s = 0; s < steps.size(); s++) {
            Step st = steps.get(s);
            int max = inputs + s;
            if (st.a() < 0 || st.a() >= max || (st.fn().arity() == 2 && (st.b() < 0 || st.b() >= max))) {
                throw new IllegalArgumentException("Program.of: step " + s + " refers to node " + st.a() + " or "
                        + st.b() + " but only nodes 0.." + (max - 1) + " exist before it");
            }
        }
        return new Program(inputs, steps, lower, upper);
    }

    /** @return the number of inputs n */
    public int inputs() {
        return inputs;
    }

    /** @return the steps, the last one the output */
    public List<Step> steps() {
        return steps;
    }

    /** @return the number of steps the output depends on */
    public int size() {
        int k = 0;
        for (int s = 0; s < steps.size(); s++) {
            k += live[inputs + s] ? 1 : 0;
        }
        return k;
    }

    /** @return true if the output depends on a piecewise function */
    public boolean isPiecewise() {
        for (int s = 0; s < steps.size(); s++) {
            if (live[inputs + s] && steps.get(s).fn().piecewise()) {
                return true;
            }
        }
        return false;
    }

    /** @return the lower end of the box points are drawn from */
    public double lower() {
        return lower;
    }

    /** @return the upper end of the box points are drawn from */
    public double upper() {
        return upper;
    }

    /**
     * Evaluates the program (only the steps the output depends on).
     *
     * @param x the n inputs (not modified)
     * @throws IllegalArgumentException if x does not have n entries
     */
    @Override
    public <T extends RealFieldElement<T>> T value(T[] x) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("Program.value: x has length " + x.length + " but the program has "
                    + inputs + " inputs");
        }
        T[] node = MathArrays.buildArray(x[0].getField(), inputs + steps.size());
        System.arraycopy(x, 0, node, 0, inputs);
        for (int s = 0; s < steps.size(); s++) {
            if (live[inputs + s]) {
                Step st = steps.get(s);
                node[inputs + s] = st.fn().apply(node[st.a()], st.fn().arity() == 2 ? node[st.b()] : node[st.a()]);
            }
        }
        return node[node.length - 1];
    }

    /**
     * @return the formula, nodes used more than once bound to names first:
     *     {@code t1 = sin(x0); f = (t1 * log(1 + t1^2))}
     */
    @Override
    public String toString() {
        int total = inputs + steps.size();
        int[] uses = new int[total];
        for (int s = 0; s < steps.size(); s++) {
            if (live[inputs + s]) {
                Step st = steps.get(s);
                uses[st.a()]++;
                if (st.fn().arity() == 2) {
                    uses[st.b()]++;
                }
            }
        }
        String[] text = new String[total];
        for (int i = 0; i < inputs; i++) {
            text[i] = "x" + i;
        }
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            int k = inputs + s;
            if (!live[k]) {
                continue;
            }
            Step st = steps.get(s);
            String e = st.fn().format(text[st.a()], st.fn().arity() == 2 ? text[st.b()] : "");
            if (k == total - 1) {
                lines.add("f = " + strip(e));
            } else if (uses[k] > 1) {
                String name = "t" + s;
                lines.add(name + " = " + strip(e));
                text[k] = name;
            } else {
                text[k] = e;
            }
        }
        return String.join("; ", lines);
    }

    private static String strip(String e) {
        if (e.startsWith("(") && e.endsWith(")")) {
            int depth = 0;
            for (int i = 0; i < e.length(); i++) {
                depth += e.charAt(i) == '(' ? 1 : e.charAt(i) == ')' ? -1 : 0;
                if (depth == 0 && i < e.length() - 1) {
                    return e;
                }
            }
            return e.substring(1, e.length() - 1);
        }
        return e;
    }
}
