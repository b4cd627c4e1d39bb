package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the command: whatever the expression, the point, the direction, the tolerance or the
 * whole command line, the exit code is 0 (or 1 from check), or 2 with nothing on stdout and a
 * caret line under a quoted input; never 70, the internal error.
 */
class BadInputProperties {
    private static final List<String> TOKENS = List.of(
            "x", "y", "z", "x1", "_", "1", "0", "2.5", ".", "e", "E", "e-", "1e308", "1e999", "1e-999",
            "99999999999999999999999999", "0x1p3", "1d", "NaN", "Infinity", "+", "-", "*", "/", "^", "**", "(", ")",
            ",", ";", "=", " ", "\t", "\n", "pi", "sin(", "atan2(", "root(", "max(", "abs(", "log(", "pow(", "hypot(",
            "\u03C0", "\uFF11", "\u0661", "\u00B2", "\u00D7", "\u2212", "\u00A0", "\u3000", "\u0000", "\u001B",
            "\u007F", "\u200E", "\u202E", "\uD83D\uDE00", "\uD83D", "\uDE00", "\u0301", "--", "-h", "--at");

    /** Texts built from tokens of the language, look-alikes, control characters and broken surrogates. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(14).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, tokens),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u007F').ofMaxLength(20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "\t", "\n", "   ", "x", "-x", "--x")));
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of(HelpAndErrorsTest.COMMANDS);
    }

    @Property(tries = 600)
    void anyExpression(@ForAll("commands") String cmd, @ForAll("texts") String expr) throws Exception {
        List<String> args = new ArrayList<>(List.of(cmd, expr, "--at", "x=0.5,y=2,z=-1,x1=3,_=4"));
        if (cmd.equals("hvp")) {
            args.addAll(List.of("--dir", "1,0,-1,2,0.5"));
        }
        assertZeroOrCaret(args);
    }

    @Property(tries = 400)
    void anyPoint(@ForAll("texts") String at, @ForAll("texts") String value) throws Exception {
        assertZeroOrCaret(List.of("gradient", "x*y", "--at", at));
        assertZeroOrCaret(List.of("gradient", "x*y", "--at", "x=" + value + ",y=1"));
    }

    @Property(tries = 300)
    void anyDirectionOrTolerance(@ForAll("texts") String text) throws Exception {
        assertZeroOrCaret(List.of("hvp", "x*y", "--at", "x=1,y=2", "--dir", text));
        assertZeroOrCaret(List.of("hvp", "x*y", "--at", "x=1,y=2", "--dir", "1," + text));
        assertZeroOrCaret(List.of("check", "x*y", "--at", "x=1,y=2", "--tolerance", text));
    }

    /** Whole command lines: commands, options (never --png, which would write files) and texts. */
    @Property(tries = 400)
    void anyCommandLine(@ForAll("arguments") List<String> args) throws Exception {
        assertZeroOrCaret(args);
    }

    @Provide
    Arbitrary<List<String>> arguments() {
        List<String> words = new ArrayList<>(HelpAndErrorsTest.COMMANDS);
        words.addAll(List.of("help", "gradeint", "--at", "--dir", "--mode", "--json", "--tolerance", "--fd-tolerance",
                "--tape", "-h", "--help", "-V", "--version", "--", "x=1", "x=1,y=2", "x*y", "-x^2", "1,0", "reverse",
                "hybrid", "--at=x=2", "--mode=forward", "--tolerence", "-"));
        Arbitrary<String> word = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(words)),
                net.jqwik.api.Tuple.of(1, texts()));
        return word.list().ofMaxSize(7);
    }

    private static void assertZeroOrCaret(List<String> args) throws Exception {
        HelpAndErrorsTest.Run r = HelpAndErrorsTest.run(args.toArray(new String[0]));
        boolean check = args.contains("check") && !r.out().isEmpty();
        assertTrue(r.code() == 0 || r.code() == 2 || (r.code() == 1 && check),
                "exit " + r.code() + " for " + show(args) + "\nstderr: " + r.err());
        if (r.code() == 2) {
            HelpAndErrorsTest.assertCaret(r, "");
        } else {
            assertTrue(r.code() != 0 || r.err().isEmpty() || r.err().startsWith("note:"),
                    "a success prints nothing on stderr: " + show(args) + "\n" + r.err());
        }
        assertEquals(-1, r.err().indexOf("\tat "), r.err());
    }

    private static String show(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            sb.append(" [");
            for (char c : a.toCharArray()) {
                sb.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04X", (int) c));
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
