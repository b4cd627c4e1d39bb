package org.dualad.verification;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;

/**
 * The elementary functions of the high-precision oracle on {@link Dfp} values of one
 * {@link DfpField}, written for accuracy where {@link DfpMath} alone is weak, and conversions from
 * and to {@code double}.
 *
 * <p>What DfpMath gets wrong, and what is done instead:
 * <ul>
 * <li>sin, cos, tan reduce by 2&pi; held to the working precision only, so sin(1e300) would be
 *     noise: here every argument is reduced exactly in {@link BigDecimal} by &pi;/2 carried to
 *     {@code digits + exponent + 20} digits, then DfpMath runs on |r| &le; &pi;/4;</li>
 * <li>Dfp's {@code double} constructor rounds several times (a division, a rounded power of two):
 *     here a double is converted through its exact {@link BigDecimal} expansion and rounded once;</li>
 * <li>Dfp's floor and ceil return 0 for every |x| below about 1e-15 (see {@link #integerPart});</li>
 * <li>expm1, log1p, sinh, tanh, asinh, atanh, acosh near their zeros, asin and acos near &plusmn;1 are
 *     evaluated by series or cancellation-free identities, not as differences of nearly equal
 *     values;</li>
 * <li>remainder of two doubles is formed exactly (IEEE remainder is always representable).</li>
 * </ul>
 * Non-finite arguments give the IEEE double result of the same function (values only: the oracle
 * is meant for finite points).
 */
final class HighPrecisionMath {
    /** Digits of &pi; held for exact argument reduction: enough for any double and 600 working digits. */
    private static final int PI_DIGITS = 1000;

    /** &pi; to {@link #PI_DIGITS} digits, an immutable constant computed once (Machin's formula). */
    private static final class Pi {
        static final BigDecimal VALUE = machin(PI_DIGITS + 10);
    }

    private final DfpField field;
    private final int digits;
    private final MathContext exactCapacity;
    private final Dfp zero;
    private final Dfp one;
    private final Dfp two;
    private final Dfp half;
    private final Dfp pi;
    private final Dfp halfPi;
    private final Dfp nan;
    private final Dfp posInf;
    private final Dfp negInf;

    HighPrecisionMath(int digits) {
        this.field = new DfpField(digits);
        // Dfp stores radix-10000 limbs and its top limb may hold as little as one decimal digit, so
        // 4 (limbs - 1) + 1 decimal digits always fit exactly.
        this.digits = 4 * (field.getRadixDigits() - 1) + 1;
        this.exactCapacity = new MathContext(this.digits, RoundingMode.HALF_EVEN);
        this.zero = field.getZero();
        this.one = field.getOne();
        this.two = field.getTwo();
        this.half = one.divide(2);
        this.pi = fromDecimal(Pi.VALUE);
        this.halfPi = pi.divide(2);
        this.nan = field.newDfp((byte) 1, Dfp.QNAN);
        this.posInf = field.newDfp((byte) 1, Dfp.INFINITE);
        this.negInf = field.newDfp((byte) -1, Dfp.INFINITE);
    }

    DfpField field() {
        return field;
    }

    /** @return the decimal digits every value carries (at least) */
    int digits() {
        return digits;
    }

    Dfp zero() {
        return zero;
    }

    Dfp one() {
        return one;
    }

    Dfp nan() {
        return nan;
    }

    // ---------------------------------------------------------------- conversions

    /** x rounded once (half-even) to the working digits; exact for ±0, infinities and NaN. */
    Dfp of(double x) {
        if (Double.isNaN(x)) {
            return nan;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? posInf : negInf;
        }
        if (x == 0) {
            return field.newDfp(x); // keeps the sign of zero
        }
        return fromDecimal(new BigDecimal(x));
    }

    Dfp fromDecimal(BigDecimal d) {
        if (d.signum() == 0) {
            return zero;
        }
        return field.newDfp(d.round(exactCapacity).toString());
    }

    /**
     * d as a Dfp with all its digits when the field holds them (a remainder is exact in double,
     * and later operations may cancel against it), else rounded once as {@link #fromDecimal}.
     */
    Dfp exactly(BigDecimal d) {
        Dfp all = field.newDfp(d.toString());
        return decimal(all).compareTo(d) == 0 ? all : fromDecimal(d);
    }

    Dfp of(long k) {
        return fromDecimal(BigDecimal.valueOf(k));
    }

    /** @return a rounded to the nearest double (Double.parseDouble of the exact digits is correctly rounded) */
    static double toDouble(Dfp a) {
        if (a.isNaN()) {
            return Double.NaN;
        }
        if (a.isInfinite()) {
            return a.strictlyPositive() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Double.parseDouble(a.toString());
    }

    /** The exact decimal value of a finite a. */
    static BigDecimal decimal(Dfp a) {
        if (a.isZero()) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(a.toString().replace("e", "E"));
    }

    /**
     * The real number a stands for: the double it is the rounding of, if there is one (so an input
     * like 1e300 keeps all its digits for an exact reduction), else its own digits.
     */
    BigDecimal exact(Dfp a) {
        double d = toDouble(a);
        if (Double.isFinite(d) && of(d).equals(a)) {
            return new BigDecimal(d);
        }
        return decimal(a);
    }

    static boolean signBit(Dfp a) {
        if (a.isNaN()) {
            return false;
        }
        if (a.isZero()) {
            return Double.doubleToRawLongBits(toDouble(a)) < 0;
        }
        return a.strictlyNegative();
    }

    static boolean finite(Dfp a) {
        return !a.isNaN() && !a.isInfinite();
    }

    boolean isInteger(Dfp a) {
        return finite(a) && a.rint().equals(a);
    }

    // ---------------------------------------------------------------- exp and log

    Dfp exp(Dfp x) {
        if (!finite(x)) {
            return of(Math.exp(toDouble(x)));
        }
        // beyond Dfp's exponent range (10^+-131068) the result is 0 or infinite
        if (x.greaterThan(of(400_000L))) {
            return posInf;
        }
        if (x.lessThan(of(-400_000L))) {
            return zero;
        }
        return DfpMath.exp(x);
    }

    Dfp expm1(Dfp x) {
        if (!finite(x)) {
            return of(Math.expm1(toDouble(x)));
        }
        if (x.abs().lessThan(half)) {
            // x + x^2/2! + ... : no cancellation for small x
            Dfp term = x;
            Dfp sum = x;
            for (int k = 2; k < 400; k++) {
                term = term.multiply(x).divide(k);
                Dfp next = sum.add(term);
                if (next.equals(sum)) {
                    break;
                }
                sum = next;
            }
            return sum;
        }
        return exp(x).subtract(one);
    }

    Dfp log(Dfp x) {
        if (!finite(x) || !x.strictlyPositive()) {
            if (x.isZero()) {
                return negInf;
            }
            return of(Math.log(toDouble(x)));
        }
        Dfp t = x.subtract(one);
        if (t.abs().lessThan(of(0.125))) {
            return log1pSeries(t);
        }
        return DfpMath.log(x);
    }

    Dfp log1p(Dfp x) {
        if (!finite(x)) {
            return of(Math.log1p(toDouble(x)));
        }
        if (x.abs().lessThan(of(0.125))) {
            return log1pSeries(x);
        }
        return log(one.add(x));
    }

    /** log(1 + t) = 2 atanh(t / (2 + t)), summed as a series in z^2 (|z| &lt; 1/15 here). */
    private Dfp log1pSeries(Dfp t) {
        if (t.isZero()) {
            return t;
        }
        if (t.lessThan(one.negate()) || t.equals(one.negate())) {
            return t.equals(one.negate()) ? negInf : nan;
        }
        Dfp z = t.divide(two.add(t));
        return atanhSeries(z).multiply(2);
    }

    /** atanh(z) = z + z^3/3 + z^5/5 + ... for small |z|. */
    private Dfp atanhSeries(Dfp z) {
        Dfp z2 = z.multiply(z);
        Dfp power = z;
        Dfp sum = z;
        for (int k = 3; k < 4000; k += 2) {
            power = power.multiply(z2);
            Dfp next = sum.add(power.divide(k));
            if (next.equals(sum)) {
                break;
            }
            sum = next;
        }
        return sum;
    }

    // ---------------------------------------------------------------- trigonometric

    /**
     * sin and cos of x together, after an exact reduction x = k &pi;/2 + r with |r| &le; &pi;/4.
     *
     * @return {sin x, cos x}
     */
    Dfp[] sinCos(Dfp x) {
        if (!finite(x)) {
            return new Dfp[] {nan, nan};
        }
        if (x.abs().lessThan(of(0.78))) {
            return new Dfp[] {sinSmall(x), DfpMath.cos(x)};
        }
        BigDecimal bx = exact(x);
        int magnitude = Math.max(0, bx.precision() - bx.scale()); // decimal digits before the point
        MathContext mc = new MathContext(digits + magnitude + 20, RoundingMode.HALF_EVEN);
        if (mc.getPrecision() > PI_DIGITS) {
            throw new IllegalStateException("HighPrecision: sin/cos argument " + bx + " needs more than "
                    + PI_DIGITS + " digits of pi");
        }
        BigDecimal halfPiExact = Pi.VALUE.round(mc).divide(BigDecimal.valueOf(2), mc);
        BigInteger k = bx.divide(halfPiExact, mc).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal r = bx.subtract(halfPiExact.multiply(new BigDecimal(k)), mc);
        Dfp rr = fromDecimal(r);
        Dfp s = sinSmall(rr);
        Dfp c = DfpMath.cos(rr);
        switch (k.mod(BigInteger.valueOf(4)).intValue()) {
            case 0: return new Dfp[] {s, c};
            case 1: return new Dfp[] {c, s.negate()};
            case 2: return new Dfp[] {s.negate(), c.negate()};
            default: return new Dfp[] {c.negate(), s};
        }
    }

    /** sin of a reduced argument; DfpMath.sin loses tiny arguments' relative accuracy below ~1e-30. */
    private Dfp sinSmall(Dfp r) {
        if (r.abs().lessThan(of(1e-10))) {
            Dfp r2 = r.multiply(r);
            // r - r^3/6 + r^5/120: the next term is below 1e-70 relative
            return r.subtract(r.multiply(r2).divide(6)).add(r.multiply(r2).multiply(r2).divide(120));
        }
        return DfpMath.sin(r);
    }

    Dfp atan(Dfp x) {
        if (!finite(x)) {
            if (x.isNaN()) {
                return nan;
            }
            return x.strictlyPositive() ? halfPi : halfPi.negate();
        }
        Dfp a = x.abs();
        Dfp r;
        if (a.greaterThan(one)) {
            r = halfPi.subtract(atanReduced(one.divide(a)));
        } else {
            r = atanReduced(a);
        }
        return signBit(x) ? r.negate() : r;
    }

    /** atan of 0 &le; a &le; 1: a series for tiny a (DfpMath's relative accuracy fades there). */
    private Dfp atanReduced(Dfp a) {
        if (a.lessThan(of(1e-10))) {
            Dfp a2 = a.multiply(a);
            return a.subtract(a.multiply(a2).divide(3)).add(a.multiply(a2).multiply(a2).divide(5));
        }
        return DfpMath.atan(a);
    }

    Dfp asin(Dfp x) {
        if (!finite(x) || x.abs().greaterThan(one)) {
            return nan;
        }
        if (x.abs().equals(one)) {
            return signBit(x) ? halfPi.negate() : halfPi;
        }
        // atan(x / sqrt((1 - x)(1 + x))): 1 - x is exact, so no cancellation near |x| = 1
        return atan(x.divide(one.subtract(x).multiply(one.add(x)).sqrt()));
    }

    Dfp acos(Dfp x) {
        if (!finite(x) || x.abs().greaterThan(one)) {
            return nan;
        }
        if (x.equals(one.negate())) {
            return pi;
        }
        return atan(one.subtract(x).divide(one.add(x)).sqrt()).multiply(2);
    }

    /** atan2(y, x) with IEEE's signed-zero quadrants. */
    Dfp atan2(Dfp y, Dfp x) {
        if (!finite(x) || !finite(y)) {
            return of(Math.atan2(toDouble(y), toDouble(x)));
        }
        if (x.isZero()) {
            if (y.isZero()) {
                Dfp r = signBit(x) ? pi : zero;
                return signBit(y) ? r.negate() : r;
            }
            return y.strictlyPositive() ? halfPi : halfPi.negate();
        }
        Dfp a = atan(y.divide(x));
        if (x.strictlyPositive()) {
            return a;
        }
        return signBit(y) ? a.subtract(pi) : a.add(pi);
    }

    // ---------------------------------------------------------------- hyperbolic

    Dfp sinh(Dfp x) {
        if (!finite(x)) {
            return of(Math.sinh(toDouble(x)));
        }
        if (x.abs().lessThan(one)) {
            return expm1(x).subtract(expm1(x.negate())).divide(2);
        }
        Dfp e = exp(x);
        return e.subtract(one.divide(e)).divide(2);
    }

    Dfp cosh(Dfp x) {
        if (!finite(x)) {
            return of(Math.cosh(toDouble(x)));
        }
        Dfp e = exp(x.abs());
        return e.add(one.divide(e)).divide(2);
    }

    Dfp tanh(Dfp x) {
        if (!finite(x)) {
            return of(Math.tanh(toDouble(x)));
        }
        if (x.abs().greaterThan(of(200_000L))) {
            return signBit(x) ? one.negate() : one;
        }
        Dfp t = expm1(x.abs().multiply(2));
        Dfp r = t.divide(t.add(two));
        return signBit(x) ? r.negate() : r;
    }

    Dfp asinh(Dfp x) {
        if (!finite(x)) {
            return x; // asinh(+-inf) = +-inf, asinh(NaN) = NaN
        }
        Dfp a = x.abs();
        Dfp a2 = a.multiply(a);
        Dfp r = log1p(a.add(a2.divide(one.add(one.add(a2).sqrt()))));
        return signBit(x) ? r.negate() : r;
    }

    Dfp acosh(Dfp x) {
        if (!finite(x)) {
            return x.isInfinite() && x.strictlyPositive() ? posInf : nan;
        }
        if (x.lessThan(one)) {
            return nan;
        }
        Dfp t = x.subtract(one);
        return log1p(t.add(t.multiply(t.add(two)).sqrt()));
    }

    Dfp atanh(Dfp x) {
        if (!finite(x) || x.abs().greaterThan(one)) {
            return nan;
        }
        if (x.abs().equals(one)) {
            return signBit(x) ? negInf : posInf;
        }
        Dfp a = x.abs();
        Dfp r = log1p(a.multiply(2).divide(one.subtract(a))).divide(2);
        return signBit(x) ? r.negate() : r;
    }

    // ---------------------------------------------------------------- roots and powers

    Dfp sqrt(Dfp x) {
        if (x.isZero()) {
            return x;
        }
        if (!finite(x) || x.strictlyNegative()) {
            return of(Math.sqrt(toDouble(x)));
        }
        return x.sqrt();
    }

    /** The real n-th root (odd n: of negatives too), polished by one Newton step. */
    Dfp rootN(Dfp x, int n) {
        if (n == 0) {
            return nan;
        }
        if (n < 0) {
            return one.divide(rootN(x, -n));
        }
        if (n == 1 || x.isZero() || x.isNaN()) {
            return x;
        }
        boolean negative = x.strictlyNegative();
        if (negative && n % 2 == 0) {
            return nan;
        }
        if (x.isInfinite()) {
            return x;
        }
        Dfp a = x.abs();
        Dfp y = n == 2 ? a.sqrt() : exp(log(a).divide(n));
        Dfp yn1 = powInt(y, n - 1);
        y = y.subtract(yn1.multiply(y).subtract(a).divide(yn1.multiply(n)));
        return negative ? y.negate() : y;
    }

    /** x^n by repeated squaring; 0^negative is an infinity of IEEE's sign. */
    Dfp powInt(Dfp x, long n) {
        if (n == 0) {
            return one;
        }
        if (n < 0) {
            return one.divide(powInt(x, -n));
        }
        Dfp result = one;
        Dfp base = x;
        long k = n;
        while (k > 0) {
            if ((k & 1) == 1) {
                result = result.multiply(base);
            }
            k >>= 1;
            if (k > 0) {
                base = base.multiply(base);
            }
        }
        return result;
    }

    /** x^y with IEEE's special cases (Math.pow) for zeros and infinities. */
    Dfp pow(Dfp x, Dfp y) {
        if (!finite(x) || !finite(y)) {
            return of(Math.pow(toDouble(x), toDouble(y)));
        }
        if (y.isZero()) {
            return one;
        }
        boolean integer = isInteger(y);
        if (integer && y.abs().lessThan(of(1L << 31))) {
            return powInt(x, y.intValue());
        }
        if (x.isZero()) {
            return of(Math.pow(toDouble(x), toDouble(y)));
        }
        if (x.strictlyNegative()) {
            if (!integer) {
                return nan;
            }
            // a huge integer exponent: the sign follows its parity (every double beyond 2^53 is even).
            // Beyond 1e60 the working digits no longer hold every integer (2.2267e268 is not held
            // exactly, and y / 2 rounded then gave either parity): taken as even, as a double is
            Dfp r = exp(y.multiply(log(x.negate())));
            boolean odd = y.abs().lessThan(of(1e60)) && !y.divide(2).rint().multiply(2).equals(y);
            return odd ? r.negate() : r;
        }
        return exp(y.multiply(log(x)));
    }

    /** sqrt(x^2 + y^2), without overflow (Dfp's exponent range is far wider than double's). */
    Dfp hypot(Dfp x, Dfp y) {
        if (x.isInfinite() || y.isInfinite()) {
            return posInf;
        }
        if (x.isNaN() || y.isNaN()) {
            return nan;
        }
        return x.multiply(x).add(y.multiply(y)).sqrt();
    }

    // ---------------------------------------------------------------- piecewise

    /**
     * The IEEE remainder x - n y, n = rint(x / y) (ties to even), formed exactly from the numbers x
     * and y stand for.
     *
     * @return {remainder, n}
     */
    Dfp[] remainder(Dfp x, Dfp y) {
        if (!finite(x) || !finite(y) || y.isZero()) {
            double r = Math.IEEEremainder(toDouble(x), toDouble(y));
            return new Dfp[] {of(r), nan};
        }
        BigDecimal bx = exact(x);
        BigDecimal by = exact(y);
        int magnitude = Math.max(0, (bx.precision() - bx.scale()) - (by.precision() - by.scale()));
        MathContext mc = new MathContext(digits + magnitude + 20, RoundingMode.HALF_EVEN);
        BigDecimal n = bx.divide(by, mc).setScale(0, RoundingMode.HALF_EVEN);
        if (n.signum() == 0) {
            // |x| <= |y| / 2: the remainder is x itself, all of its digits (a Dfp may hold more
            // than fromDecimal keeps, and remainder(x, y) - x must be exactly 0 as it is in double)
            return new Dfp[] {x, zero};
        }
        BigDecimal r = bx.subtract(n.multiply(by));
        Dfp rem = r.signum() == 0 ? (signBit(x) ? zero.negate() : zero) : exactly(r);
        return new Dfp[] {rem, fromDecimal(n)};
    }

    /** @return true if x / y is exactly half-way between two integers (the remainder jumps there) */
    boolean remainderTie(Dfp x, Dfp y) {
        if (!finite(x) || !finite(y) || y.isZero()) {
            return false;
        }
        BigDecimal bx = exact(x);
        BigDecimal by = exact(y);
        BigDecimal twice = bx.multiply(BigDecimal.valueOf(2));
        // 2x / y is an odd integer
        BigDecimal[] qr = twice.divideAndRemainder(by);
        return qr[1].signum() == 0 && qr[0].toBigInteger().testBit(0);
    }

    /**
     * floor, ceil and rint: Dfp's own return 0 for every |x| below about 1e-15 (floor(-1e-16) = 0,
     * ceil(1e-16) = 0), so arguments below 1 in magnitude are decided here.
     *
     * @param mode 'f' floor, 'c' ceil, 'r' rint (half-even)
     */
    Dfp integerPart(Dfp x, char mode) {
        if (!finite(x) || x.isZero() || !x.abs().lessThan(one)) {
            return mode == 'f' ? x.floor() : mode == 'c' ? x.ceil() : x.rint();
        }
        boolean negative = x.strictlyNegative();
        Dfp negZero = zero.negate();
        switch (mode) {
            case 'f': return negative ? one.negate() : zero;
            case 'c': return negative ? negZero : one;
            default:
                if (x.abs().greaterThan(half)) {
                    return negative ? one.negate() : one;
                }
                return negative ? negZero : zero;
        }
    }

    /** Machin: pi = 16 atan(1/5) - 4 atan(1/239), to the given digits, in fixed point (BigInteger). */
    private static BigDecimal machin(int digits) {
        int guard = digits + 10;
        BigInteger scale = BigInteger.TEN.pow(guard);
        BigInteger pi = arctanInverse(5, scale).multiply(BigInteger.valueOf(16))
                .subtract(arctanInverse(239, scale).multiply(BigInteger.valueOf(4)));
        return new BigDecimal(pi, guard).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }

    /** scale * atan(1/k) = sum (-1)^j scale / ((2j + 1) k^(2j + 1)), each term truncated (error &lt; 1 per term). */
    private static BigInteger arctanInverse(int k, BigInteger scale) {
        BigInteger kk = BigInteger.valueOf((long) k * k);
        BigInteger power = scale.divide(BigInteger.valueOf(k));
        BigInteger sum = power;
        for (int j = 1; power.signum() != 0; j++) {
            power = power.divide(kk);
            BigInteger term = power.divide(BigInteger.valueOf(2L * j + 1));
            sum = (j % 2 == 1) ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }
}
