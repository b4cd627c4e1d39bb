package org.dualad.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark method that runs a peer library's number type on f (Commons Math
 * {@code DerivativeStructure}, ...) rather than a DualAD mode: {@link Several} leaves it out of
 * the several-modes warm-up, which stands for a program that runs f in DualAD's other modes, as
 * {@link Table}'s does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Peer {
}
