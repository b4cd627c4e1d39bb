package org.dualad.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark method that runs f on a number type of its own rather than on DualAD's trace:
 * a peer library's (Commons Math {@code DerivativeStructure}, ...) or {@code DualNumbers}'
 * tape-free kernels (the verification registry's independent implementations). {@link Several}
 * leaves it out of the several-modes warm-up, which stands for a program that runs f in DualAD's
 * other modes, as {@link Table}'s ({@link AnchorBench#DUALAD_MODES}) does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface OwnType {
}
