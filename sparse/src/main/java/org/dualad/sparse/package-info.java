/**
 * Sparse Jacobians and Hessians beside the dense API: a sparsity pattern detected from one
 * recording of f, a graph coloring, compressed evaluation (one direction per color) and direct
 * recovery into EJML's {@link org.ejml.data.DMatrixSparseCSC}.
 *
 * <ul>
 *   <li>{@link org.dualad.sparse.Sparse}: one-shot {@code jacobian}, {@code hessian},
 *       {@code jacobianPattern}, {@code hessianPattern}.</li>
 *   <li>{@link org.dualad.sparse.SparseJacobian}, {@link org.dualad.sparse.SparseHessian}:
 *       pattern and coloring computed once ({@code of(f, x0)} or {@code of(f, pattern)}), then
 *       {@code at(x)} per call; immutable and thread-safe.</li>
 *   <li>{@link org.dualad.sparse.SparsityPattern}: detected or user-supplied;
 *       {@link org.dualad.sparse.Coloring}: distance-1 column and star colorings.</li>
 *   <li>{@link org.dualad.sparse.SparseLeastSquares}: Gauss-Newton and Levenberg-Marquardt on
 *       EJML's sparse Cholesky of J^T J.</li>
 * </ul>
 *
 * <h2>Pattern detection</h2>
 * f is recorded once at x0 on an op {@link org.dualad.reverse.Tape}; each node's operation
 * ({@link org.dualad.dual.Op}) decides what it contributes:
 * <table>
 *   <caption>what an operation contributes to the patterns</caption>
 *   <tr><th>operations</th><th>Jacobian</th><th>Hessian interactions</th></tr>
 *   <tr><td>+, -, negate, x + c, x - c, c x, x / c, scalb, abs, copySign (its magnitude),
 *       remainder</td><td>union of the arguments' inputs</td><td>none</td></tr>
 *   <tr><td>floor, ceil, rint, signum, the sign argument of copySign, x^0</td>
 *       <td>nothing (the derivative is zero wherever defined)</td><td>none</td></tr>
 *   <tr><td>x y (two variables)</td><td>union</td><td>every pair across: inputs(x) x inputs(y)
 *       and its mirror (x x: every pair of inputs(x))</td></tr>
 *   <tr><td>x / y</td><td>union</td><td>the pairs across, and every pair of inputs(y)</td></tr>
 *   <tr><td>any other (sin, exp, sqrt, x^c, pow, atan2, hypot, ...)</td><td>union</td>
 *       <td>every pair of the union of the arguments' inputs</td></tr>
 * </table>
 * Only nodes that reach the output count. The result is exact for the recorded path in the
 * structural sense: values and partials are never read, so a derivative that happens to be zero
 * at x0 (a kink convention such as abs'(0), sin''(0)) keeps its entries, and cancellation
 * ((x + y) - y) is not seen. Where f branches on values (getReal, comparisons) the pattern holds
 * for the branches taken at x0; for other points supply a pattern covering every branch
 * ({@link org.dualad.sparse.SparsityPattern#of(int, int, int[][])}): an entry missing from the
 * pattern corrupts the entries recovered from the same compressed column.
 *
 * <h2>Evaluation and accuracy</h2>
 * Jacobians: one {@link org.dualad.dual.MultiDual} pass with one direction per column color,
 * bitwise equal to {@link org.dualad.dual.Forward#jacobian} (each recovered entry is the tangent of
 * its one seeded column); or, when the rows need far fewer colors, one op-tape recording and one
 * backward sweep per row color, equal to {@link org.dualad.reverse.Reverse#jacobian} to rounding.
 * Hessians: one {@link org.dualad.dual.HTape} recording per point and one Hessian-vector product
 * per star color; equal to {@link org.dualad.hybrid.Hybrid#hessian} to rounding and exactly
 * symmetric.
 */
package org.dualad.sparse;
