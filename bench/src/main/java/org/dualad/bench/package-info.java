/**
 * JMH benchmarks of every mode, always side by side with a peer (plain {@code double},
 * Commons Math {@code DerivativeStructure}/{@code SparseGradient}, Hipparchus {@code Gradient},
 * finite differences). Results are reported as ratios in the README.
 */
package org.dualad.bench;
