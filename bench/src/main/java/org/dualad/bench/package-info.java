/**
 * JMH benchmarks of every mode, always side by side with a peer (plain {@code double},
 * Commons Math {@code DerivativeStructure}/{@code SparseGradient}, Hipparchus {@code Gradient},
 * finite differences). Results are reported as ratios in the README. {@link org.dualad.bench.Table}
 * ({@code bash bench/table.sh}) prints the whole table of {@link org.dualad.bench.AnchorBench}:
 * every mode on the anchor functions ({@link org.dualad.bench.Anchors}), alone and in a JVM where
 * f has run in every other mode.
 */
package org.dualad.bench;
