package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Dual;
import org.junit.jupiter.api.Test;

/**
 * Worked example 8: a 1-16-16-1 tanh perceptron trained by reverse-mode gradients (Adam, written
 * here) to fit sin(pi x) on [-1, 1] to a mean squared error below 1e-3; its input derivative by
 * forward mode then matches pi cos(pi x) within 0.1 on [-0.9, 0.9].
 */
class MlpExampleTest {
    private static final int H = 16;
    /** W1 (16), b1 (16), W2 (16 x 16), b2 (16), W3 (16), b3 (1). */
    private static final int PARAMS = H + H + H * H + H + H + 1;
    private static final int SAMPLES = 81;
    private static final double[] XS = new double[SAMPLES];
    private static final double[] YS = new double[SAMPLES];

    static {
        for (int s = 0; s < SAMPLES; s++) {
            XS[s] = -1 + 2.0 * s / (SAMPLES - 1);
            YS[s] = Math.sin(Math.PI * XS[s]);
        }
    }

    /** The network at input x, parameters p. */
    static <T extends RealFieldElement<T>> T net(T[] p, T x) {
        T[] h1 = MathArrays.buildArray(x.getField(), H);
        for (int j = 0; j < H; j++) {
            h1[j] = p[j].multiply(x).add(p[H + j]).tanh();
        }
        int w2 = 2 * H;
        int b2 = w2 + H * H;
        int w3 = b2 + H;
        T out = p[w3 + H];
        for (int k = 0; k < H; k++) {
            T z = p[b2 + k];
            for (int j = 0; j < H; j++) {
                z = z.add(p[w2 + k * H + j].multiply(h1[j]));
            }
            out = out.add(p[w3 + k].multiply(z.tanh()));
        }
        return out;
    }

    /** Mean squared error over the samples, as a function of the parameters. */
    static <T extends RealFieldElement<T>> T loss(T[] p) {
        T sum = p[0].getField().getZero();
        for (int s = 0; s < SAMPLES; s++) {
            T e = net(p, p[0].getField().getZero().add(XS[s])).subtract(YS[s]);
            sum = sum.add(e.multiply(e));
        }
        return sum.divide(SAMPLES);
    }

    @Test
    void trainsByReverseGradientsAndDifferentiatesByDuals() {
        Random rnd = new Random(42);
        double[] p = new double[PARAMS];
        for (int i = 0; i < PARAMS; i++) {
            double fanIn = i < 2 * H ? 1 : H;
            p[i] = rnd.nextGaussian() / Math.sqrt(fanIn);
        }
        // Adam
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double[] m = new double[PARAMS];
        double[] v = new double[PARAMS];
        double mse = Double.NaN;
        Recording rec = Reverse.record(MlpExampleTest::loss, p); // no branches: replayed every step
        for (int step = 1; step <= 8000; step++) {
            ValueAndGradient vg = rec.valueAndGradient(p);
            mse = vg.value();
            if (mse < 3e-6) {
                break;
            }
            double[] g = vg.gradient();
            double c1 = 1 - Math.pow(b1, step);
            double c2 = 1 - Math.pow(b2, step);
            for (int i = 0; i < PARAMS; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
            }
            if (step == 3000) {
                lr = 0.002;
            }
        }
        assertEquals(0, rec.reRecordings());
        assertTrue(mse < 1e-3, "MSE " + mse);
        // the replayed value is the recorded one, the gradient to rounding
        RecordingTest.assertReplayed(Reverse.valueAndGradient(MlpExampleTest::loss, p), rec.valueAndGradient(p));

        Dual[] dp = MathArrays.buildArray(Dual.FIELD, PARAMS);
        for (int i = 0; i < PARAMS; i++) {
            dp[i] = Dual.constant(p[i]);
        }
        double worst = 0;
        for (int s = 0; s <= 36; s++) {
            double x = -0.9 + 0.05 * s;
            double d = net(dp, Dual.variable(x)).tangent();
            worst = Math.max(worst, Math.abs(d - Math.PI * Math.cos(Math.PI * x)));
        }
        assertTrue(worst < 0.1, "worst derivative error " + worst + " at MSE " + mse);
    }
}
