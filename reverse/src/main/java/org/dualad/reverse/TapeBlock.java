package org.dualad.reverse;

import org.dualad.dual.Chain;
import org.dualad.dual.VectorRule;

/**
 * One application of a {@link VectorRule} (or a {@link org.dualad.dual.Matrices} operation) on a
 * tape: its outputs are the m consecutive nodes [base, base + m), and its adjoint is one call of
 * the rule's vjp with their adjoints, added into its inputs' nodes. The tapes keep these in a side
 * list in tape order and stop their plain sweep at each block, so the per-node sweep loop stays as
 * it was.
 */
final class TapeBlock {
    final VectorRule.Linearization lin;
    final int base;
    final int m;
    /** The input nodes, -1 for a constant input. */
    final int[] inputs;
    /** d input / d its node (the edge tape's folded unary chains); null means all 1 (the op tape). */
    final double[] partials;

    TapeBlock(VectorRule.Linearization lin, int base, int[] inputs, double[] partials) {
        this.lin = lin;
        this.base = base;
        this.m = lin.rule().outputs();
        this.inputs = inputs;
        this.partials = partials;
    }

    /**
     * Adds the block's adjoint into its inputs: adj[input i] += partial_i (ybar^T J)_i, ybar the
     * adjoints of the outputs. Outputs whose adjoints are all exactly 0 pass nothing on and the
     * user's vjp is not called (the zero-adjoint skip of the sweeps).
     */
    void sweep(double[] adj) {
        double[] ybar = new double[m];
        boolean live = false;
        for (int j = 0; j < m; j++) {
            ybar[j] = adj[base + j];
            live |= ybar[j] != 0;
        }
        if (!live) {
            return;
        }
        double[] xbar = lin.vjp(ybar);
        for (int i = 0; i < inputs.length; i++) {
            int k = inputs[i];
            if (k >= 0) {
                adj[k] += partials == null ? xbar[i] : Chain.term(partials[i], xbar[i]);
            }
        }
    }

    /** Bytes kept beyond the output nodes: the input indices (and partials) and the linearization. */
    long bytes() {
        return 4L * inputs.length + (partials == null ? 0 : 8L * partials.length) + lin.bytes();
    }

    /** The error of a recording that cannot replay this block. */
    String describe() {
        return "the vector rule '" + lin.rule().name() + "' (nodes #" + base + " to #" + (base + m - 1) + ")";
    }
}
