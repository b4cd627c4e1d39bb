package org.dualad.crossmode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.hybrid.ForwardLaplacian;
import org.dualad.hybrid.Hybrid;
import org.dualad.hybrid.ValueGradientHessian;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;
import org.dualad.sparse.SparseHessian;
import org.dualad.sparse.SparsityPattern;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/**
 * Kink compositions for the zero-policy suites: unary functions at the edge where their derivative
 * is infinite or NaN, wrapped in templates that put an exact zero (or an infinity) next to that
 * edge, and the derivatives of the result in every mode.
 *
 * <p>A composition is a function of two inputs (x, y) built from an edge function f at its edge
 * e: the innermost argument u is x, and every template keeps its inner argument at e when
 * x = e and y = 0, so nested templates still meet f's edge. Each has the same text in the
 * command's expression language.
 */
final class Kinks {
    private Kinks() {
    }

    /** A generic unary expression h(u) that may also read the inputs x (the template's y). */
    interface Expr {
        <T extends RealFieldElement<T>> T apply(T u, T[] x);
    }

    /** An expression with its command-line text, given the text of its argument. */
    record Term(Expr expr, java.util.function.UnaryOperator<String> text) {
    }

    /** A unary function with an infinite or NaN derivative at its edge e. */
    record Edge(String name, double e, Term term) {
        @Override
        public String toString() {
            return name + " at " + e;
        }
    }

    /** A wrapper of an inner term h around the same edge e. */
    interface Template {
        String name();

        Term wrap(Term h, Edge edge);
    }

    private static Edge unary(String name, double e, String fmt, Expr expr) {
        return new Edge(name, e, new Term(expr, u -> String.format(fmt, u)));
    }

    /** Every edge function at every edge point where a derivative of it is infinite or NaN. */
    static List<Edge> edges() {
        List<Edge> l = new ArrayList<>();
        Expr sqrt = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.sqrt();
            }
        };
        Expr cbrt = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.cbrt();
            }
        };
        Expr root3 = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.rootN(3);
            }
        };
        Expr root4 = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.rootN(4);
            }
        };
        Expr half = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.pow(0.5);
            }
        };
        Expr third = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.pow(1.0 / 3);
            }
        };
        Expr threeHalves = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.pow(1.5);
            }
        };
        Expr log = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.log();
            }
        };
        Expr asin = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.asin();
            }
        };
        Expr acos = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.acos();
            }
        };
        Expr acosh = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.acosh();
            }
        };
        Expr atanh = new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return u.atanh();
            }
        };
        l.add(unary("sqrt", 0, "sqrt(%s)", sqrt));
        l.add(unary("cbrt", 0, "cbrt(%s)", cbrt));
        l.add(unary("root3", 0, "root(%s, 3)", root3));
        l.add(unary("root4", 0, "root(%s, 4)", root4));
        l.add(unary("pow0.5", 0, "(%s)^0.5", half));
        l.add(unary("pow1/3", 0, "(%s)^(1/3)", third));
        l.add(unary("pow1.5", 0, "(%s)^1.5", threeHalves));
        l.add(unary("log", 0, "log(%s)", log));
        for (double e : new double[] {1, -1}) {
            l.add(unary("asin", e, "asin(%s)", asin));
            l.add(unary("acos", e, "acos(%s)", acos));
            l.add(unary("atanh", e, "atanh(%s)", atanh));
        }
        l.add(unary("acosh", 1, "acosh(%s)", acosh));
        return l;
    }

    private static String num(double v) {
        return v == (long) v ? "(" + (long) v + ")" : "(" + v + ")";
    }

    private static Template template(String name, java.util.function.BiFunction<Term, Edge, Term> wrap) {
        return new Template() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Term wrap(Term h, Edge edge) {
                return wrap.apply(h, edge);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** 0 h(u) + u: a zero multiple of the kink. */
    static final Template ZERO = template("0*h(u)+u", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            return h.expr().apply(u, x).multiply(0).add(u);
        }
    }, u -> "(0*" + h.text().apply(u) + "+" + u + ")"));

    /** u h(u): a product with the argument (a zero factor when e = 0). */
    static final Template TIMES_U = template("u*h(u)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            return u.multiply(h.expr().apply(u, x));
        }
    }, u -> "(" + u + ")*" + h.text().apply(u)));

    /** (u - e) h(u): a product with a variable that is exactly 0 at the edge. */
    static final Template TIMES_SHIFT = template("(u-e)*h(u)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            return u.subtract(edge.e()).multiply(h.expr().apply(u, x));
        }
    }, u -> "((" + u + ")-" + num(edge.e()) + ")*" + h.text().apply(u)));

    /** 3 h(u): a constant factor. */
    static final Template CONSTANT = template("3*h(u)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            return h.expr().apply(u, x).multiply(3);
        }
    }, u -> "3*" + h.text().apply(u)));

    /** h(u) - h(u), h evaluated twice: a subtraction of itself. */
    static final Template SELF = template("h(u)-h(u)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            return h.expr().apply(u, x).subtract(h.expr().apply(u, x));
        }
    }, u -> "(" + h.text().apply(u) + "-" + h.text().apply(u) + ")"));

    /** h(u u) (e = 0) or h((u - e)(u - e) + e): a square inside, its derivative 0 at the edge. */
    static final Template SQUARE = template("h(u*u)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            T s = edge.e() == 0 ? u : u.subtract(edge.e());
            T w = s.multiply(s);
            return h.expr().apply(edge.e() == 0 ? w : w.add(edge.e()), x);
        }
    }, u -> {
        String s = edge.e() == 0 ? "(" + u + ")" : "((" + u + ")-" + num(edge.e()) + ")";
        return h.text().apply(edge.e() == 0 ? s + "*" + s : s + "*" + s + "+" + num(edge.e()));
    }));

    /** h(u^2 + y^2) (e = 0) or h((u - e)^2 + y^2 + e): a sum of squares inside, at (e, 0). */
    static final Template SQUARES = template("h(u^2+y^2)", (h, edge) -> new Term(new Expr() {
        public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
            T s = edge.e() == 0 ? u : u.subtract(edge.e());
            T w = s.pow(2).add(x[1].pow(2));
            return h.expr().apply(edge.e() == 0 ? w : w.add(edge.e()), x);
        }
    }, u -> {
        String s = edge.e() == 0 ? "(" + u + ")" : "((" + u + ")-" + num(edge.e()) + ")";
        return h.text().apply(s + "^2+y^2" + (edge.e() == 0 ? "" : "+" + num(edge.e())));
    }));

    /** h(f(u) + (e - f(e))): the edge function nested in itself, both at their edge. */
    static final Template NESTED = template("h(f(u)+c)", (h, edge) -> {
        double c = edge.e() - edgeValue(edge);
        return new Term(new Expr() {
            public <T extends RealFieldElement<T>> T apply(T u, T[] x) {
                return h.expr().apply(edge.term().expr().apply(u, x).add(c), x);
            }
        }, u -> h.text().apply(edge.term().text().apply(u) + "+" + num(c)));
    });

    /** Every template. */
    static final List<Template> TEMPLATES =
            List.of(ZERO, TIMES_U, TIMES_SHIFT, CONSTANT, SELF, SQUARE, SQUARES, NESTED);

    private static double edgeValue(Edge edge) {
        return edge.term().expr().apply(org.dualad.dual.Dual.constant(edge.e()),
                new org.dualad.dual.Dual[] {org.dualad.dual.Dual.constant(edge.e()),
                    org.dualad.dual.Dual.constant(0)}).value();
    }

    /** A composition: templates applied outermost first around the edge function. */
    record Composition(Edge edge, List<Template> templates) {
        Term term() {
            Term t = edge.term();
            for (int k = templates.size() - 1; k >= 0; k--) {
                t = templates.get(k).wrap(t, edge);
            }
            return t;
        }

        /** The function of (x, y) and of any further inputs it ignores. */
        ScalarFunction function() {
            Term t = term();
            return new ScalarFunction() {
                @Override
                public <T extends RealFieldElement<T>> T value(T[] x) {
                    return t.expr().apply(x[0], x);
                }
            };
        }

        /** Its text in the command's expression language, over x and y. */
        String text() {
            return term().text().apply("x");
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Template t : templates) {
                sb.append(t.name()).append(" o ");
            }
            return sb.append(edge).toString();
        }
    }

    /** Each edge with no template, each single template and each pair (nested two deep). */
    static List<Composition> enumerate() {
        List<Composition> l = new ArrayList<>();
        for (Edge edge : edges()) {
            l.add(new Composition(edge, List.of()));
            for (Template a : TEMPLATES) {
                l.add(new Composition(edge, List.of(a)));
                for (Template b : TEMPLATES) {
                    l.add(new Composition(edge, List.of(a, b)));
                }
            }
        }
        return l;
    }

    // ------------------------------------------------------------------ every mode

    /** The inputs padded with zeros to n (the function ignores the extra ones). */
    static double[] pad(double[] x, int n) {
        return Arrays.copyOf(x, n);
    }

    /** A named gradient of the two real inputs. */
    record Result(String mode, double[] value) {
    }

    /**
     * The gradient (x and y entries) in every first-order mode. The op tape and its replays come
     * separately ({@link #opTapeGradients}): they keep one edge per operand (see the class comment
     * of {@code ZeroPolicyTest}).
     */
    static List<Result> gradients(ScalarFunction f, double[] x) {
        List<Result> r = new ArrayList<>();
        r.add(new Result("Forward.gradient", Forward.gradient(f, x)));
        r.add(new Result("Forward.gradient chunk 1", Forward.gradient(f, x, 1)));
        r.add(new Result("Forward.gradient n=13", first2(Forward.gradient(f, pad(x, 13)))));
        double[] dual = new double[2];
        double[] along = new double[2];
        for (int i = 0; i < 2; i++) {
            double[] e = new double[2];
            e[i] = 1;
            dual[i] = DualNumbers.directionalDerivative(f, x, e);
            along[i] = Forward.directionalDerivative(f, x, e);
        }
        r.add(new Result("Dual directional", dual));
        r.add(new Result("Trace directional (Forward.directionalDerivative)", along));
        r.add(new Result("DualNumbers.gradient", DualNumbers.gradient(f, x)));
        r.add(new Result("DualNumbers.gradient chunk 1", DualNumbers.gradient(f, x, 1)));
        r.add(new Result("DualNumbers.gradient n=13", first2(DualNumbers.gradient(f, pad(x, 13)))));
        UnaryFunction ux = new UnaryFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T t) {
                T[] in = org.apache.commons.math3.util.MathArrays.buildArray(t.getField(), 2);
                in[0] = t;
                in[1] = t.getField().getZero().add(x[1]);
                return f.value(in);
            }
        };
        r.add(new Result("Forward.derivative (d/dx)", new double[] {Forward.derivative(ux, x[0]), dual[1]}));
        r.add(new Result("Reverse.gradient", Reverse.gradient(f, x)));
        VectorFunction one = new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] in) {
                T[] out = org.apache.commons.math3.util.MathArrays.buildArray(in[0].getField(), 1);
                out[0] = f.value(in);
                return out;
            }
        };
        r.add(new Result("Reverse.jacobian", Reverse.jacobian(one, x).data));
        r.add(new Result("Hybrid.gradient", Hybrid.gradient(f, x)));
        ValueGradientHessian vgh = Hybrid.valueGradientHessian(f, x);
        r.add(new Result("Hybrid.valueGradientHessian", vgh.gradient()));
        r.add(new Result("ForwardLaplacian", laplacianNumbers(f, x).gradient()));
        return r;
    }

    private static double[] first2(double[] g) {
        return Arrays.copyOf(g, 2);
    }

    /** f on forward-Laplacian numbers: value, gradient and Laplacian. */
    static ForwardLaplacian laplacianNumbers(ScalarFunction f, double[] x) {
        ForwardLaplacian[] in = new ForwardLaplacian[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = ForwardLaplacian.variable(x[i], i, x.length);
        }
        return f.value(in);
    }

    /**
     * The gradient by the op tape ({@code tape.backward}) and by a recording replayed three times
     * at the point (twice on its tape, then the compiled replay program).
     */
    static List<Result> opTapeGradients(ScalarFunction f, double[] x) {
        List<Result> r = new ArrayList<>();
        Tape tape = new Tape();
        Var[] v = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = tape.variable(x[i]);
        }
        Var y = f.value(v);
        tape.backward(y);
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = tape.adjoint(v[i]);
        }
        r.add(new Result("Tape.backward", g));
        Recording rec = Reverse.record(f, x);
        for (int k = 1; k <= 3; k++) {
            r.add(new Result("Recording replay " + k, rec.gradient(x)));
        }
        return r;
    }

    /** The 2 x 2 Hessian (row-major) in every second-order mode. */
    static List<Result> hessians(ScalarFunction f, double[] x) {
        List<Result> r = new ArrayList<>();
        r.add(new Result("Forward.hessian", Forward.hessian(f, x).data));
        r.add(new Result("DualNumbers.hessian n=2 (lanes)", DualNumbers.hessian(f, x).data));
        DMatrixRMaj big = DualNumbers.hessian(f, pad(x, 13));
        r.add(new Result("DualNumbers.hessian n=13 (rows)",
                new double[] {big.get(0, 0), big.get(0, 1), big.get(1, 0), big.get(1, 1)}));
        r.add(new Result("Hybrid.hessian", Hybrid.hessian(f, x).data));
        r.add(new Result("Hybrid.hessian K=1", Hybrid.hessian(f, x, 1).data));
        r.add(new Result("Hybrid.valueGradientHessian", Hybrid.valueGradientHessian(f, x).hessian().data));
        double[] c0 = Hybrid.hvp(f, x, new double[] {1, 0});
        double[] c1 = Hybrid.hvp(f, x, new double[] {0, 1});
        // hessian symmetrizes by the mean of each pair; hvp gives the columns as they are
        r.add(new Result("Hybrid.hvp columns", new double[] {c0[0], 0.5 * (c0[1] + c1[0]), 0.5 * (c0[1] + c1[0]),
            c1[1]}));
        // both columns' products in one batched sweep (HTape.hvpBatch); a dense pattern, since a
        // detected one leaves out what is structurally zero (remainder's second derivative at an
        // infinite x, NaN in the dense modes)
        DMatrixSparseCSC s = SparseHessian.of(f, SparsityPattern.of(new boolean[][] {{true, true}, {true, true}})).at(x);
        r.add(new Result("SparseHessian.at", new double[] {s.get(0, 0), s.get(0, 1), s.get(1, 0), s.get(1, 1)}));
        return r;
    }

    /** Whether two derivatives are the same double: bitwise, except that +0 equals -0. */
    static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /** Relative tolerance for rounding: products and sums taken in another order. */
    static final double ROUNDING = 1e-12;

    /** Whether two vectors are the same entry by entry (see {@link #same(double, double)}). */
    static boolean same(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The first result that differs from the first one, or null if all agree. */
    static String disagreement(List<Result> results) {
        Result ref = results.get(0);
        for (Result r : results) {
            if (!same(ref.value(), r.value())) {
                return r.mode() + " " + Arrays.toString(r.value()) + " but " + ref.mode() + " "
                        + Arrays.toString(ref.value());
            }
        }
        return null;
    }
}
