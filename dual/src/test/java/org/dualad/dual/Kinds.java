package org.dualad.dual;

/** The {@link Kind} of each DualAD number type. */
final class Kinds {
    private Kinds() {
    }

    /** Dual: one tangent, along input i. */
    static final Kind<Dual> DUAL = new Kind<>() {
        @Override public String name() { return "Dual"; }
        @Override public Dual[] build(double[] p, int i, int j) {
            Dual[] x = new Dual[p.length];
            for (int k = 0; k < p.length; k++) {
                x[k] = k == i ? Dual.variable(p[k]) : Dual.constant(p[k]);
            }
            return x;
        }
        @Override public double first(Dual y) { return y.tangent(); }
        @Override public boolean hasSecondDirection() { return false; }
        @Override public double firstAlongJ(Dual y) { throw new UnsupportedOperationException(); }
        @Override public boolean hasSecondOrder() { return false; }
        @Override public double mixed(Dual y) { throw new UnsupportedOperationException(); }
    };

    /** HyperDual: e1 along input i, e2 along input j. */
    static final Kind<HyperDual> HYPER = new Kind<>() {
        @Override public String name() { return "HyperDual"; }
        @Override public HyperDual[] build(double[] p, int i, int j) {
            HyperDual[] x = new HyperDual[p.length];
            for (int k = 0; k < p.length; k++) {
                x[k] = HyperDual.of(p[k], k == i ? 1 : 0, k == j ? 1 : 0, 0);
            }
            return x;
        }
        @Override public double first(HyperDual y) { return y.e1(); }
        @Override public boolean hasSecondDirection() { return true; }
        @Override public double firstAlongJ(HyperDual y) { return y.e2(); }
        @Override public boolean hasSecondOrder() { return true; }
        @Override public double mixed(HyperDual y) { return y.e1e2(); }
    };

    /**
     * MultiDual of width 2: direction 0 along input i, direction 1 along input j. An input seeded
     * along one direction only is a {@link MultiDual#variable} (a window of one), an unseeded one a
     * {@link MultiDual#constant} (an empty window), so the window-union paths are exercised.
     */
    static final Kind<MultiDual> MULTI = new Kind<>() {
        @Override public String name() { return "MultiDual"; }
        @Override public MultiDual[] build(double[] p, int i, int j) {
            MultiDual[] x = new MultiDual[p.length];
            for (int k = 0; k < p.length; k++) {
                if (k == i && k == j) {
                    x[k] = MultiDual.of(p[k], 1, 1);
                } else if (k == i) {
                    x[k] = MultiDual.variable(p[k], 0, 2);
                } else if (k == j) {
                    x[k] = MultiDual.variable(p[k], 1, 2);
                } else {
                    x[k] = MultiDual.constant(p[k], 2);
                }
            }
            return x;
        }
        @Override public double first(MultiDual y) { return y.tangent(0); }
        @Override public boolean hasSecondDirection() { return true; }
        @Override public double firstAlongJ(MultiDual y) { return y.tangent(1); }
        @Override public boolean hasSecondOrder() { return false; }
        @Override public double mixed(MultiDual y) { throw new UnsupportedOperationException(); }
    };

    /**
     * FieldDual over Dual: the outer perturbation along input i, the inner Dual's along input j;
     * an input without an outer perturbation is a {@link FieldDual#constant} (absent tangent).
     */
    static final Kind<FieldDual<Dual>> FIELD = new Kind<>() {
        @Override public String name() { return "FieldDual<Dual>"; }
        @Override @SuppressWarnings("unchecked") public FieldDual<Dual>[] build(double[] p, int i, int j) {
            FieldDual<Dual>[] x = new FieldDual[p.length];
            for (int k = 0; k < p.length; k++) {
                Dual v = k == j ? Dual.variable(p[k]) : Dual.constant(p[k]);
                x[k] = k == i ? FieldDual.of(v, Dual.constant(1)) : FieldDual.constant(v);
            }
            return x;
        }
        @Override public double first(FieldDual<Dual> y) { return y.tangent().value(); }
        @Override public boolean hasSecondDirection() { return true; }
        @Override public double firstAlongJ(FieldDual<Dual> y) { return y.value().tangent(); }
        @Override public boolean hasSecondOrder() { return true; }
        @Override public double mixed(FieldDual<Dual> y) { return y.tangent().tangent(); }
    };
}
