package org.dualad.reverse;

import java.util.Arrays;
import org.dualad.dual.Op;

/**
 * The replay decision keys of a {@link Tape}: for every piecewise op recorded (abs, floor,
 * remainder, ...), in tape order, its node index and the key of the discrete decision it took.
 * A replay at another point follows the recorded graph only while every key stays the same, so
 * {@link Recording}, {@link ReplayProgram} and {@link CompiledTape} recompute each key with
 * {@link #keyOf} and compare it with {@link #same}. 12 bytes a slot; the arrays double when full
 * and are kept by {@link #clear()}.
 */
final class Decisions {
    /** The node of each decision, in tape order. */
    int[] node = new int[8];
    /** The key of each decision, parallel to {@link #node}. */
    double[] key = new double[8];
    /** The number of decisions recorded. */
    int count;

    /**
     * The discrete decision a piecewise op took: what must stay equal for a replay at another
     * point to follow the same piece.
     */
    static double keyOf(Op o, double x, double c, double f0, double f1, double gy) {
        switch (o) {
            case ABS:
            case COPY_SIGN:
            case COPY_SIGN_CONSTANT:
                return f1; // the sign applied
            case FLOOR:
            case CEIL:
            case RINT:
            case SIGNUM:
                return f0; // the integer (or sign) chosen
            case REMAINDER:
                return gy; // -n, the quotient chosen
            case REMAINDER_CONSTANT:
                return Math.rint((x - f0) / c);
            default:
                return 0;
        }
    }

    /** Same decision: equal numbers (0.0 == -0.0), or both NaN. */
    static boolean same(double a, double b) {
        return a == b || (a != a && b != b);
    }

    /** Records the decision op o took at node, given its argument, constant and rule results. */
    void add(int at, Op o, double x, double c, double f0, double f1, double gy) {
        if (count == node.length) {
            node = Arrays.copyOf(node, 2 * count);
            key = Arrays.copyOf(key, 2 * count);
        }
        node[count] = at;
        key[count] = keyOf(o, x, c, f0, f1, gy);
        count++;
    }

    /** Forgets every decision, keeping the arrays. */
    void clear() {
        count = 0;
    }

    /** @return the bytes of the two arrays (headers not counted) */
    long bytes() {
        return 4L * node.length + 8L * key.length;
    }
}
