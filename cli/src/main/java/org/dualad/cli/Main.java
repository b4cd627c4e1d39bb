package org.dualad.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dualad} command: derivatives of expressions from the shell.
 *
 * <p>Exit codes: 0 success (NaN results included); 1 {@code check} found a disagreement;
 * 2 bad input (nothing on stdout, one message on stderr with a caret under the offending column);
 * 3 {@code graph --png} without a working Graphviz {@code dot}; 70 an internal error.
 */
@Command(name = "dualad", mixinStandardHelpOptions = true, version = "dualad 0.1.0",
        description = "Derivatives of expressions, exact to rounding, by automatic differentiation.",
        footer = {"", "Example: dualad gradient 'x1*exp(-(x1^2+x2^2)/2)' --at x1=2,x2=0.5",
            "Exit codes: 0 ok, 1 check disagrees, 2 bad input, 3 Graphviz missing, 70 internal error."})
public final class Main implements Runnable {
    /** Exit code for bad input. */
    static final int EXIT_BAD_INPUT = 2;
    /** Stack size of the thread that runs the command. */
    private static final long STACK_BYTES = 256L << 20;
    /** Exit code for a bug. */
    static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: value, gradient, hessian, laplacian, jacobian, hvp, check, explain or graph");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) throws InterruptedException {
        // the parser recurses once per nesting level: a large stack lets long expressions through,
        // and execute() turns a stack overflow beyond it into a message, never a stack trace
        int[] code = {EXIT_INTERNAL};
        Thread t = new Thread(null, () -> code[0] = execute(args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)), "dualad", STACK_BYTES);
        t.start();
        t.join();
        System.exit(code[0]);
    }

    /**
     * Runs the command line, printing to the given writers.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("dualad.modes", modeNames());
        CommandLine cl = new CommandLine(new Main());
        // Start-up: picocli's model of a command costs tens of milliseconds on a cold JVM, so when
        // the first argument names a command only that one is registered (help lists them all).
        Map<String, Supplier<Object>> commands = commands();
        if (args.length > 0 && commands.containsKey(args[0])) {
            cl.addSubcommand(args[0], commands.get(args[0]).get());
        } else {
            commands.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.setOut(out);
        cl.setErr(err);
        // expressions such as -x^2 start with '-': treat unknown options as the expression
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dualad: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("(see '" + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof InputException) {
                err.println("dualad: " + ((InputException) ex).display());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof UnsupportedOperationException) {
                err.println("dualad: " + ex.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("dualad: internal error: " + ex + " (please report it with the command line)");
            err.flush();
            return EXIT_INTERNAL;
        });
        cl.setExecutionStrategy(parseResult -> {
            int code = new CommandLine.RunLast().execute(parseResult);
            CommandLine.ParseResult leaf = parseResult;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            Object cmd = leaf.commandSpec().userObject();
            if (cmd instanceof Commands.Base && ((Commands.Base) cmd).report != null) {
                Commands.Base b = (Commands.Base) cmd;
                out.print(b.report.render(b.c.json));
                out.flush();
            }
            return code;
        });
        try {
            return cl.execute(args);
        } catch (StackOverflowError e) {
            err.println("dualad: the expression is nested too deeply (or chains too many operators) to read;"
                    + " split it or use fewer levels of parentheses");
            err.flush();
            return EXIT_BAD_INPUT;
        }
    }

    /** Every command, in the order help lists them. */
    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("value", Commands.Value::new);
        m.put("gradient", Commands.Gradient::new);
        m.put("hessian", Commands.Hessian::new);
        m.put("laplacian", Commands.Laplacian::new);
        m.put("jacobian", Commands.Jacobian::new);
        m.put("hvp", Commands.Hvp::new);
        m.put("check", Commands.Check::new);
        m.put("explain", Commands.Explain::new);
        m.put("graph", Commands.Graph::new);
        return m;
    }

    private static String modeNames() {
        List<String> names = new ArrayList<>();
        Modes.ALL.forEach(m -> names.add(m.name()));
        return String.join(", ", names);
    }
}
