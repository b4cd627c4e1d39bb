package org.dualad.cli;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dualad.dual.Dual;
import org.junit.jupiter.api.Assertions;

/** Printing a random syntax tree and parsing it back gives a tree with the same value. */
class RoundTripProperties {
    private static final List<String> VARS = List.of("x", "y");

    @Provide
    Arbitrary<Node> trees() {
        return tree(4);
    }

    private static Arbitrary<Node> tree(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(
                Arbitraries.doubles().between(-100, 100).ofScale(3).map(v -> new Node.Num(v, Double.toString(v), 0, 0)),
                Arbitraries.of("x", "y").map(n -> new Node.Var(n, 0, 0)),
                Arbitraries.of("pi", "e").map(n -> new Node.Num(n.equals("pi") ? Math.PI : Math.E, n, 0, 0)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> sub = Arbitraries.lazy(() -> tree(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, sub.map(a -> new Node.Neg(a, 0, 0))),
                net.jqwik.api.Tuple.of(4, net.jqwik.api.Combinators.combine(Arbitraries.of('+', '-', '*', '/', '^'), sub, sub)
                        .as((op, a, b) -> new Node.Binary(op, a, b, 0, 0))),
                net.jqwik.api.Tuple.of(2, net.jqwik.api.Combinators.combine(Arbitraries.of(Fn.class), sub, sub)
                        .as((fn, a, b) -> fn.takesIntegerConstant()
                                ? new Node.Call(fn, List.of(a, new Node.Num(3, "3", 0, 0)), 0, 0)
                                : new Node.Call(fn, fn.arity() == 1 ? List.of(a) : List.of(a, b), 0, 0))));
    }

    @Property(tries = 300)
    void printThenParseKeepsTheValue(@ForAll("trees") Node tree,
            @ForAll("coords") double x, @ForAll("coords") double y) {
        String printed = tree.toString();
        Node back = Parser.parse(printed);
        Assertions.assertEquals(printed, back.toString());
        Dual[] at = {Dual.variable(x), Dual.constant(y)};
        Dual a = Program.compile(printed, List.of(tree), VARS).scalar().value(at);
        Dual b = Program.compile(printed, VARS).scalar().value(at);
        Assertions.assertEquals(a, b, printed);
    }

    @Provide
    Arbitrary<Double> coords() {
        return Arbitraries.doubles().between(-3, 3).ofScale(2);
    }
}
