package org.dualad.dual;

import java.util.Objects;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.FieldElement;

/**
 * A {@link Field} given by its zero and one: what every DualAD number type returns from
 * {@code getField()}. Two fields are equal when their zeros and ones are equal (so two
 * multi-direction duals of the same width share a field).
 *
 * @param <T> the element type
 */
public final class SimpleField<T extends FieldElement<T>> implements Field<T> {
    private final T zero;
    private final T one;

    private SimpleField(T zero, T one) {
        this.zero = Objects.requireNonNull(zero, "zero");
        this.one = Objects.requireNonNull(one, "one");
    }

    /**
     * Creates a field.
     *
     * @param zero the additive identity
     * @param one the multiplicative identity
     * @param <T> the element type
     * @return the field
     */
    public static <T extends FieldElement<T>> SimpleField<T> of(T zero, T one) {
        return new SimpleField<>(zero, one);
    }

    @Override
    public T getZero() {
        return zero;
    }

    @Override
    public T getOne() {
        return one;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<? extends FieldElement<T>> getRuntimeClass() {
        return (Class<? extends FieldElement<T>>) zero.getClass();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimpleField && zero.equals(((SimpleField<?>) o).zero)
                && one.equals(((SimpleField<?>) o).one);
    }

    @Override
    public int hashCode() {
        return 31 * zero.hashCode() + one.hashCode();
    }

    @Override
    public String toString() {
        return "Field[" + zero.getClass().getSimpleName() + "]";
    }
}
