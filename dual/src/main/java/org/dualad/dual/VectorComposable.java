package org.dualad.dual;

/**
 * The hook by which a number type outside this package (the reverse-mode variables) carries a
 * {@link VectorRule} or a {@link Matrices} operation: given the block linearized at the inputs'
 * values, it makes the outputs, typically by recording the block as one unit whose adjoint calls
 * {@link VectorRule.Linearization#vjp} once in the backward sweep.
 *
 * @param <T> the number type (the implementing class)
 */
public interface VectorComposable<T> {
    /**
     * Applies a linearized block to x.
     *
     * @param lin the block at x's values (its outputs are {@link VectorRule.Linearization#output})
     * @param x the inputs, {@code lin.rule().inputs()} numbers of this type, none null (not modified)
     * @param y where to put the {@code lin.rule().outputs()} results (modified)
     */
    void composeVector(VectorRule.Linearization lin, T[] x, T[] y);
}
