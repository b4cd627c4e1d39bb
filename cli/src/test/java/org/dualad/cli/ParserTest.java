package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.dual.Dual;
import org.dualad.dual.Forward;
import org.dualad.verification.Oracles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static double eval(String expr, double... x) {
        List<String> vars = x.length == 1 ? List.of("x") : List.of("x", "y");
        Program p = Program.compile(expr, vars);
        Dual[] in = new Dual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Dual.constant(x[i]);
        }
        return p.scalar().value(in).value();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1+2*3|7", "(1+2)*3|9", "2^3^2|512", "(2^3)^2|64", "-2^2|-4", "(-2)^2|4", "2^-1|0.5",
        "-x^2|-9", "2*-x|-6", "--x|3", "+x|3", "8/4/2|1", "8-4-2|2", "1e-3*1000|1", ".5*4|2", "2.*x|6",
        "2**3|8", "x**2|9", "1E2|100", "pi|3.141592653589793", "e|2.718281828459045", "2^x^0|2",
        "-x^2+x|-6", "atan2(1, 1)*4|3.141592653589793", "hypot(3, 4)|5", "max(x, 2)|3", "min(x, 2)|2",
        "root(27, 3)|3", "log10(1000)|3", "abs(-x)|3", "floor(2.5)+ceil(2.5)|5", "sign(-x)|-1",
        "pow(x, 2)|9", "sqrt(x^2+16)|5", "exp(0)+log(1)|1", "ln(e)|1", "copysign(x, -1)|-3",
        "remainder(x, 2)|-1", "cbrt(-27)|-3", "x - 1 - 1|1", "x / 3 * 3|3"})
    void precedenceAndAssociativity(String expr, double expected) {
        assertEquals(expected, eval(expr, 3), 1e-15 * Math.max(1, Math.abs(expected)), expr);
    }

    @Test
    void treeShapes() {
        assertEquals("(-(x^2.0))", Parser.parse("-x^2").toString());
        assertEquals("(x^(y^2.0))", Parser.parse("x^y^2").toString());
        assertEquals("((x-y)-1.0)", Parser.parse("x-y-1").toString());
        assertEquals("(x+(y*2.0))", Parser.parse("x+y*2").toString());
        assertEquals("(2.0^(-x))", Parser.parse("2^-x").toString());
        assertEquals("atan2(x, (y+1.0))", Parser.parse("atan2(x, y+1)").toString());
        assertEquals(2, Parser.parseList("x; y*2").size());
    }

    @Test
    void constantExponentsUsePowIntAndPowDouble() {
        Program p = Program.compile("x^2 + x^0.5 + x^-1 + x^(1/2) + x^y + 2^x", List.of("x", "y"));
        List<Program.Kind> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            kinds.add(p.instr(i).kind());
        }
        assertEquals(2, kinds.stream().filter(k -> k == Program.Kind.POW_INT).count(), kinds.toString());
        assertEquals(1, kinds.stream().filter(k -> k == Program.Kind.POW_C).count(), kinds.toString()); // x^0.5 shared
        assertEquals(2, kinds.stream().filter(k -> k == Program.Kind.POW).count(), kinds.toString());
    }

    @Test
    void sharedSubexpressionsAreOneSlot() {
        Program p = Program.compile("sin(x)*sin(x) + sin(x)", List.of("x"));
        // x, sin(x), sin(x)*sin(x), + : four slots
        assertEquals(4, p.size());
    }

    /** Every function, evaluated on DerivativeStructure, matches DualAD's forward gradient. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sin(x)*cos(y)", "tan(x/3)", "asin(x/2)", "acos(x/2)", "atan(x*y)", "atan2(x, y)", "sinh(x)-cosh(y)",
        "tanh(x*y)", "asinh(x)", "acosh(x+y)", "atanh(x/2)", "exp(x)*expm1(y)", "log(x)+ln(y)",
        "log1p(x*y)", "log10(x*y)", "sqrt(x*y)", "cbrt(x-y)", "root(x+y, 3)", "abs(x-y)", "hypot(x, y)",
        "pow(x, y)", "x^y", "y^x", "2^x", "x^2.5", "x^-2", "1/x", "3-x", "min(x, y)*max(x, y)",
        "floor(x)*ceil(y)+rint(x*y)*x", "signum(x-y)*x", "copysign(x, y)", "remainder(x*7, y)", "x*exp(-(x^2+y^2)/2)"})
    void everyFunctionAgreesWithDerivativeStructure(String expr) {
        double[] at = {0.7, 1.3};
        Program p = Program.compile(expr, List.of("x", "y"));
        double dsValue = Oracles.derivativeStructureValue(p.scalar(), at);
        double[] dsGradient = Oracles.derivativeStructureGradient(p.scalar(), at);
        double[][] dsHessian = Modes.rows(Oracles.derivativeStructureHessian(p.scalar(), at));
        double[] g = Forward.gradient(p.scalar(), at);
        assertEquals(dsValue, eval(expr, at), 1e-14 * Math.abs(dsValue) + 1e-300, expr);
        for (int i = 0; i < 2; i++) {
            assertEquals(dsGradient[i], g[i], 1e-13 * Math.max(1, Math.abs(dsGradient[i])), expr + " d/dx" + i);
        }
        double[][] h = Modes.rows(Forward.hessian(p.scalar(), at));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(dsHessian[i][j], h[i][j], 1e-12 * Math.max(1, Math.abs(dsHessian[i][j])), expr + " H" + i + j);
            }
        }
    }

    @Test
    void minMaxTieTakesTheFirstArgument() {
        Program p = Program.compile("max(x, y)", List.of("x", "y"));
        assertEquals(1.0, Forward.gradient(p.scalar(), 2, 2)[0]);
        assertEquals(0.0, Forward.gradient(p.scalar(), 2, 2)[1]);
        Program q = Program.compile("min(y, x)", List.of("x", "y"));
        assertEquals(1.0, Forward.gradient(q.scalar(), 2, 2)[1]);
        assertTrue(Double.isNaN(eval("max(x, 0/0)", 1)));
        assertTrue(Double.isNaN(eval("min(0/0, x)", 1)));
    }

    @Test
    void log10WorksOnAnyField() {
        Program p = Program.compile("log10(x)", List.of("x"));
        DerivativeStructure y = p.scalar().value(new DerivativeStructure[] {new DerivativeStructure(1, 1, 0, 100)});
        assertEquals(2, y.getValue(), 1e-15);
        assertEquals(1 / (100 * Math.log(10)), y.getPartialDerivative(1), 1e-17);
    }

    private static InputException error(String expr, List<String> vars) {
        return assertThrows(InputException.class, () -> Program.compile(expr, vars), expr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x*(y+|5|ends too early", "x+*y|2|expected a number", "sinn(x)|0|did you mean sin, sinh",
        "atan2(x)|0|takes 2 arguments, got 1", "sin(x, y)|0|takes 1 argument, got 2", "x*z|2|unknown variable 'z'",
        "(x+y|4|missing ')'", "x)|1|unmatched ')'", "2x|1|write 2*x", "x $ y|2|found '$'",
        "1e+|1|exponent", "sin x|3|needs its arguments in parentheses", "root(x, y)|8|constant positive integer",
        "root(x, 2.5)|8|constant positive integer", "|0|empty expression", "x;;y|2|empty expression",
        "x y|2|expected an operator", "f(x)|0|unknown function 'f'", ".|0|at least one digit",
        "x+\uFF11|2|not an ASCII digit", "\u03C0*x|0|write pi", "x\u03B1|1|not an ASCII letter",
        "1\u0661|1|not an ASCII digit", "sin(x)\u00A0|6|U+00A0"})
    void errorsCarryTheColumn(String expr, int column, String message) {
        InputException e = error(expr == null ? "" : expr, List.of("x", "y"));
        assertEquals(column, e.column(), e.display());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        String[] lines = e.display().split("\n");
        assertEquals("  " + (expr == null ? "" : expr), lines[1]);
        assertEquals(" ".repeat(column + 2) + "^", lines[2]);
    }

    @Test
    void pointsAndDirections() {
        Points.Point p = Points.parseAt("x=2, y=-0.5,z=pi/4,w=atan2(1,1)");
        assertEquals(List.of("x", "y", "z", "w"), p.names());
        assertEquals(Math.PI / 4, p.values()[2]);
        assertEquals(Math.PI / 4, p.values()[3]);
        assertEquals(2, assertThrows(InputException.class, () -> Points.parseAt("x=abc")).column());
        assertEquals(4, assertThrows(InputException.class, () -> Points.parseAt("x=1,x=2")).column());
        assertEquals(0, assertThrows(InputException.class, () -> Points.parseAt("sin=1")).column());
        assertEquals(4, assertThrows(InputException.class, () -> Points.parseAt("x=1,y")).column());
        assertEquals(4, assertThrows(InputException.class, () -> Points.parseDir("1,0,3", List.of("x", "y"))).column());
        assertEquals(1, assertThrows(InputException.class, () -> Points.parseDir("1", List.of("x", "y"))).column());
        assertEquals(0, assertThrows(InputException.class, () -> Points.parseAt("\u03C0=1")).column());
        assertEquals(1, assertThrows(InputException.class, () -> Points.parseAt("x\u03C0=1")).column());
        assertEquals(2, assertThrows(InputException.class, () -> Points.parseAt("x=\uFF11")).column());
        assertEquals(2, assertThrows(InputException.class, () -> Points.parseDir("1,\uFF11", List.of("x", "y"))).column());
    }

    @Test
    void numbersPrintShortest() {
        assertEquals("64", Numbers.format(64.0));
        assertEquals("-0", Numbers.format(-0.0));
        assertEquals("0.5", Numbers.format(0.5));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("1.0E20", Numbers.format(1e20));
        assertEquals("1e-12", Checker.sci(1e-12));
        assertEquals("3.1e-14", Checker.sci(3.13e-14));
    }
}
