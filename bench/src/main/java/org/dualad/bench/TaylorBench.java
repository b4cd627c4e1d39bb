package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.Decimal64;
import org.dualad.dual.FieldDual;
import org.dualad.dual.Forward;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The k-th derivative of exp(sin x) at x = 0.7: Taylor mode ({@link Forward#derivatives}, one
 * pass of a Taylor polynomial, O(k^2) per operation) beside k nested {@link FieldDual}s (2^k parts
 * per number) and Commons Math's DerivativeStructure of order k.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TaylorBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaylorBench {
    /** The derivative order. */
    @Param({"4", "8", "12"})
    public int k;

    /** The point. */
    public double x = 0.7;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    /**
     * In the several setting, runs every other method first.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        Several.warm(this, params, setting, 300);
    }

    static <T extends RealFieldElement<T>> T expSin(T x) {
        return x.sin().exp();
    }

    @Benchmark
    public double plain() {
        return Math.exp(Math.sin(x));
    }

    @Benchmark
    public double taylor() {
        return Forward.derivatives(TaylorBench::expSin, x, k)[k];
    }

    @Benchmark
    public double derivativeStructure() {
        return expSin(new DerivativeStructure(1, k, 0, x)).getPartialDerivative(k);
    }

    @Benchmark
    public double nestedFieldDual() {
        return nth(k, new Decimal64(x)).doubleValue();
    }

    /** d^n/dx^n exp(sin x) by n nested FieldDuals (polymorphic recursion: each level one type deeper). */
    static <T extends RealFieldElement<T>> T nth(int n, T x) {
        if (n == 0) {
            return expSin(x);
        }
        return FieldDual.derivative(y -> nth(n - 1, y), x);
    }
}
