package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help for every command in every form, "did you mean" for commands and options, and a caret
 * under every bad input, through {@link Main#run} in this JVM ({@link CommandProcessTest} runs
 * the same through a process).
 */
class HelpAndErrorsTest {
    static final List<String> COMMANDS =
            List.of("value", "gradient", "hessian", "laplacian", "jacobian", "hvp", "check", "explain", "graph");

    /** What a run printed. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Asserts exit 2, an empty stdout, and a caret line under a quoted line; returns the text the
     * caret points at (from the caret's column of the quoted line to its end).
     */
    static String assertCaret(Run r, String message) {
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("dualad: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        String[] lines = r.err().split("\n", -1);
        for (int i = lines.length - 1; i > 0; i--) { // the last: an input may itself look like a caret line
            if (lines[i].matches(" *\\^")) {
                String quoted = lines[i - 1];
                assertTrue(quoted.startsWith("  "), r.err());
                int col = lines[i].length() - 1;
                // the caret counts terminal columns: find the character that starts at its column
                int k = 0;
                while (k < quoted.length() && Chars.width(quoted, k) < col) {
                    k += Character.charCount(quoted.codePointAt(k));
                }
                assertTrue(col >= 2 && Chars.width(quoted, k) == col, "caret beyond the quoted line or inside a"
                        + " character: " + r.err());
                return quoted.substring(k);
            }
        }
        throw new AssertionError("no caret line in: " + r.err());
    }

    // ------------------------------------------------------------ help

    @ParameterizedTest
    @ValueSource(strings = {"value", "gradient", "hessian", "laplacian", "jacobian", "hvp", "check", "explain", "graph"})
    void everyCommandHasHelpInThreeFormsThatAgree(String cmd) throws Exception {
        Run longForm = run(cmd, "--help");
        Run shortForm = run(cmd, "-h");
        Run helpCommand = run("help", cmd);
        Run afterArguments = run(cmd, "x", "--at", "x=1", "--help");
        for (Run r : List.of(longForm, shortForm, helpCommand, afterArguments)) {
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            assertEquals(longForm.out(), r.out());
        }
        String help = longForm.out();
        assertTrue(help.startsWith("Usage: dualad " + cmd + " "), help);
        for (String option : List.of("EXPR", "--at", "--json", "-h, --help")) {
            assertTrue(help.contains(option), cmd + " help lacks " + option + ":\n" + help);
        }
        assertTrue(help.contains("Example"), help);
        assertTrue(help.contains("\n  dualad " + cmd + " '"), "an example line of " + cmd + ":\n" + help);
        assertTrue(help.contains("Names: an ASCII letter or _"), help);
        assertTrue(help.contains("Exit codes:"), help);
    }

    @Test
    void eachCommandShowsItsOwnOptionsWithDefaults() throws Exception {
        String check = run("check", "--help").out();
        assertTrue(check.contains("--tolerance=TOL") && check.contains("(default: 1e-12)"), check);
        assertTrue(check.contains("--fd-tolerance=TOL") && check.contains("(default: 1e-6)"), check);
        String graph = run("graph", "--help").out();
        assertTrue(graph.contains("--png=FILE") && graph.contains("--tape"), graph);
        assertTrue(graph.contains("--png g.png --tape"), graph);
        String hvp = run("hvp", "--help").out();
        assertTrue(hvp.contains("--dir=1,0"), hvp);
        for (String cmd : List.of("gradient", "hessian", "laplacian", "jacobian", "hvp")) {
            String h = run(cmd, "--help").out();
            assertTrue(h.contains("--mode=MODE") && h.contains("forward, reverse, hybrid (default:"), cmd + ":\n" + h);
            assertTrue(h.contains("forward)."), h);
        }
        for (String cmd : List.of("value", "check", "explain", "graph")) {
            assertFalse(run(cmd, "--help").out().contains("--mode"), cmd + " refuses --mode, so its help omits it");
        }
    }

    @Test
    void topLevelHelpListsEveryCommandOnOneLine() throws Exception {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Run r = run(args);
            assertEquals(0, r.code(), r.err());
            String[] lines = r.out().split("\n");
            int first = List.of(lines).indexOf("Commands:");
            assertTrue(first > 0, r.out());
            List<String> listed = new ArrayList<>();
            for (int i = first + 1; i < lines.length && !lines[i].isEmpty(); i++) {
                Matcher m = Pattern.compile("  (\\S+) +\\S.*").matcher(lines[i]);
                assertTrue(m.matches(), "a command's line (no continuation lines): '" + lines[i] + "'");
                listed.add(m.group(1));
            }
            List<String> expected = new ArrayList<>(COMMANDS);
            expected.add("help");
            assertEquals(expected, listed);
        }
    }

    @Test
    void helpOfHelpAndVersion() throws Exception {
        Run help = run("help", "help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: dualad help"), help.out());
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("dualad "), version.out());
    }

    // ------------------------------------------------------------ did you mean

    @Test
    void unknownCommandsSuggestTheClosest() throws Exception {
        Run r = run("gradeint", "x+1", "--at", "x=1");
        assertEquals("gradeint x+1 --at x=1", assertCaret(r, "unknown command 'gradeint' (did you mean gradient?)"));
        assertEquals("gradeint", assertCaret(run("help", "gradeint"), "unknown command 'gradeint' (did you mean gradient?)"));
        assertEquals("hesian x", assertCaret(run("hesian", "x"), "did you mean hessian?"));
        Run far = run("frobnicate", "x");
        assertCaret(far, "unknown command 'frobnicate'; the commands are value, gradient");
        assertEquals("--hlep", assertCaret(run("--hlep"), "unknown option '--hlep' for dualad (did you mean --help?)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "check|--tolerence|--tolerence|unknown option '--tolerence' for check (did you mean --tolerance?)",
        "gradient|--jsno|--jsno|unknown option '--jsno' for gradient (did you mean --json?)",
        "gradient|--tolerance=1|--tolerance=1|(--tolerance is an option of check)",
        "gradient|--tape|--tape|(--tape is an option of graph)",
        "value|--dri|--dri|(did you mean --dir of hvp?)",
        "graph|--frobnicate|--frobnicate|unknown option '--frobnicate' for graph; graph takes --at, --json, --help,"
            + " --png, --tape"})
    void unknownOptionsSuggestTheClosest(String cmd, String option, String at, String message) throws Exception {
        Run r = run(cmd, "x", "--at", "x=1", option);
        assertEquals(at, assertCaret(r, message));
    }

    @Test
    void unknownFunctionsAndVariablesSuggestTheClosest() throws Exception {
        assertEquals("sinn(x)", assertCaret(run("gradient", "sinn(x)", "--at", "x=1"), "did you mean sin, sinh, sign?"));
        assertEquals("y", assertCaret(run("gradient", "x*y", "--at", "x=1"), "unknown variable 'y' (did you mean x?)"));
        assertEquals("revers", assertCaret(run("gradient", "x", "--at", "x=1", "--mode", "revers"),
                "did you mean reverse?"));
    }

    // ------------------------------------------------------------ the character rule, both sides

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x+\uFF11|x=1|\uFF11|'\uFF11' (U+FF11) is not an ASCII digit: numbers are written with the digits 0-9",
        "\u03C0*x|x=1|\u03C0*x|unexpected character '\u03C0' (U+03C0): write pi",
        "x\u00D7y|x=1,y=2|\u00D7y|write *",
        "2\u22C5x|x=1|\u22C5x|write *",
        "x\u00B2|x=1|\u00B2|write ^2",
        "\u00E9t\u00E9|x=1|\u00E9t\u00E9|'\u00E9' (U+00E9) is not an ASCII letter",
        "x\u00A0+1|x=1|\u00A0+1|unexpected character U+00A0: only ASCII spaces, tabs and line breaks separate tokens",
        "x+\uD83D\uDE00|x=1|\uD83D\uDE00|unexpected character '\uD83D\uDE00' (U+1F600)",
        "x|\u03C0=1|\u03C0=1|--at: unexpected character '\u03C0' (U+03C0): write pi",
        "x|x\u03B1=1|\u03B1=1|--at: '\u03B1' (U+03B1) is not an ASCII letter",
        "x|x=\uFF11|\uFF11|--at: '\uFF11' (U+FF11) is not an ASCII digit",
        "x|x=\u0661|\u0661|--at: '\u0661' (U+0661) is not an ASCII digit",
        "x|x=1e|e|--at x: the exponent of a number needs digits",
        "x|=1|=1|--at: a variable name is missing before '='",
        "x|1x=2|1x=2|--at: '1x' is not a variable name (an ASCII letter or _"})
    void oneCharacterRuleForExpressionsAndPoints(String expr, String at, String pointedAt, String message)
            throws Exception {
        Run r = run("gradient", expr, "--at", at);
        assertEquals(pointedAt, assertCaret(r, message));
    }

    @Test
    void aNameTheParserTakesIsANameTheAtOptionTakes() throws Exception {
        for (String name : List.of("x", "_", "x_1", "Rate2", "_tmp")) {
            Run r = run("gradient", name + "^2", "--at", name + "=3");
            assertEquals(0, r.code(), name + ": " + r.err());
            assertTrue(r.out().contains("6"), r.out());
        }
    }

    @Test
    void directionsAndTolerancesFollowTheSameRule() throws Exception {
        assertEquals("\uFF12", assertCaret(run("hvp", "x*y", "--at", "x=1,y=2", "--dir", "1,\uFF12"),
                "--dir: '\uFF12' (U+FF12) is not an ASCII digit"));
        assertEquals("abc", assertCaret(run("check", "x", "--at", "x=1", "--tolerance", "abc"),
                "--tolerance: 'abc' is not a number"));
        assertEquals("-1", assertCaret(run("check", "x", "--at", "x=1", "--tolerance", "-1"),
                "--tolerance must be a relative error >= 0, not -1"));
        assertEquals("0/0", assertCaret(run("check", "x", "--at", "x=1", "--fd-tolerance", "0/0"),
                "--fd-tolerance must be a relative error >= 0, not NaN"));
        assertEquals(0, run("check", "x^2", "--at", "x=1", "--tolerance", "2^-40").code());
    }

    @Test
    void controlCharactersAreNamedByCodeAndShownAsSpaces() throws Exception {
        Run r = run("gradient", "x+\u0000", "--at", "x=1");
        assertEquals(" ", assertCaret(r, "unexpected character U+0000 (a control character)"));
        // an escape sequence must not reach the terminal: it would restyle the rest of the message
        Run esc = run("gradient", "x", "--at", "x=\u001B[1m");
        assertEquals(" [1m", assertCaret(esc, "--at: unexpected character U+001B (a control character)"));
        assertFalse(esc.err().contains("\u001B"), esc.err());
    }

    @Test
    void tabsAndLineBreaksShowAsSpacesSoTheCaretLinesUp() throws Exception {
        Run r = run("gradient", "x\t+\ny", "--at", "x=1");
        assertEquals("y", assertCaret(r, "unknown variable 'y'"));
        assertTrue(r.err().contains("\n  x + y\n"), r.err());
    }

    @Test
    void wideCharactersBeforeTheCaretTakeTwoColumns() {
        InputException e = new InputException("m", "\uFF11\uFF12x", 2);
        assertEquals("m\n  \uFF11\uFF12x\n      ^", e.display());
        InputException combining = new InputException("m", "e\u0301x", 2);
        assertEquals("m\n  e\u0301x\n   ^", combining.display());
    }

    @Test
    void aLongInputIsShownAsAWindowAroundTheCaret() throws Exception {
        String expr = "x+".repeat(500) + "$" + "+x".repeat(500);
        Run r = run("value", expr, "--at", "x=1");
        assertEquals("$" + "+x".repeat(14) + "+...", assertCaret(r, "unexpected character '$'"));
        String quoted = r.err().split("\n")[1];
        assertEquals("  ..." + "x+".repeat(30) + "$" + "+x".repeat(14) + "+...", quoted);
        InputException end = new InputException("m", "y".repeat(300), 300);
        assertEquals("m\n  ..." + "y".repeat(60) + "\n" + " ".repeat(65) + "^", end.display());
        InputException start = new InputException("m", "y".repeat(300), 0);
        assertEquals("m\n  " + "y".repeat(30) + "...\n  ^", start.display());
    }

    // ------------------------------------------------------------ command-line errors get a caret too

    @Test
    void commandLineErrorsPointAtTheArgument() throws Exception {
        assertEquals("", assertCaret(run("gradient", "x"), "Missing required option: '--at"));
        assertEquals("--at x=2", assertCaret(run("gradient", "x", "--at", "x=1", "--at", "x=2"),
                "should be specified only once"));
        assertEquals("--mode reverse", assertCaret(run("hessian", "x", "--at", "x=1", "--mode", "reverse"),
                "mode reverse does not compute hessian"));
        assertEquals("--mode reverse", assertCaret(run("explain", "x", "--at", "x=1", "--mode", "reverse"),
                "explain does not take --mode"));
        assertEquals("y --at x=1", assertCaret(run("gradient", "x", "y", "--at", "x=1"), "'y'"));
        assertEquals("", assertCaret(run(), "a command is needed"));
    }

    @Test
    void nestingBeyondTheStackIsBadInputWithACaret() throws Exception {
        String deep = "(".repeat(200_000) + "x" + ")".repeat(200_000);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        // a small stack, so that the overflow the command's own 256 MB stack would need far more nesting for comes now
        Thread t = new Thread(null, () -> code[0] = Main.execute(new String[] {"value", "--at", "x=1", deep},
                new PrintWriter(out, true), new PrintWriter(err, true)), "small", 1 << 18);
        t.start();
        t.join();
        String pointed = assertCaret(new Run(code[0], out.toString(), err.toString()), "nested too deeply");
        assertTrue(pointed.startsWith("((((") && pointed.endsWith("..."), pointed);
        assertTrue(err.toString().length() < 400, "a long input is shown as a window: " + err);
    }

    @Test
    void expressionsStartingWithAMinusAreExpressions() throws Exception {
        for (String expr : List.of("-x^2", "-h*x", "-hx", "-help", "-at")) {
            Run r = run("value", expr, "--at", "x=3,h=2,hx=1,help=4,at=5");
            assertEquals(0, r.code(), expr + ": " + r.err());
            assertNotEquals("", r.out());
        }
        assertEquals(0, run("value", "--at", "x=3", "--", "--x").code());
        assertEquals("--x --at x=3", assertCaret(run("value", "--x", "--at", "x=3"), "unknown option '--x'"));
    }
}
