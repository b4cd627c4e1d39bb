/**
 * Reverse mode: a struct-of-arrays {@link org.dualad.reverse.Tape} of primitive arrays, the light
 * {@link org.dualad.reverse.Var} handle, the {@link org.dualad.reverse.Reverse} facade (gradient,
 * vjp, Jacobian), record-once replay ({@link org.dualad.reverse.Recording}) and Graphviz export
 * ({@link org.dualad.reverse.Dot}).
 */
package org.dualad.reverse;
