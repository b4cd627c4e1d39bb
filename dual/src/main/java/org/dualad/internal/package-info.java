/**
 * DualAD's internals shared between its modules: the argument checks and their wording
 * ({@link org.dualad.internal.Arguments}) and the sizing policy of every tape
 * ({@link org.dualad.internal.TapeMemory}). Public only because Java has no module-private
 * visibility across Maven modules: not part of the API, no compatibility promise.
 */
package org.dualad.internal;
