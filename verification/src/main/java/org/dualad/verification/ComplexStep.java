package org.dualad.verification;

import java.util.function.UnaryOperator;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.util.FastMath;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Rule;
import org.dualad.dual.SimpleField;

/**
 * A number for the complex-step derivative: x + i h with h = {@link #STEP} = 2^-664 &asymp; 1.3e-200, so that for a
 * real-analytic f, f(x + i h) = f(x) + i h f'(x) exactly in double precision (h^2 underflows to 0),
 * and f'(x) = Im f(x + i h) / h with no subtraction and no step-size trade-off
 * (Squire and Trapp 1998; Martins, Sturdza and Alonso 2003).
 *
 * <pre>{@code
 * ComplexStep x = ComplexStep.variable(2);      // 2 + h i, h = 2^-664
 * x.multiply(x).multiply(x).derivative();       // 12.0 = d/dx x^3 at 2
 * }</pre>
 *
 * <h2>How each function is evaluated</h2>
 * The complex arithmetic is Commons Math's {@link Complex}: add, subtract, multiply, divide,
 * reciprocal, exp, log, sin, cos, sinh, cosh, sqrt and pow come straight from it. Where
 * {@code Complex} lacks a function, or where its formula rounds the tiny imaginary part away, the
 * function is composed from {@code Complex} operations that keep it exact:
 * <ul>
 *   <li>{@code tan = sin / cos}: {@code Complex.tan} divides by cos(2x) + 1, which cancels near
 *       &pi;/2.</li>
 *   <li>{@code tanh = s (1 - 2 u / (1 + u))}, u = exp(-2 s z), s = sign of Re z: {@code Complex.tanh}
 *       returns exactly &plusmn;1 beyond |x| = 20 and loses the derivative.</li>
 *   <li>asin, acos, atan, asinh, acosh, atanh: {@code Complex}'s log formulas put the derivative
 *       into log|w| with |w| = 1 + O(h), which rounds to log 1 = 0. Each is instead one Newton step
 *       on its forward function, y = y0 + (z - f(y0)) / f'(y0) with y0 = g(Re z) and f'(y0) itself
 *       a complex step of {@code Complex}'s f; one step is exact because the error is
 *       O(h^2). Near &plusmn;1, asin uses asin z = &plusmn;(&pi;/2 - 2 asin(sqrt((1 &mp; z)/2))) and
 *       atan beyond |x| = 1 uses atan z = &plusmn;&pi;/2 - atan(1/z), which keep f'(y0) away
 *       from 0.</li>
 *   <li>expm1 = exp - 1, log1p = log(1 + z), log10 = log / ln 10, cbrt and rootN by
 *       {@code Complex.pow} of |z| with the sign put back, pow(int) by repeated
 *       {@code Complex.multiply}, hypot by a scaled sqrt(x^2 + y^2), atan2 by atan of the smaller
 *       ratio.</li>
 * </ul>
 *
 * <h2>The real part is the real evaluation</h2>
 * The real part of every result is the plain double function of the real parts (FastMath, as
 * Commons Math's own types use), not the real part of the complex formula. So values, NaN outside a
 * domain (log of a negative number is NaN, not log|x| + i&pi;), comparisons, branches and
 * {@link #getReal()} are exactly those of the real program, and only the imaginary part carries the
 * derivative. Comparisons, {@link #abs()}, floor, ceil, rint, signum, copySign and remainder
 * follow the real part: abs(z) = z signum(Re z) (not the complex modulus), so |x|' = sign(x) and 0
 * at 0; floor, ceil, rint and signum have imaginary part 0.
 *
 * <p>Limits: the derivative is exact to rounding only where f is real-analytic. At a kink or a
 * domain edge (sqrt at 0, abs at 0) the imaginary part is whatever the complex formula gives,
 * which need not match DualAD's conventions; at overflow {@code Complex}'s own conventions for
 * infinities apply. NaN in, NaN out; nothing throws for a value.
 *
 * <p>Immutable; {@code equals} and {@code hashCode} compare both parts bitwise.
 */
public final class ComplexStep implements RealFieldElement<ComplexStep>, Rule.Target<ComplexStep> {
    /**
     * The imaginary step h = 2^-664 &asymp; 1.3e-200: h^2 underflows, so no truncation error remains,
     * and a power of two makes seeding by h and dividing by h exact (with 1e-200 itself, Im / h
     * would add a rounding: 43.00000000000001 for 43).
     */
    public static final double STEP = 0x1p-664;

    private static final ComplexStep ZERO = new ComplexStep(0, 0);
    private static final ComplexStep ONE = new ComplexStep(1, 0);
    /** The field: zero 0 + 0i, one 1 + 0i. */
    public static final Field<ComplexStep> FIELD = SimpleField.of(ZERO, ONE);

    private static final double HALF_PI = Math.PI / 2;
    private static final double LN_10 = Math.log(10);

    private final Complex z;

    private ComplexStep(double re, double im) {
        this.z = new Complex(re, im);
    }

    /** Keeps the real evaluation's value and the complex formula's imaginary part. */
    private static ComplexStep of(double re, Complex c) {
        return new ComplexStep(re, c.getImaginary());
    }

    /**
     * Creates re + im i.
     *
     * @param re the real part
     * @param im the imaginary part (h times the derivative carried)
     * @return the number
     */
    public static ComplexStep of(double re, double im) {
        return new ComplexStep(re, im);
    }

    /**
     * Creates a variable x + i h, h = {@link #STEP}: the derivative of a result with respect to it
     * is {@link #derivative()}.
     *
     * @param x the point
     * @return x + h i
     */
    public static ComplexStep variable(double x) {
        return new ComplexStep(x, STEP);
    }

    /**
     * Creates a constant x + 0i.
     *
     * @param x the constant
     * @return the number
     */
    public static ComplexStep constant(double x) {
        return new ComplexStep(x, 0);
    }

    /**
     * A custom {@link Rule}: f(a + i b) = f(a) + i &Sigma; g<sub>i</sub>(a) b<sub>i</sub>, from the
     * rule's real value and first derivatives only. That is exact here, not a first-order
     * approximation: the next term is of order b<sup>2</sup> ~ h<sup>2</sup> = 2<sup>-1328</sup>,
     * which underflows to 0 as it does in the complex formulas of the built-in functions. The
     * imaginary part is then the rule's own derivative, so before using it the oracle compares the
     * rule's derivatives with finite differences of its value ({@link RuleCheck}) and throws,
     * naming the rule, if they disagree: a check must not let a wrong rule agree with itself.
     *
     * @param rule the rule
     * @param args its arguments, args[0] == this (not modified)
     * @return rule(args)
     * @throws IllegalStateException if the rule's derivatives disagree with finite differences
     */
    @Override
    public ComplexStep applyRule(Rule rule, ComplexStep[] args) {
        int k = args.length;
        double[] p = new double[k];
        boolean tangent = false;
        for (int i = 0; i < k; i++) {
            p[i] = args[i].z.getReal();
            tangent |= args[i].z.getImaginary() != 0;
        }
        double f0 = rule.value(p);
        if (!tangent) {
            return new ComplexStep(f0, 0);
        }
        RuleCheck.verifyAt(rule, p, "complex step");
        double[] g = rule.gradient(p);
        double im = 0;
        for (int i = 0; i < k; i++) {
            double b = args[i].z.getImaginary();
            if (b != 0) { // a constant argument contributes nothing, even through an infinite g
                im += g[i] * b;
            }
        }
        return new ComplexStep(f0, im);
    }

    /** @return the real part, the value of the real program */
    public double real() {
        return z.getReal();
    }

    /** @return the imaginary part, h times the derivative */
    public double imaginary() {
        return z.getImaginary();
    }

    /** @return Im / h: the derivative along the seeded variable */
    public double derivative() {
        return z.getImaginary() / STEP;
    }

    /** @return this number as a Commons Math {@link Complex} */
    public Complex toComplex() {
        return z;
    }

    private double re() {
        return z.getReal();
    }

    @Override
    public double getReal() {
        return z.getReal();
    }

    @Override
    public Field<ComplexStep> getField() {
        return FIELD;
    }

    // ---------------------------------------------------------------- arithmetic

    @Override
    public ComplexStep add(ComplexStep y) {
        return of(re() + y.re(), z.add(y.z));
    }

    @Override
    public ComplexStep subtract(ComplexStep y) {
        return of(re() - y.re(), z.subtract(y.z));
    }

    @Override
    public ComplexStep negate() {
        return of(-re(), z.negate());
    }

    @Override
    public ComplexStep multiply(ComplexStep y) {
        return of(re() * y.re(), z.multiply(y.z));
    }

    @Override
    public ComplexStep multiply(int n) {
        return of(re() * n, z.multiply(n));
    }

    @Override
    public ComplexStep divide(ComplexStep y) {
        return of(re() / y.re(), z.divide(y.z));
    }

    @Override
    public ComplexStep reciprocal() {
        return of(1 / re(), z.reciprocal());
    }

    @Override
    public ComplexStep add(double c) {
        return of(re() + c, z.add(c));
    }

    @Override
    public ComplexStep subtract(double c) {
        return of(re() - c, z.subtract(c));
    }

    @Override
    public ComplexStep multiply(double c) {
        return of(re() * c, z.multiply(c));
    }

    @Override
    public ComplexStep divide(double c) {
        return of(re() / c, z.divide(c));
    }

    /** Scales both parts by 2^n exactly (a real scaling, no complex arithmetic needed). */
    @Override
    public ComplexStep scalb(int n) {
        return new ComplexStep(FastMath.scalb(re(), n), FastMath.scalb(z.getImaginary(), n));
    }

    // ---------------------------------------------------------------- powers and roots

    /** Complex.sqrt; NaN for a negative real part, as the real sqrt. */
    @Override
    public ComplexStep sqrt() {
        double a = re();
        return a < 0 ? nan() : of(FastMath.sqrt(a), z.sqrt());
    }

    /** The real cube root: s |z|^(1/3), s = signum(Re z), by Complex.pow. */
    @Override
    public ComplexStep cbrt() {
        return of(FastMath.cbrt(re()), signedRoot(3.0));
    }

    /** The real n-th root (negative x for odd n): s |z|^(1/n) by Complex.pow; NaN for even n and x &lt; 0. */
    @Override
    public ComplexStep rootN(int n) {
        double a = re();
        if (n == 1) {
            return this;
        }
        if (a < 0 && (n & 1) == 0) {
            return nan();
        }
        double r = a < 0 ? -FastMath.pow(-a, 1.0 / n) : FastMath.pow(a, 1.0 / n);
        return of(r, signedRoot(n));
    }

    private Complex signedRoot(double n) {
        double s = Math.signum(re());
        if (s == 0) {
            return z.multiply(0.0); // non-analytic at 0: no finite derivative to carry
        }
        return z.multiply(s).pow(1.0 / n).multiply(s);
    }

    /**
     * z^p: for an integer-valued p by repeated multiplication (exact at negative and zero bases),
     * else Complex.pow (exp(p log z)); NaN for a negative base and a non-integer p, as the real pow.
     */
    @Override
    public ComplexStep pow(double p) {
        double a = re();
        if (p == Math.rint(p) && Math.abs(p) <= 1 << 20) {
            return of(FastMath.pow(a, p), integerPower(z, (int) p));
        }
        double r = FastMath.pow(a, p);
        if (a > 0) {
            return of(r, z.pow(p));
        }
        if (a == 0) {
            // non-analytic at 0: the limit of the derivative is 0 for p > 1, infinite below
            return of(r, new Complex(0, p > 1 ? 0 : z.getImaginary() == 0 ? 0 : Double.POSITIVE_INFINITY));
        }
        return nan();
    }

    /** z^n by repeated squaring with Complex.multiply (and Complex.reciprocal for n &lt; 0). */
    @Override
    public ComplexStep pow(int n) {
        return of(FastMath.pow(re(), n), integerPower(z, n));
    }

    private static Complex integerPower(Complex base, int n) {
        if (n == 0) {
            return Complex.ONE;
        }
        long e = Math.abs((long) n);
        Complex result = Complex.ONE;
        Complex b = base;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = result.multiply(b);
            }
            e >>= 1;
            if (e > 0) {
                b = b.multiply(b);
            }
        }
        return n < 0 ? result.reciprocal() : result;
    }

    /**
     * x^y with both variable: Complex.pow (exp(y log x)) for x &gt; 0. For x &lt; 0 and a constant
     * integer y, (-1)^y (-x)^y by repeated multiplication; for x &lt; 0 otherwise NaN (x^y is not
     * real-differentiable in y there). For x = 0 and y &gt; 0 the value is 0 and the imaginary
     * part 0 (the limit of both partials for y &gt; 1).
     */
    @Override
    public ComplexStep pow(ComplexStep e) {
        double a = re();
        double b = e.re();
        double r = FastMath.pow(a, b);
        if (a > 0) {
            return of(r, z.pow(e.z));
        }
        if (e.z.getImaginary() == 0 && b == Math.rint(b) && Math.abs(b) <= 1 << 20) {
            return of(r, integerPower(z, (int) b));
        }
        if (a == 0 && b > 0) {
            return new ComplexStep(r, 0);
        }
        return nan();
    }

    // ---------------------------------------------------------------- exponentials and logarithms

    @Override
    public ComplexStep exp() {
        return of(FastMath.exp(re()), z.exp());
    }

    /** exp(z) - 1 for the imaginary part (exact: Im exp(z) = e^x sin h), FastMath.expm1 for the value. */
    @Override
    public ComplexStep expm1() {
        return of(FastMath.expm1(re()), z.exp().subtract(1));
    }

    /** Complex.log; NaN for a negative real part, as the real log. */
    @Override
    public ComplexStep log() {
        double a = re();
        return a < 0 ? nan() : of(FastMath.log(a), z.log());
    }

    /** log(1 + z) for the imaginary part, FastMath.log1p for the value. */
    @Override
    public ComplexStep log1p() {
        double a = re();
        return a < -1 ? nan() : of(FastMath.log1p(a), z.add(1).log());
    }

    /**
     * log(z) / ln 10 (not part of RealFieldElement in Commons Math 3.6.1; offered for symmetry with
     * DualAD's types).
     *
     * @return log10(this)
     */
    public ComplexStep log10() {
        double a = re();
        return a < 0 ? nan() : of(FastMath.log10(a), z.log().divide(LN_10));
    }

    // ---------------------------------------------------------------- trigonometric

    @Override
    public ComplexStep sin() {
        return of(FastMath.sin(re()), z.sin());
    }

    @Override
    public ComplexStep cos() {
        return of(FastMath.cos(re()), z.cos());
    }

    /** sin z / cos z (Complex.tan cancels near &pi;/2, see the class comment). */
    @Override
    public ComplexStep tan() {
        return of(FastMath.tan(re()), tan(z));
    }

    private static Complex tan(Complex w) {
        return w.sin().divide(w.cos());
    }

    /** Newton on sin; near &plusmn;1, &plusmn;(&pi;/2 - 2 asin(sqrt((1 &mp; z)/2))). */
    @Override
    public ComplexStep asin() {
        double a = re();
        if (!(Math.abs(a) <= 1)) {
            return nan();
        }
        return of(FastMath.asin(a), asin(z));
    }

    private static Complex asin(Complex w) {
        double a = w.getReal();
        if (Math.abs(a) > 0.5) {
            double s = Math.signum(a);
            // asin(w) = s (pi/2 - 2 asin(sqrt((1 - s w) / 2))): the inner argument is small
            Complex inner = w.multiply(-s).add(1).divide(2).sqrt();
            return asin(inner).multiply(-2 * s).add(s * HALF_PI);
        }
        return newton(w, FastMath.asin(a), Complex::sin);
    }

    /** &pi;/2 - asin z: the imaginary part is -Im asin z. */
    @Override
    public ComplexStep acos() {
        double a = re();
        if (!(Math.abs(a) <= 1)) {
            return nan();
        }
        return of(FastMath.acos(a), asin(z).negate());
    }

    /** Newton on tan for |x| &le; 1; &plusmn;&pi;/2 - atan(1/z) beyond. */
    @Override
    public ComplexStep atan() {
        return of(FastMath.atan(re()), atan(z));
    }

    private static Complex atan(Complex w) {
        double a = w.getReal();
        if (Math.abs(a) > 1) {
            return atan(w.reciprocal()).negate().add(Math.signum(a) * HALF_PI);
        }
        return newton(w, FastMath.atan(a), ComplexStep::tan);
    }

    /**
     * atan2(this, x) = atan(this / x) plus a branch constant, or &plusmn;&pi;/2 - atan(x / this)
     * when |this| &gt; |x|; imaginary part 0 at the origin (DualAD's convention).
     */
    @Override
    public ComplexStep atan2(ComplexStep x) {
        double y = re();
        double xr = x.re();
        double r = FastMath.atan2(y, xr);
        if (y == 0 && xr == 0) {
            return new ComplexStep(r, 0);
        }
        Complex c = Math.abs(xr) >= Math.abs(y) ? atan(z.divide(x.z)) : atan(x.z.divide(z)).negate();
        return of(r, c);
    }

    // ---------------------------------------------------------------- hyperbolic

    @Override
    public ComplexStep sinh() {
        return of(FastMath.sinh(re()), z.sinh());
    }

    @Override
    public ComplexStep cosh() {
        return of(FastMath.cosh(re()), z.cosh());
    }

    /** s (1 - 2 u / (1 + u)), u = exp(-2 s z), s = sign of Re z (Complex.tanh flattens beyond |x| = 20). */
    @Override
    public ComplexStep tanh() {
        return of(FastMath.tanh(re()), tanh(z));
    }

    private static Complex tanh(Complex w) {
        double s = w.getReal() < 0 ? -1 : 1;
        // 2 / (exp(2 s w) + 1) as 2 u / (1 + u), u = exp(-2 s w) of modulus at most 1: exp(2 s w)
        // overflows beyond |Re w| = 354, and its imaginary part, infinity times 0, is NaN
        Complex u = w.multiply(-2 * s).exp();
        Complex t = Complex.ONE.subtract(u.multiply(2).divide(u.add(1)));
        return t.multiply(s);
    }

    /** Newton on sinh. */
    @Override
    public ComplexStep asinh() {
        double a = re();
        return of(FastMath.asinh(a), newton(z, FastMath.asinh(a), Complex::sinh));
    }

    /** Newton on cosh; NaN below 1. */
    @Override
    public ComplexStep acosh() {
        double a = re();
        if (!(a >= 1)) {
            return nan();
        }
        return of(FastMath.acosh(a), newton(z, FastMath.acosh(a), Complex::cosh));
    }

    /** Newton on tanh; NaN outside [-1, 1]. */
    @Override
    public ComplexStep atanh() {
        double a = re();
        if (!(Math.abs(a) <= 1)) {
            return nan();
        }
        return of(FastMath.atanh(a), newton(z, FastMath.atanh(a), ComplexStep::tanh));
    }

    /**
     * One Newton step for the inverse g of f at w: y0 + (w - f(y0)) / f'(y0), with y0 = g(Re w)
     * and f'(y0) = Im f(y0 + i h) / h, a complex step of the forward function. The step's error
     * is O(|w - f(y0)|^2) = O(h^2 + ulp^2), so the imaginary part Im w / f'(y0) is exact to
     * rounding.
     */
    private static Complex newton(Complex w, double y0, UnaryOperator<Complex> f) {
        Complex fy = f.apply(new Complex(y0, STEP));
        double slope = fy.getImaginary() / STEP;
        return w.subtract(fy.getReal()).divide(slope).add(y0);
    }

    // ---------------------------------------------------------------- piecewise: follow the real part

    /** z signum(Re z): the real absolute value, derivative sign(x), 0 at 0; not the modulus. */
    @Override
    public ComplexStep abs() {
        double a = re();
        return of(FastMath.abs(a), z.multiply(Math.signum(a)));
    }

    @Override
    public ComplexStep ceil() {
        return new ComplexStep(FastMath.ceil(re()), 0);
    }

    @Override
    public ComplexStep floor() {
        return new ComplexStep(FastMath.floor(re()), 0);
    }

    @Override
    public ComplexStep rint() {
        return new ComplexStep(FastMath.rint(re()), 0);
    }

    @Override
    public long round() {
        return FastMath.round(re());
    }

    @Override
    public ComplexStep signum() {
        return new ComplexStep(FastMath.signum(re()), 0);
    }

    /** |x| with the sign of s's real part: z or -z, as the real copySign flips the sign or not. */
    @Override
    public ComplexStep copySign(ComplexStep s) {
        return copySign(s.re());
    }

    @Override
    public ComplexStep copySign(double s) {
        double a = re();
        // a NaN sign counts as positive, and so does a NaN value for the flip, as in every mode
        double r = StrictMath.copySign(a, s);
        boolean flipped = ((a != a ? 0 : Double.doubleToRawLongBits(a)) ^ Double.doubleToRawLongBits(r)) < 0;
        return of(r, flipped ? z.negate() : z);
    }

    /** x - n c with n = rint(x / c) of the real parts: imaginary part that of z. */
    @Override
    public ComplexStep remainder(double c) {
        double a = re();
        double r = FastMath.IEEEremainder(a, c);
        double n = FastMath.rint((a - r) / c);
        return of(r, z.subtract(n * c));
    }

    /** x - n y with n = rint(x / y) of the real parts. */
    @Override
    public ComplexStep remainder(ComplexStep y) {
        double a = re();
        double b = y.re();
        double r = FastMath.IEEEremainder(a, b);
        double n = FastMath.rint((a - r) / b);
        return of(r, z.subtract(y.z.multiply(n)));
    }

    /** s sqrt((x/s)^2 + (y/s)^2), s = max(|Re x|, |Re y|), without overflow; 0 imaginary part at the origin. */
    @Override
    public ComplexStep hypot(ComplexStep y) {
        double a = re();
        double b = y.re();
        double h = FastMath.hypot(a, b);
        double s = Math.max(Math.abs(a), Math.abs(b));
        if (s == 0 || Double.isInfinite(s) || Double.isNaN(h)) {
            return new ComplexStep(h, s == 0 ? 0 : Double.NaN);
        }
        Complex u = z.divide(s);
        Complex v = y.z.divide(s);
        return of(h, u.multiply(u).add(v.multiply(v)).sqrt().multiply(s));
    }

    // ---------------------------------------------------------------- linear combinations

    /** Real part by {@link MathArrays#linearCombination} (accurate), imaginary part by Complex. */
    @Override
    public ComplexStep linearCombination(ComplexStep[] a, ComplexStep[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum
        }
        double[] ar = new double[a.length];
        double[] br = new double[a.length];
        Complex sum = Complex.ZERO;
        for (int i = 0; i < a.length; i++) {
            ar[i] = a[i].re();
            br[i] = b[i].re();
            sum = sum.add(a[i].z.multiply(b[i].z));
        }
        return of(MathArrays.linearCombination(ar, br), sum);
    }

    @Override
    public ComplexStep linearCombination(double[] a, ComplexStep[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum
        }
        double[] br = new double[a.length];
        Complex sum = Complex.ZERO;
        for (int i = 0; i < a.length; i++) {
            br[i] = b[i].re();
            sum = sum.add(b[i].z.multiply(a[i]));
        }
        return of(MathArrays.linearCombination(a, br), sum);
    }

    @Override
    public ComplexStep linearCombination(ComplexStep a1, ComplexStep b1, ComplexStep a2, ComplexStep b2) {
        return linearCombination(new ComplexStep[] {a1, a2}, new ComplexStep[] {b1, b2});
    }

    @Override
    public ComplexStep linearCombination(double a1, ComplexStep b1, double a2, ComplexStep b2) {
        return linearCombination(new double[] {a1, a2}, new ComplexStep[] {b1, b2});
    }

    @Override
    public ComplexStep linearCombination(ComplexStep a1, ComplexStep b1, ComplexStep a2, ComplexStep b2,
                                         ComplexStep a3, ComplexStep b3) {
        return linearCombination(new ComplexStep[] {a1, a2, a3}, new ComplexStep[] {b1, b2, b3});
    }

    @Override
    public ComplexStep linearCombination(double a1, ComplexStep b1, double a2, ComplexStep b2,
                                         double a3, ComplexStep b3) {
        return linearCombination(new double[] {a1, a2, a3}, new ComplexStep[] {b1, b2, b3});
    }

    @Override
    public ComplexStep linearCombination(ComplexStep a1, ComplexStep b1, ComplexStep a2, ComplexStep b2,
                                         ComplexStep a3, ComplexStep b3, ComplexStep a4, ComplexStep b4) {
        return linearCombination(new ComplexStep[] {a1, a2, a3, a4}, new ComplexStep[] {b1, b2, b3, b4});
    }

    @Override
    public ComplexStep linearCombination(double a1, ComplexStep b1, double a2, ComplexStep b2,
                                         double a3, ComplexStep b3, double a4, ComplexStep b4) {
        return linearCombination(new double[] {a1, a2, a3, a4}, new ComplexStep[] {b1, b2, b3, b4});
    }

    // ---------------------------------------------------------------- object

    private static ComplexStep nan() {
        return new ComplexStep(Double.NaN, Double.NaN);
    }

    /** Bitwise on both parts (as {@link Double#equals}): 0.0 and -0.0 differ, NaN equals NaN. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ComplexStep
                && Double.doubleToLongBits(re()) == Double.doubleToLongBits(((ComplexStep) o).re())
                && Double.doubleToLongBits(imaginary()) == Double.doubleToLongBits(((ComplexStep) o).imaginary());
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(re()) + Double.hashCode(imaginary());
    }

    /** @return e.g. {@code ComplexStep[8.0 + 1.2E-199i]} */
    @Override
    public String toString() {
        double im = imaginary();
        return "ComplexStep[" + re() + (im < 0 || (im == 0 && 1 / im < 0) ? " - " + (-im) : " + " + im) + "i]";
    }
}
