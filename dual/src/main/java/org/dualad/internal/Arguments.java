package org.dualad.internal;

import java.util.Objects;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;

/**
 * The argument checks every facade shares, so that every mode words its errors the same way:
 * the method, the argument, the expected shape and what came.
 */
public final class Arguments {
    private Arguments() {
    }

    /**
     * @param f a function argument
     * @param method the calling method, e.g. "gradient"
     * @param <F> the function type
     * @return f
     * @throws NullPointerException naming the method and argument if f is null
     */
    public static <F> F function(F f, String method) {
        return Objects.requireNonNull(f, () -> method + ": f must not be null");
    }

    /**
     * @param x a point
     * @param method the calling method
     * @return x
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x is empty
     */
    public static double[] point(double[] x, String method) {
        Objects.requireNonNull(x, () -> method + ": x must not be null");
        if (x.length == 0) {
            throw new IllegalArgumentException(method + ": x must have at least one element, got an empty array");
        }
        return x;
    }

    /**
     * @param v a vector that must match the point's length
     * @param name the argument's name, e.g. "v"
     * @param n the expected length
     * @param method the calling method
     * @return v
     * @throws NullPointerException if v is null
     * @throws IllegalArgumentException if v has another length
     */
    public static double[] sameLength(double[] v, String name, int n, String method) {
        Objects.requireNonNull(v, () -> method + ": " + name + " must not be null");
        if (v.length != n) {
            throw new IllegalArgumentException(method + ": " + name + " has length " + v.length
                    + " but x has length " + n + "; pass one entry per input");
        }
        return v;
    }

    /**
     * Checks a vector function's output.
     *
     * @param y what f returned
     * @param expected the length it returned before, or -1 on the first call
     * @param method the calling method
     * @param <T> the element type
     * @return y
     * @throws IllegalArgumentException if y is null, empty, holds a null, or changed length
     */
    public static <T> T[] output(T[] y, int expected, String method) {
        if (y == null) {
            throw new IllegalArgumentException(method + ": f returned null; a VectorFunction must return its m outputs");
        }
        if (expected >= 0 && y.length != expected) {
            throw new IllegalArgumentException(method + ": f returned " + y.length + " outputs but "
                    + expected + " before; a VectorFunction must return the same number of outputs on every call");
        }
        if (y.length == 0) {
            throw new IllegalArgumentException(method + ": f returned no outputs; expected at least one");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null) {
                throw new IllegalArgumentException(method + ": f returned null at output " + i);
            }
        }
        return y;
    }

    /**
     * Checks a scalar function's output.
     *
     * @param y what f returned
     * @param method the calling method
     * @param <T> the element type
     * @return y
     * @throws IllegalArgumentException if y is null
     */
    public static <T> T output(T y, String method) {
        if (y == null) {
            throw new IllegalArgumentException(method + ": f returned null; a ScalarFunction must return its value");
        }
        return y;
    }
}
