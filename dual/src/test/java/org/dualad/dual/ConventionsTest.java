package org.dualad.dual;

import org.junit.jupiter.api.Nested;

/** {@link ConventionsAbstractTest} for every DualAD number type. */
class ConventionsTest {
    @Nested
    class OnDual extends ConventionsAbstractTest<Dual> {
        @Override
        Kind<Dual> kind() {
            return Kinds.DUAL;
        }
    }

    @Nested
    class OnHyperDual extends ConventionsAbstractTest<HyperDual> {
        @Override
        Kind<HyperDual> kind() {
            return Kinds.HYPER;
        }
    }

    @Nested
    class OnMultiDual extends ConventionsAbstractTest<MultiDual> {
        @Override
        Kind<MultiDual> kind() {
            return Kinds.MULTI;
        }
    }

    @Nested
    class OnFieldDual extends ConventionsAbstractTest<FieldDual<Dual>> {
        @Override
        Kind<FieldDual<Dual>> kind() {
            return Kinds.FIELD;
        }
    }
}
