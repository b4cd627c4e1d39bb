package org.dualad.dual;

import org.junit.jupiter.api.Nested;

/** {@link ElementaryFunctionsAbstractTest} for every DualAD number type. */
class ElementaryFunctionsTest {
    @Nested
    class OnDual extends ElementaryFunctionsAbstractTest<Dual> {
        @Override
        Kind<Dual> kind() {
            return Kinds.DUAL;
        }
    }

    @Nested
    class OnHyperDual extends ElementaryFunctionsAbstractTest<HyperDual> {
        @Override
        Kind<HyperDual> kind() {
            return Kinds.HYPER;
        }
    }

    @Nested
    class OnMultiDual extends ElementaryFunctionsAbstractTest<MultiDual> {
        @Override
        Kind<MultiDual> kind() {
            return Kinds.MULTI;
        }
    }

    @Nested
    class OnFieldDual extends ElementaryFunctionsAbstractTest<FieldDual<Dual>> {
        @Override
        Kind<FieldDual<Dual>> kind() {
            return Kinds.FIELD;
        }
    }
}
