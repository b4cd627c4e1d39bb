package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.ode.FieldExpandableODE;
import org.apache.commons.math3.ode.FieldODEState;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.FirstOrderFieldDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaFieldIntegrator;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.apache.commons.math3.util.Decimal64;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The sensitivities of an ODE's solution to its three parameters, by running Commons Math's
 * field-generic classical Runge-Kutta integrator (100 steps) on each mode's numbers: the logistic
 * equation y' = r y (1 - y / K), y(0) = y0, at t = 1, p = (r, K, y0). Beside Commons Math's own
 * ways: the double integrator (the plain solution, the ratios' unit), the field integrator on
 * {@code Decimal64} (what the generic integrator costs without derivatives),
 * {@code DerivativeStructure} of order 1 and 2, and central differences around the double
 * integrator.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar OdeBench -f 1 -wi 8 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OdeBench {
    static final double STEP = 0.01;

    /** The parameters (r, K, y0). */
    public double[] p = {1.5, 10, 0.5};

    private Recording recording;
    private Recording unguarded;
    private Recording interpreted;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    /**
     * Records the replay's tape where the replay is measured or the setting is several (made
     * first, before f is compiled, as the anchor table's several setting does), in the several
     * setting runs every other method first, and replays a measured recording until it runs the
     * code it keeps. {@code OdeBenchTest} checks that the methods agree.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        String name = params.getBenchmark();
        if (name.contains(".replay") || !"alone".equals(setting)) {
            setUpRecording();
        }
        Several.warm(this, params, setting, 300);
        // the tape (4408 nodes) is above Recording.BYTECODE_LIMIT: replay up to its switch to
        // bytecode, so that the warm-up iterations see the JIT compile the code the replay keeps
        Recording measured = name.endsWith(".replay") ? recording : name.endsWith(".replayUnguarded") ? unguarded : null;
        if (measured != null) {
            Replays.untilSettled(measured, () -> measured.gradient(p));
        }
    }

    /** Records the replay's tape at p. */
    void setUpRecording() {
        recording = Reverse.record(OdeBench::logistic, p);
        unguarded = Reverse.record(OdeBench::logistic, p);
        unguarded.useValueGuard(false); // fixed steps read no value: f is a function of p alone
        interpreted = Reverse.record(OdeBench::logistic, p);
        interpreted.useValueGuard(false);
        interpreted.useBytecode(false);
    }

    /** y(1) of the logistic equation, 100 classical Runge-Kutta steps, on p's numbers. */
    static <T extends RealFieldElement<T>> T logistic(T[] p) {
        Field<T> field = p[0].getField();
        T r = p[0];
        T k = p[1];
        FirstOrderFieldDifferentialEquations<T> ode = new FirstOrderFieldDifferentialEquations<T>() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public void init(T t0, T[] y0, T finalTime) {
            }

            @Override
            public T[] computeDerivatives(T t, T[] y) {
                T[] d = MathArrays.buildArray(field, 1);
                d[0] = r.multiply(y[0]).multiply(y[0].divide(k).negate().add(1));
                return d;
            }
        };
        T[] y0 = MathArrays.buildArray(field, 1);
        y0[0] = p[2];
        return new ClassicalRungeKuttaFieldIntegrator<>(field, field.getOne().multiply(STEP))
                .integrate(new FieldExpandableODE<>(ode), new FieldODEState<>(field.getZero(), y0), field.getOne())
                .getState()[0];
    }

    /** The same solution by Commons Math's double integrator. */
    static double plainLogistic(double r, double k, double y0) {
        FirstOrderDifferentialEquations ode = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] d) {
                d[0] = r * y[0] * (1 - y[0] / k);
            }
        };
        double[] y = {y0};
        new ClassicalRungeKuttaIntegrator(STEP).integrate(ode, 0, y, 1, y);
        return y[0];
    }

    /** @return the solution by the double integrator: the ratios' unit */
    @Benchmark
    @OwnType
    public double plain() {
        return plainLogistic(p[0], p[1], p[2]);
    }

    /** @return the solution by the field integrator on Commons Math's Decimal64 (no derivatives) */
    @Benchmark
    @OwnType
    public double decimal64() {
        return logistic(new Decimal64[] {new Decimal64(p[0]), new Decimal64(p[1]), new Decimal64(p[2])}).getReal();
    }

    @Benchmark
    public double[] forwardGradient() {
        return Forward.gradient(OdeBench::logistic, p);
    }

    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(OdeBench::logistic, p);
    }

    @Benchmark
    public double[] replay() {
        return recording.gradient(p);
    }

    /** @return the replay without its value guard, which runs the whole integrator on constants */
    @Benchmark
    public double[] replayUnguarded() {
        return unguarded.gradient(p);
    }

    /**
     * @return the unguarded replay on the interpreted program: what a tape above
     *     {@link Recording#LARGE_BYTECODE_LIMIT} nodes (about 280 of these steps) runs
     */
    @Benchmark
    public double[] replayInterpreted() {
        return interpreted.gradient(p);
    }

    @Benchmark
    public double[] hessian() {
        return Hybrid.hessian(OdeBench::logistic, p).data;
    }

    @Benchmark
    @OwnType
    public double[] dualNumbersGradient() {
        return DualNumbers.gradient(OdeBench::logistic, p);
    }

    /** @return the gradient by Commons Math's DerivativeStructure (3 parameters, order 1) */
    @Benchmark
    @OwnType
    public double[] ds1Gradient() {
        DerivativeStructure y = logistic(new DerivativeStructure[] {
            new DerivativeStructure(3, 1, 0, p[0]), new DerivativeStructure(3, 1, 1, p[1]),
            new DerivativeStructure(3, 1, 2, p[2])});
        return new double[] {y.getPartialDerivative(1, 0, 0), y.getPartialDerivative(0, 1, 0),
            y.getPartialDerivative(0, 0, 1)};
    }

    /** @return the Hessian's upper triangle by Commons Math's DerivativeStructure of order 2 */
    @Benchmark
    @OwnType
    public double[] ds2Hessian() {
        DerivativeStructure y = logistic(new DerivativeStructure[] {
            new DerivativeStructure(3, 2, 0, p[0]), new DerivativeStructure(3, 2, 1, p[1]),
            new DerivativeStructure(3, 2, 2, p[2])});
        return new double[] {y.getPartialDerivative(2, 0, 0), y.getPartialDerivative(1, 1, 0),
            y.getPartialDerivative(1, 0, 1), y.getPartialDerivative(0, 2, 0), y.getPartialDerivative(0, 1, 1),
            y.getPartialDerivative(0, 0, 2)};
    }

    /** @return the gradient by central differences (3 points a parameter) around the double integrator */
    @Benchmark
    @OwnType
    public double[] finiteDifferences() {
        FiniteDifferencesDifferentiator d = new FiniteDifferencesDifferentiator(3, 1e-6);
        double[] work = p.clone();
        double[] g = new double[3];
        for (int i = 0; i < 3; i++) {
            int j = i;
            UnivariateFunction along = t -> {
                double saved = work[j];
                work[j] = t;
                double y = plainLogistic(work[0], work[1], work[2]);
                work[j] = saved;
                return y;
            };
            g[i] = d.differentiate(along).value(new DerivativeStructure(1, 1, 0, p[i])).getPartialDerivative(1);
        }
        return g;
    }
}
