package org.dualad.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.hipparchus.CalculusFieldElement;

/**
 * The function set of the C++ anchors (CppAD, ADOL-C), each written ONCE generically over
 * Commons Math's {@link RealFieldElement} (every DualAD mode, DerivativeStructure, SparseGradient
 * run the same method), beside its plain {@code double} twin (the 1x of every ratio) and, for the
 * Hipparchus peer only, a twin over Hipparchus' {@link CalculusFieldElement} (that library has no
 * common interface with Commons Math; those copies are deliberate and never run by DualAD).
 *
 * <ul>
 *   <li>{@code rosenbrock}: extended Rosenbrock, sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2;</li>
 *   <li>{@code logSumExp}: log sum_r exp((A x)_r / sqrt n) for a fixed random 8 x n map A (every
 *       input touches every row: a dense Hessian);</li>
 *   <li>{@code mlp}: the mean squared error of a 2-H-H-1 tanh network over 8 fixed samples, x its
 *       H^2 + 5H + 1 weights (H the largest with that count &le; the nominal n);</li>
 *   <li>{@code grid}: the 2-D minimal-surface energy h^2 sum sqrt(1 + |grad u|^2) over the cells of
 *       an (m+2) x (m+2) grid, x its m x m interior (m = floor(sqrt n)), the boundary fixed.</li>
 * </ul>
 */
public final class Anchors {
    /** The function names, as the benchmarks' {@code function} parameter takes them. */
    public static final String[] NAMES = {"rosenbrock", "logSumExp", "mlp", "grid"};

    /** Rows of the log-sum-exp map. */
    static final int ROWS = 8;
    /** The largest n the log-sum-exp map covers. */
    static final int MAX_N = 4096;
    /** A fixed ROWS x MAX_N map of N(0, 1) deviates, seed 20231123 (scaled by 1/sqrt n at use). */
    private static final double[][] MAP = map();

    /** MLP input features. */
    static final int FEATURES = 2;
    /** MLP samples (the loss is their mean). */
    static final int SAMPLES = 8;
    /** The MLP's fixed samples, SAMPLES x FEATURES, and their targets. */
    private static final double[][] DATA = new double[SAMPLES][FEATURES];
    private static final double[] TARGET = new double[SAMPLES];

    static {
        for (int s = 0; s < SAMPLES; s++) {
            DATA[s][0] = Math.cos(0.7 * s);
            DATA[s][1] = Math.sin(1.3 * s + 0.2);
            TARGET[s] = Math.sin(DATA[s][0] + 2 * DATA[s][1]);
        }
    }

    private Anchors() {
    }

    private static double[][] map() {
        SplittableRandom r = new SplittableRandom(20231123);
        double[][] a = new double[ROWS][MAX_N];
        for (double[] row : a) {
            for (int i = 0; i < MAX_N; i++) {
                // Box-Muller: a normal deviate from two uniforms
                row[i] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            }
        }
        return a;
    }

    // ---------------------------------------------------------------- sizes and points

    /**
     * The number of inputs the named function takes at a nominal size n (the MLP's weight count,
     * the grid's interior, both the largest not above n).
     *
     * @param function one of {@link #NAMES}
     * @param n the nominal size, &ge; 2 (&ge; 7 for mlp)
     * @return the input count
     */
    public static int size(String function, int n) {
        switch (function) {
            case "rosenbrock":
                return n;
            case "logSumExp":
                if (n > MAX_N) {
                    throw new IllegalArgumentException("size: logSumExp takes at most " + MAX_N + " inputs, got " + n);
                }
                return n;
            case "mlp":
                int h = hidden(n);
                return h * h + 5 * h + 1;
            case "grid":
                int m = (int) Math.floor(Math.sqrt(n));
                return m * m;
            default:
                throw new IllegalArgumentException("size: function must be one of " + Arrays.toString(NAMES)
                        + ", got " + function);
        }
    }

    /** The largest H with H^2 + 5H + 1 &le; n. */
    private static int hidden(int n) {
        int h = 0;
        while ((h + 1) * (h + 1) + 5 * (h + 1) + 1 <= n) {
            h++;
        }
        if (h == 0) {
            throw new IllegalArgumentException("size: mlp needs n >= 7 (one hidden unit), got " + n);
        }
        return h;
    }

    /** The hidden width H of an MLP weight vector of k entries (k = H^2 + 5H + 1). */
    private static int hiddenOf(int k) {
        int h = hidden(k);
        if (h * h + 5 * h + 1 != k) {
            throw new IllegalArgumentException("mlp: x must have H^2 + 5H + 1 entries (7, 15, 25, ...), got " + k);
        }
        return h;
    }

    /** The side m of a grid interior of k = m^2 entries. */
    private static int sideOf(int k) {
        int m = (int) Math.round(Math.sqrt(k));
        if (m * m != k) {
            throw new IllegalArgumentException("grid: x must have m^2 entries, got " + k);
        }
        return m;
    }

    /**
     * The benchmark point of the named function: x[i] = 0.5 + 0.3 sin(i) (rosenbrock, logSumExp),
     * 0.4 sin(1.7 i + 0.3) (the MLP's weights), 0.1 sin(i) (the grid's interior).
     *
     * @param function one of {@link #NAMES}
     * @param n the nominal size
     * @return the point, {@link #size} entries
     */
    public static double[] point(String function, int n) {
        double[] x = new double[size(function, n)];
        for (int i = 0; i < x.length; i++) {
            switch (function) {
                case "mlp":
                    x[i] = 0.4 * Math.sin(1.7 * i + 0.3);
                    break;
                case "grid":
                    x[i] = 0.1 * Math.sin(i);
                    break;
                default:
                    x[i] = 0.5 + 0.3 * Math.sin(i);
            }
        }
        return x;
    }

    /**
     * @param function one of {@link #NAMES}
     * @return the generic function, for every DualAD mode and the Commons Math peers
     */
    public static ScalarFunction function(String function) {
        switch (function) {
            case "rosenbrock":
                return Anchors::rosenbrock;
            case "logSumExp":
                return Anchors::logSumExp;
            case "mlp":
                return Anchors::mlp;
            case "grid":
                return Anchors::grid;
            default:
                throw new IllegalArgumentException("function: must be one of " + Arrays.toString(NAMES)
                        + ", got " + function);
        }
    }

    /**
     * The plain double evaluation of the named function.
     *
     * @param function one of {@link #NAMES}
     * @param x the point
     * @return f(x)
     */
    public static double plain(String function, double[] x) {
        switch (function) {
            case "rosenbrock":
                return rosenbrock(x);
            case "logSumExp":
                return logSumExp(x);
            case "mlp":
                return mlp(x);
            case "grid":
                return grid(x);
            default:
                throw new IllegalArgumentException("plain: function must be one of " + Arrays.toString(NAMES)
                        + ", got " + function);
        }
    }

    // ---------------------------------------------------------------- the generic functions

    /**
     * Extended Rosenbrock.
     *
     * @param x at least 2 inputs
     * @param <T> the number type
     * @return sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
     */
    public static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /**
     * Log-sum-exp of a fixed linear map.
     *
     * @param x up to {@link #MAX_N} inputs
     * @param <T> the number type
     * @return log sum_r exp((A x)_r / sqrt n)
     */
    public static <T extends RealFieldElement<T>> T logSumExp(T[] x) {
        double scale = 1 / Math.sqrt(x.length);
        T sum = x[0].getField().getZero();
        for (double[] row : MAP) {
            T z = x[0].multiply(row[0] * scale);
            for (int i = 1; i < x.length; i++) {
                z = z.add(x[i].multiply(row[i] * scale));
            }
            sum = sum.add(z.exp());
        }
        return sum.log();
    }

    /**
     * The mean squared error of a 2-H-H-1 network with tanh hidden layers. Weight layout: W1 (H x 2),
     * b1 (H), W2 (H x H), b2 (H), w3 (H), b3.
     *
     * @param x H^2 + 5H + 1 weights
     * @param <T> the number type
     * @return (1/8) sum_s (net(data_s) - target_s)^2
     */
    public static <T extends RealFieldElement<T>> T mlp(T[] x) {
        int h = hiddenOf(x.length);
        int b1 = FEATURES * h;
        int w2 = b1 + h;
        int b2 = w2 + h * h;
        int w3 = b2 + h;
        int b3 = w3 + h;
        T[] h1 = Arrays.copyOf(x, h);
        T[] h2 = Arrays.copyOf(x, h);
        T loss = x[0].getField().getZero();
        for (int s = 0; s < SAMPLES; s++) {
            double[] d = DATA[s];
            for (int j = 0; j < h; j++) {
                T z = x[b1 + j];
                for (int k = 0; k < FEATURES; k++) {
                    z = z.add(x[j * FEATURES + k].multiply(d[k]));
                }
                h1[j] = z.tanh();
            }
            for (int j = 0; j < h; j++) {
                T z = x[b2 + j];
                for (int k = 0; k < h; k++) {
                    z = z.add(x[w2 + j * h + k].multiply(h1[k]));
                }
                h2[j] = z.tanh();
            }
            T y = x[b3];
            for (int k = 0; k < h; k++) {
                y = y.add(x[w3 + k].multiply(h2[k]));
            }
            T r = y.subtract(TARGET[s]);
            loss = loss.add(r.multiply(r));
        }
        return loss.divide(SAMPLES);
    }

    /** The fixed boundary of the grid: u(s, t) = sin(pi s) cos(pi t) / 2 on the unit square's edge. */
    private static double boundary(int i, int j, int m) {
        double hs = 1.0 / (m + 1);
        return 0.5 * Math.sin(Math.PI * i * hs) * Math.cos(Math.PI * j * hs);
    }

    /**
     * The minimal-surface energy of a grid function with fixed boundary: forward differences on
     * every cell of the (m+2) x (m+2) grid, spacing h = 1/(m+1).
     *
     * @param x the m^2 interior values, row by row
     * @param <T> the number type
     * @return h^2 sum_cells sqrt(1 + (dx/h)^2 + (dy/h)^2)
     */
    public static <T extends RealFieldElement<T>> T grid(T[] x) {
        int m = sideOf(x.length);
        int w = m + 2;
        double h = 1.0 / (m + 1);
        double inv2 = 1 / (h * h);
        T zero = x[0].getField().getZero();
        T[] u = Arrays.copyOf(x, w * w); // the runtime type of x, for boundary and interior alike
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < w; j++) {
                boolean edge = i == 0 || j == 0 || i == w - 1 || j == w - 1;
                u[i * w + j] = edge ? zero.add(boundary(i, j, m)) : x[(i - 1) * m + (j - 1)];
            }
        }
        T e = zero;
        for (int i = 0; i + 1 < w; i++) {
            for (int j = 0; j + 1 < w; j++) {
                T c = u[i * w + j];
                T dx = u[(i + 1) * w + j].subtract(c);
                T dy = u[i * w + j + 1].subtract(c);
                e = e.add(dx.multiply(dx).add(dy.multiply(dy)).multiply(inv2).add(1).sqrt());
            }
        }
        return e.multiply(h * h);
    }

    // ---------------------------------------------------------------- plain double twins

    static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            // the generic f's expression and order ((s + a a 100) + b b): the twin must round as
            // f does, or the 1x of every ratio runs a shorter dependency chain than f
            s = s + a * a * 100 + b * b;
        }
        return s;
    }

    static double logSumExp(double[] x) {
        double scale = 1 / Math.sqrt(x.length);
        double sum = 0;
        for (double[] row : MAP) {
            double z = x[0] * (row[0] * scale);
            for (int i = 1; i < x.length; i++) {
                z += x[i] * (row[i] * scale);
            }
            sum += Math.exp(z);
        }
        return Math.log(sum);
    }

    static double mlp(double[] x) {
        int h = hiddenOf(x.length);
        int b1 = FEATURES * h;
        int w2 = b1 + h;
        int b2 = w2 + h * h;
        int w3 = b2 + h;
        int b3 = w3 + h;
        double[] h1 = new double[h];
        double[] h2 = new double[h];
        double loss = 0;
        for (int s = 0; s < SAMPLES; s++) {
            double[] d = DATA[s];
            for (int j = 0; j < h; j++) {
                double z = x[b1 + j];
                for (int k = 0; k < FEATURES; k++) {
                    z += x[j * FEATURES + k] * d[k];
                }
                h1[j] = Math.tanh(z);
            }
            for (int j = 0; j < h; j++) {
                double z = x[b2 + j];
                for (int k = 0; k < h; k++) {
                    z += x[w2 + j * h + k] * h1[k];
                }
                h2[j] = Math.tanh(z);
            }
            double y = x[b3];
            for (int k = 0; k < h; k++) {
                y += x[w3 + k] * h2[k];
            }
            double r = y - TARGET[s];
            loss += r * r;
        }
        return loss / SAMPLES;
    }

    static double grid(double[] x) {
        int m = sideOf(x.length);
        int w = m + 2;
        double h = 1.0 / (m + 1);
        double inv2 = 1 / (h * h);
        double[] u = new double[w * w];
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < w; j++) {
                boolean edge = i == 0 || j == 0 || i == w - 1 || j == w - 1;
                u[i * w + j] = edge ? boundary(i, j, m) : x[(i - 1) * m + (j - 1)];
            }
        }
        double e = 0;
        for (int i = 0; i + 1 < w; i++) {
            for (int j = 0; j + 1 < w; j++) {
                double c = u[i * w + j];
                double dx = u[(i + 1) * w + j] - c;
                double dy = u[i * w + j + 1] - c;
                e += Math.sqrt((dx * dx + dy * dy) * inv2 + 1);
            }
        }
        return e * (h * h);
    }

    // ---------------------------------------------------------------- Hipparchus twins (peer only)

    /**
     * The named function over Hipparchus' field elements, for the Hipparchus peer.
     *
     * @param function one of {@link #NAMES}
     * @param x the point
     * @param <T> the Hipparchus number type
     * @return f(x)
     */
    public static <T extends CalculusFieldElement<T>> T hipparchus(String function, T[] x) {
        switch (function) {
            case "rosenbrock":
                return rosenbrockH(x);
            case "logSumExp":
                return logSumExpH(x);
            case "mlp":
                return mlpH(x);
            case "grid":
                return gridH(x);
            default:
                throw new IllegalArgumentException("hipparchus: function must be one of " + Arrays.toString(NAMES)
                        + ", got " + function);
        }
    }

    static <T extends CalculusFieldElement<T>> T rosenbrockH(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    static <T extends CalculusFieldElement<T>> T logSumExpH(T[] x) {
        double scale = 1 / Math.sqrt(x.length);
        T sum = x[0].getField().getZero();
        for (double[] row : MAP) {
            T z = x[0].multiply(row[0] * scale);
            for (int i = 1; i < x.length; i++) {
                z = z.add(x[i].multiply(row[i] * scale));
            }
            sum = sum.add(z.exp());
        }
        return sum.log();
    }

    static <T extends CalculusFieldElement<T>> T mlpH(T[] x) {
        int h = hiddenOf(x.length);
        int b1 = FEATURES * h;
        int w2 = b1 + h;
        int b2 = w2 + h * h;
        int w3 = b2 + h;
        int b3 = w3 + h;
        T[] h1 = Arrays.copyOf(x, h);
        T[] h2 = Arrays.copyOf(x, h);
        T loss = x[0].getField().getZero();
        for (int s = 0; s < SAMPLES; s++) {
            double[] d = DATA[s];
            for (int j = 0; j < h; j++) {
                T z = x[b1 + j];
                for (int k = 0; k < FEATURES; k++) {
                    z = z.add(x[j * FEATURES + k].multiply(d[k]));
                }
                h1[j] = z.tanh();
            }
            for (int j = 0; j < h; j++) {
                T z = x[b2 + j];
                for (int k = 0; k < h; k++) {
                    z = z.add(x[w2 + j * h + k].multiply(h1[k]));
                }
                h2[j] = z.tanh();
            }
            T y = x[b3];
            for (int k = 0; k < h; k++) {
                y = y.add(x[w3 + k].multiply(h2[k]));
            }
            T r = y.subtract(TARGET[s]);
            loss = loss.add(r.multiply(r));
        }
        return loss.divide(SAMPLES);
    }

    static <T extends CalculusFieldElement<T>> T gridH(T[] x) {
        int m = sideOf(x.length);
        int w = m + 2;
        double h = 1.0 / (m + 1);
        double inv2 = 1 / (h * h);
        T zero = x[0].getField().getZero();
        T[] u = Arrays.copyOf(x, w * w);
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < w; j++) {
                boolean edge = i == 0 || j == 0 || i == w - 1 || j == w - 1;
                u[i * w + j] = edge ? zero.add(boundary(i, j, m)) : x[(i - 1) * m + (j - 1)];
            }
        }
        T e = zero;
        for (int i = 0; i + 1 < w; i++) {
            for (int j = 0; j + 1 < w; j++) {
                T c = u[i * w + j];
                T dx = u[(i + 1) * w + j].subtract(c);
                T dy = u[i * w + j + 1].subtract(c);
                e = e.add(dx.multiply(dx).add(dy.multiply(dy)).multiply(inv2).add(1).sqrt());
            }
        }
        return e.multiply(h * h);
    }
}
