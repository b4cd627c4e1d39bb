package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.dualad.optim.CurveFit;
import org.dualad.optim.CurveModel;
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
 * The least-squares Jacobian an optimizer asks for at every iteration: a curve model's
 * predictions at m data points and their m x p Jacobian with respect to the p parameters, for
 * four NIST StRD models (Misra1a p = 2, m = 14; Chwirut2 p = 3, m = 54; Hahn1 p = 7, m = 236;
 * Gauss1 p = 8, m = 250) at their certified parameters, with m points spread evenly over each
 * problem's x range (the data's values do not change the work). Side by side: the predictions in
 * plain double (the 1x), {@link CurveFit#value} (what Commons Math's Levenberg-Marquardt calls)
 * and, as the peer, Commons Math {@code DerivativeStructure} with p free parameters at every data
 * point.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar CurveFitBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CurveFitBench {
    @Param({"misra1a", "chwirut2", "hahn1", "gauss1"})
    public String model;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    private CurveModel generic;
    private double[] xs;
    private double[] b;
    private RealVector point;
    private CurveFit fit;

    /**
     * Prepares the benchmark and, in the several setting, runs every other method first.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        setUp();
        Several.warm(this, params, setting, 300);
    }

    /** Prepares the benchmark. */
    void setUp() {
        switch (model) {
            case "misra1a":
                init(CurveFitBench::misra1a, 14, 77.6, 760.0, 238.94212918, 0.00055015643181);
                break;
            case "chwirut2":
                init(CurveFitBench::chwirut2, 54, 0.5, 6.0, 0.16657666537, 0.0051653291286, 0.012150007096);
                break;
            case "hahn1":
                init(CurveFitBench::hahn1, 236, 14.13, 851.61, 1.0776351733, -0.12269296921, 0.004086375061,
                        -1.4262662514e-06, -0.0057609940901, 0.00024053735503, -1.2314450199e-07);
                break;
            case "gauss1":
                init(CurveFitBench::gauss1, 250, 1.0, 250.0, 98.778210871, 0.010497276517, 100.48990633,
                        67.481111276, 23.12977336, 71.994503004, 178.99805021, 18.389389025);
                break;
            default:
                throw new IllegalArgumentException("CurveFitBench: unknown model " + model);
        }
    }

    private void init(CurveModel f, int m, double lo, double hi, double... certified) {
        generic = f;
        xs = new double[m];
        for (int i = 0; i < m; i++) {
            xs[i] = lo + (hi - lo) * i / (m - 1);
        }
        b = certified;
        point = new ArrayRealVector(certified);
        fit = CurveFit.of(f, xs);
    }

    /** Misra1a: y = b1 (1 - exp(-b2 x)). */
    static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {
        return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
    }

    /** Chwirut2: y = exp(-b1 x) / (b2 + b3 x). */
    static <T extends RealFieldElement<T>> T chwirut2(T[] b, double x) {
        return b[0].multiply(-x).exp().divide(b[1].add(b[2].multiply(x)));
    }

    /** Hahn1: y = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3). */
    static <T extends RealFieldElement<T>> T hahn1(T[] b, double x) {
        T num = b[0].add(b[1].multiply(x)).add(b[2].multiply(x * x)).add(b[3].multiply(x * x * x));
        T den = b[4].multiply(x).add(b[5].multiply(x * x)).add(b[6].multiply(x * x * x)).add(1);
        return num.divide(den);
    }

    /** Gauss1: y = b1 exp(-b2 x) + b3 exp(-(x - b4)^2 / b5^2) + b6 exp(-(x - b7)^2 / b8^2). */
    static <T extends RealFieldElement<T>> T gauss1(T[] b, double x) {
        T g1 = b[3].negate().add(x).divide(b[4]);
        T g2 = b[6].negate().add(x).divide(b[7]);
        return b[0].multiply(b[1].multiply(-x).exp())
                .add(b[2].multiply(g1.multiply(g1).negate().exp()))
                .add(b[5].multiply(g2.multiply(g2).negate().exp()));
    }

    /** The model in plain double, its generic expression in its order. */
    static double plain(String model, double[] b, double x) {
        switch (model) {
            case "misra1a":
                return b[0] * (-Math.exp(b[1] * -x) + 1);
            case "chwirut2":
                return Math.exp(b[0] * -x) / (b[1] + b[2] * x);
            case "hahn1":
                return (b[0] + b[1] * x + b[2] * (x * x) + b[3] * (x * x * x))
                        / (b[4] * x + b[5] * (x * x) + b[6] * (x * x * x) + 1);
            default:
                double g1 = (-b[3] + x) / b[4];
                double g2 = (-b[6] + x) / b[7];
                return b[0] * Math.exp(b[1] * -x) + b[2] * Math.exp(-(g1 * g1)) + b[5] * Math.exp(-(g2 * g2));
        }
    }

    /** The predictions in plain double: the 1x. */
    @Benchmark
    public double[] plainPredictions() {
        double[] y = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            y[i] = plain(model, b, xs[i]);
        }
        return y;
    }

    /** DualAD: predictions and the m x p Jacobian, as Levenberg-Marquardt asks for them. */
    @Benchmark
    public Pair<RealVector, RealMatrix> curveFit() {
        return fit.value(point);
    }

    /**
     * Peer: Commons Math DerivativeStructure with p parameters of order 1 at every data point
     * (the prediction and its row of the Jacobian in one pass).
     */
    @Benchmark
    @OwnType
    public double[][] derivativeStructure() {
        int p = b.length;
        DerivativeStructure[] params = new DerivativeStructure[p];
        for (int j = 0; j < p; j++) {
            params[j] = new DerivativeStructure(p, 1, j, b[j]);
        }
        double[][] jac = new double[xs.length][p + 1];
        int[] orders = new int[p];
        for (int i = 0; i < xs.length; i++) {
            DerivativeStructure y = generic.value(params, xs[i]);
            jac[i][p] = y.getValue();
            for (int j = 0; j < p; j++) {
                orders[j] = 1;
                jac[i][j] = y.getPartialDerivative(orders);
                orders[j] = 0;
            }
        }
        return jac;
    }
}
