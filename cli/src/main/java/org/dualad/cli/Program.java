package org.dualad.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.Dual;

/**
 * Expressions compiled to a straight-line program (a Wengert list): the inputs first, in the order
 * of the variables, then one instruction per distinct operation, each reading earlier slots.
 * Identical subexpressions share one slot (the graph is a DAG, as a tape would record it), and
 * subexpressions without variables are folded to constants.
 *
 * <p>The program evaluates generically over any {@link RealFieldElement}
 * ({@link #scalar()}, {@link #vector()}), so every mode, and Commons Math's own
 * {@code DerivativeStructure}, runs the very same sequence of operations. A constant operand uses
 * the {@code double} form of an operation where {@link RealFieldElement} has one (x + 2 is
 * {@code add(2.0)}, x^2 is {@code pow(2)}, x^0.5 is {@code pow(0.5)}), as a programmer would write
 * it by hand.
 *
 * <p>Immutable and thread-safe.
 */
final class Program {
    /** What an instruction does. */
    public enum Kind {
        /** Input variable number {@code a}. */ INPUT,
        /** The constant {@code c}. */ CONST,
        /** -s[a]. */ NEG,
        /** s[a] + s[b]. */ ADD,
        /** s[a] - s[b]. */ SUB,
        /** s[a] * s[b]. */ MUL,
        /** s[a] / s[b]. */ DIV,
        /** s[a] ^ s[b]. */ POW,
        /** s[a] + c. */ ADD_C,
        /** s[a] - c. */ SUB_C,
        /** c - s[a]. */ C_SUB,
        /** s[a] * c. */ MUL_C,
        /** s[a] / c. */ DIV_C,
        /** s[a] ^ c, c an integer. */ POW_INT,
        /** s[a] ^ c. */ POW_C,
        /** fn(s[a]) or fn(s[a], s[b]) or root(s[a], (int) c). */ CALL
    }

    /**
     * One instruction.
     *
     * @param kind what it does
     * @param fn the function for {@link Kind#CALL}, else null
     * @param a the first argument slot (the variable number for {@link Kind#INPUT}), or -1
     * @param b the second argument slot, or -1
     * @param c the constant, or 0
     * @param start the first column of the source it came from (-1 for an input)
     * @param end the column past that source
     */
    public record Instr(Kind kind, Fn fn, int a, int b, double c, int start, int end) {

        /** Runs the instruction over slots s and inputs x. */
        <T extends RealFieldElement<T>> T apply(T[] s, T[] x, T zero) {
            switch (kind) {
                case INPUT: return x[a];
                case CONST: return zero.add(c);
                case NEG: return s[a].negate();
                case ADD: return s[a].add(s[b]);
                case SUB: return s[a].subtract(s[b]);
                case MUL: return s[a].multiply(s[b]);
                case DIV: return s[a].divide(s[b]);
                case POW: return s[a].pow(s[b]);
                case ADD_C: return s[a].add(c);
                case SUB_C: return s[a].subtract(c);
                case C_SUB: return s[a].negate().add(c);
                case MUL_C: return s[a].multiply(c);
                case DIV_C: return s[a].divide(c);
                case POW_INT: return s[a].pow((int) c);
                case POW_C: return s[a].pow(c);
                case CALL: return fn.apply(s[a], b < 0 ? null : s[b], (int) c);
                default: throw new IllegalStateException(kind.toString());
            }
        }

        /** Key for sharing identical instructions (the source span is not part of identity). */
        private List<Object> key() {
            return List.of(kind, fn == null ? "" : fn, a, b, Double.doubleToLongBits(c));
        }
    }

    private final String source;
    private final List<String> variables;
    private final Instr[] code;
    private final int[] outputs;
    private final String[] names;

    private Program(String source, List<String> variables, Instr[] code, int[] outputs) {
        this.source = source;
        this.variables = List.copyOf(variables);
        this.code = code;
        this.outputs = outputs;
        this.names = new String[code.length];
        int n = variables.size();
        int op = 0;
        for (int i = 0; i < code.length; i++) {
            Instr in = code[i];
            if (in.kind == Kind.INPUT) {
                names[i] = "v" + (in.a - n + 1); // the textbook's v_{1-n} .. v_0 for the inputs
            } else if (in.kind == Kind.CONST) {
                names[i] = Numbers.format(in.c);
            } else {
                names[i] = "v" + (++op);
            }
        }
    }

    /**
     * Parses and compiles expressions separated by ';' over the given variables.
     *
     * @param source the expressions
     * @param variables the variable names, in input order; may include names the expressions do
     *     not use (their derivatives are 0)
     * @return the program
     * @throws InputException on a malformed expression, an unknown function or variable, or a
     *     {@code root} whose degree is not a constant integer
     */
    public static Program compile(String source, List<String> variables) {
        List<Node> trees = Parser.parseList(source);
        return compile(source, trees, variables);
    }

    /**
     * Compiles parsed expressions.
     *
     * @param source the source the trees were parsed from (for error messages)
     * @param trees the expressions
     * @param variables the variable names, in input order
     * @return the program
     */
    public static Program compile(String source, List<Node> trees, List<String> variables) {
        Builder b = new Builder(source, variables);
        int[] out = new int[trees.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.emit(trees.get(i));
        }
        return new Program(source, variables, b.code.toArray(new Instr[0]), out);
    }

    /** @return the source text */
    public String source() {
        return source;
    }

    /** @return the variable names, in input order */
    public List<String> variables() {
        return variables;
    }

    /** @return the number of outputs (expressions) */
    public int outputCount() {
        return outputs.length;
    }

    /** @return the slot of each output (a copy) */
    public int[] outputs() {
        return outputs.clone();
    }

    /** @return the number of slots */
    public int size() {
        return code.length;
    }

    /**
     * @param i a slot
     * @return its instruction
     */
    public Instr instr(int i) {
        return code[i];
    }

    /**
     * @param i a slot
     * @return its textbook name (v-1, v0 for two inputs, then v1, v2, ...; a constant's literal)
     */
    public String name(int i) {
        return names[i];
    }

    /**
     * @param i a slot
     * @return the source text that slot computes (the first occurrence, when shared)
     */
    public String text(int i) {
        Instr in = code[i];
        if (in.kind == Kind.INPUT) {
            return variables.get(in.a);
        }
        if (in.start < 0) {
            return names[i];
        }
        return source.substring(in.start, in.end).trim();
    }

    /**
     * @param i a slot
     * @return its definition in terms of earlier slots: "v1 + v2", "exp(v3)", "v4 / 2"
     */
    public String definition(int i) {
        Instr in = code[i];
        String a = in.a >= 0 && in.kind != Kind.INPUT ? names[in.a] : "";
        String b = in.b >= 0 ? names[in.b] : "";
        String c = Numbers.format(in.c);
        switch (in.kind) {
            case INPUT: return variables.get(in.a);
            case CONST: return c;
            case NEG: return "-" + a;
            case ADD: return a + " + " + b;
            case SUB: return a + " - " + b;
            case MUL: return a + " * " + b;
            case DIV: return a + " / " + b;
            case POW: return a + " ^ " + b;
            case ADD_C: return a + " + " + c;
            case SUB_C: return a + " - " + c;
            case C_SUB: return c + " - " + a;
            case MUL_C: return a + " * " + c;
            case DIV_C: return a + " / " + c;
            case POW_INT: case POW_C: return a + " ^ " + c;
            case CALL:
                if (in.fn.takesIntegerConstant()) {
                    return in.fn.fnName() + "(" + a + ", " + c + ")";
                }
                return in.fn.fnName() + "(" + a + (in.b >= 0 ? ", " + b : "") + ")";
            default: throw new IllegalStateException(in.kind.toString());
        }
    }

    /**
     * @param i a slot
     * @return a short operation label for graphs: "+", "exp", "^2"
     */
    public String opLabel(int i) {
        Instr in = code[i];
        switch (in.kind) {
            case INPUT: return variables.get(in.a);
            case CONST: return names[i];
            case NEG: return "neg";
            case ADD: case ADD_C: return "+";
            case SUB: case SUB_C: case C_SUB: return "-";
            case MUL: case MUL_C: return "*";
            case DIV: case DIV_C: return "/";
            case POW: return "^";
            case POW_INT: case POW_C: return "^" + Numbers.format(in.c);
            case CALL: return in.fn.fnName();
            default: throw new IllegalStateException(in.kind.toString());
        }
    }

    /**
     * @param i a slot
     * @return the distinct non-constant slots it reads (empty for inputs and constants)
     */
    public int[] args(int i) {
        Instr in = code[i];
        if (in.kind == Kind.INPUT || in.kind == Kind.CONST) {
            return new int[0];
        }
        boolean aVar = in.a >= 0 && code[in.a].kind != Kind.CONST;
        boolean bVar = in.b >= 0 && in.b != in.a && code[in.b].kind != Kind.CONST;
        if (aVar && bVar) {
            return new int[] {in.a, in.b};
        }
        if (aVar) {
            return new int[] {in.a};
        }
        return bVar ? new int[] {in.b} : new int[0];
    }

    /**
     * Evaluates every slot.
     *
     * @param x the inputs, one per variable (not modified)
     * @param <T> any real field type
     * @return the value of every slot, in program order
     * @throws IllegalArgumentException if x has the wrong length
     */
    public <T extends RealFieldElement<T>> T[] run(T[] x) {
        if (x.length != variables.size() || x.length == 0) {
            throw new IllegalArgumentException("Program.run: x has length " + x.length + " but the program has "
                    + variables.size() + " variables" + (variables.isEmpty() ? " (it needs at least one)" : ""));
        }
        Field<T> field = x[0].getField();
        T zero = field.getZero();
        T[] s = MathArrays.buildArray(field, code.length);
        for (int i = 0; i < code.length; i++) {
            s[i] = code[i].apply(s, x, zero);
        }
        return s;
    }

    /**
     * The local partial derivatives of slot i with respect to its {@link #args(int)}, at the given
     * slot values, from one {@link Dual} evaluation of the instruction per argument (so they follow
     * DualAD's rule table, kinks included).
     *
     * @param i a slot
     * @param values the value of every slot (from {@link #run})
     * @return d s[i] / d s[args[k]], one per argument
     */
    public double[] partials(int i, double[] values) {
        int[] args = args(i);
        double[] p = new double[args.length];
        Dual[] s = new Dual[code.length];
        Dual zero = Dual.constant(0);
        for (int k = 0; k < args.length; k++) {
            Instr in = code[i];
            for (int j : new int[] {in.a, in.b}) {
                if (j >= 0) {
                    s[j] = Dual.constant(values[j]);
                }
            }
            s[args[k]] = Dual.variable(values[args[k]]);
            p[k] = in.apply(s, s, zero).tangent();
        }
        return p;
    }

    /** @return the first expression as a {@link ScalarFunction} */
    public ScalarFunction scalar() {
        final int out = outputs[0];
        return new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return run(x)[out];
            }
        };
    }

    /** @return all expressions as a {@link VectorFunction} */
    public VectorFunction vector() {
        return new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] x) {
                T[] s = run(x);
                T[] y = MathArrays.buildArray(x[0].getField(), outputs.length);
                for (int i = 0; i < outputs.length; i++) {
                    y[i] = s[outputs[i]];
                }
                return y;
            }
        };
    }

    @Override
    public String toString() {
        return "Program[" + source + " over " + variables + ", " + code.length + " slots, outputs "
                + Arrays.toString(outputs) + "]";
    }

    /** Emits instructions for syntax trees, sharing identical ones and folding constants. */
    private static final class Builder {
        private final String source;
        private final List<String> variables;
        private final List<Instr> code = new ArrayList<>();
        private final Map<List<Object>, Integer> seen = new HashMap<>();

        Builder(String source, List<String> variables) {
            this.source = source;
            this.variables = variables;
            for (int i = 0; i < variables.size(); i++) {
                add(new Instr(Kind.INPUT, null, i, -1, 0, -1, -1));
            }
        }

        int emit(Node node) {
            if (node instanceof Node.Num) {
                Node.Num n = (Node.Num) node;
                return constant(n.value(), n.start(), n.end());
            }
            if (node instanceof Node.Var) {
                Node.Var v = (Node.Var) node;
                int i = variables.indexOf(v.name());
                if (i < 0) {
                    throw new InputException("unknown variable '" + v.name() + "'"
                            + Suggest.didYouMean(v.name(), variables) + ": give it a value with --at "
                            + v.name() + "=..." + (variables.isEmpty() ? "" : " (--at defines "
                            + String.join(", ", variables) + ")"), source, v.start());
                }
                return i;
            }
            if (node instanceof Node.Neg) {
                Node.Neg n = (Node.Neg) node;
                return op(Kind.NEG, null, emit(n.arg()), -1, 0, node);
            }
            if (node instanceof Node.Binary) {
                Node.Binary n = (Node.Binary) node;
                return binary(n.op(), emit(n.left()), emit(n.right()), node);
            }
            Node.Call n = (Node.Call) node;
            int a = emit(n.args().get(0));
            if (n.fn() == Fn.POW) {
                return binary('^', a, emit(n.args().get(1)), node);
            }
            if (n.fn().takesIntegerConstant()) {
                Node deg = n.args().get(1);
                int d = emit(deg);
                double c = isConst(d) ? code.get(d).c : Double.NaN;
                if (!isConst(d) || c != Math.rint(c) || c < 1 || c > Integer.MAX_VALUE) {
                    throw new InputException(n.fn().fnName() + "(x, n): n must be a constant positive integer",
                            source, deg.start());
                }
                return op(Kind.CALL, n.fn(), a, -1, c, node);
            }
            int b = n.fn().arity() == 2 ? emit(n.args().get(1)) : -1;
            return op(Kind.CALL, n.fn(), a, b, 0, node);
        }

        private int binary(char o, int l, int r, Node node) {
            if (isConst(r) && !isConst(l)) {
                double c = code.get(r).c;
                switch (o) {
                    case '+': return op(Kind.ADD_C, null, l, -1, c, node);
                    case '-': return op(Kind.SUB_C, null, l, -1, c, node);
                    case '*': return op(Kind.MUL_C, null, l, -1, c, node);
                    case '/': return op(Kind.DIV_C, null, l, -1, c, node);
                    default:
                        boolean integer = c == Math.rint(c) && Math.abs(c) <= Integer.MAX_VALUE;
                        return op(integer ? Kind.POW_INT : Kind.POW_C, null, l, -1, c, node);
                }
            }
            if (isConst(l) && !isConst(r)) {
                double c = code.get(l).c;
                switch (o) {
                    case '+': return op(Kind.ADD_C, null, r, -1, c, node); // c + x == x + c exactly
                    case '*': return op(Kind.MUL_C, null, r, -1, c, node);
                    case '-': return op(Kind.C_SUB, null, r, -1, c, node);
                    default: break; // c / x and c ^ x keep the constant as a slot
                }
            }
            Kind k = o == '+' ? Kind.ADD : o == '-' ? Kind.SUB : o == '*' ? Kind.MUL : o == '/' ? Kind.DIV : Kind.POW;
            return op(k, null, l, r, 0, node);
        }

        private boolean isConst(int slot) {
            return code.get(slot).kind == Kind.CONST;
        }

        private int constant(double c, int start, int end) {
            return add(new Instr(Kind.CONST, null, -1, -1, c, start, end));
        }

        private int op(Kind kind, Fn fn, int a, int b, double c, Node node) {
            Instr in = new Instr(kind, fn, a, b, c, node.start(), node.end());
            if ((a < 0 || isConst(a)) && (b < 0 || isConst(b))) {
                // no variable below: fold to a constant with the same rule the modes use
                Dual[] s = new Dual[code.size()];
                for (int j : new int[] {a, b}) {
                    if (j >= 0) {
                        s[j] = Dual.constant(code.get(j).c);
                    }
                }
                return constant(in.apply(s, s, Dual.constant(0)).value(), node.start(), node.end());
            }
            return add(in);
        }

        private int add(Instr in) {
            Integer known = seen.get(in.key());
            if (known != null) {
                return known;
            }
            code.add(in);
            seen.put(in.key(), code.size() - 1);
            return code.size() - 1;
        }
    }
}
