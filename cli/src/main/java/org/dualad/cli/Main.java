package org.dualad.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
            "Each command's own help: dualad help COMMAND, or dualad COMMAND --help.",
            "Exit codes: 0 ok, 1 check disagrees, 2 bad input, 3 Graphviz missing, 70 internal error."})
public final class Main implements Runnable {
    /** Exit code for bad input. */
    static final int EXIT_BAD_INPUT = 2;
    /** Stack size of the thread that runs the command. */
    private static final long STACK_BYTES = 256L << 20;
    /** Exit code for a bug. */
    static final int EXIT_INTERNAL = 70;

    /** The options of the top-level command (picocli's standard help options). */
    private static final List<String> TOP_OPTIONS = List.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: "
                + String.join(", ", commands().keySet()) + " (or help)");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     * @throws InterruptedException if interrupted while the command runs
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line on a thread with a large stack: the parser recurses once per nesting
     * level, so a large stack lets long expressions through, and {@link #execute} turns a stack
     * overflow beyond it into a message, never a stack trace.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     * @throws InterruptedException if interrupted while the command runs
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) throws InterruptedException {
        int[] code = {EXIT_INTERNAL};
        Thread t = new Thread(null, () -> code[0] = execute(args, out, err), "dualad", STACK_BYTES);
        t.start();
        t.join();
        return code[0];
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
        try {
            return parseAndRun(args, out, err);
        } catch (InputException e) {
            return badInput(err, e, args);
        } catch (StackOverflowError e) {
            err.println("dualad: the expression is nested too deeply (or chains too many operators) to read;"
                    + " split it or use fewer levels of parentheses");
            err.println(caretLine(args, longest(args))); // the deep text is the long one
            err.flush();
            return EXIT_BAD_INPUT;
        }
    }

    private static int parseAndRun(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        // Start-up: picocli's model of a command costs tens of milliseconds on a cold JVM, so when
        // the first argument names a command only that one is registered (help lists them all).
        Map<String, Supplier<Object>> commands = commands();
        String first = args.length > 0 ? args[0] : null;
        if (first != null && commands.containsKey(first)) {
            cl.addSubcommand(first, commands.get(first).get());
        } else {
            if (first != null && first.startsWith("-") && !TOP_OPTIONS.contains(first)) {
                throw unknownOption(args, 0, "dualad", TOP_OPTIONS, null);
            }
            if (first != null && !first.startsWith("-") && !first.equals("help")) {
                throw unknownCommand(args, 0, commands);
            }
            if ("help".equals(first) && args.length > 1 && !args[1].startsWith("-") && !commands.containsKey(args[1])
                    && !args[1].equals("help")) {
                throw unknownCommand(args, 1, commands);
            }
            commands.forEach((name, make) -> cl.addSubcommand(name, make.get()));
            cl.addSubcommand("help", new CommandLine.HelpCommand());
        }
        String[] shared = sharedFooter();
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.userObject() instanceof Commands.Base) {
                s.usageMessage().footer(concat(s.usageMessage().footer(), shared));
            }
        }
        String[] parsed = args;
        if (first != null && commands.containsKey(first)) {
            parsed = prepare(args, cl.getSubcommands().get(first).getCommandSpec(), commands);
        }
        cl.setOut(out);
        cl.setErr(err);
        // an expression such as -x^2 starts with '-' (prepare moved it behind "--"): never split
        // -hx into -h -x, and take an unknown option-like argument for a (misplaced) parameter
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dualad: " + Chars.printable(ex.getMessage()));
            err.println(caretLine(args, column(ex, args)));
            CommandLine c = ex.getCommandLine();
            err.println("(see '" + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof InputException) {
                return badInput(err, (InputException) ex, args);
            }
            if (ex instanceof UnsupportedOperationException) {
                return badInput(err, InputException.atOption(ex.getMessage(), "--mode"), args);
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
        return cl.execute(parsed);
    }

    /** Prints bad input: the message, and the text (or else the command line) with a caret. */
    private static int badInput(PrintWriter err, InputException e, String[] args) {
        if (e.input() != null) {
            err.println("dualad: " + e.display());
        } else {
            err.println("dualad: " + e.getMessage());
            err.println(caretLine(args, e.option() == null ? args.length : lastIndexOfOption(args, e.option())));
        }
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /**
     * Reads the command's arguments before picocli does. An argument that looks like a long option
     * ({@code --}, a letter, then letters, digits or {@code -}) but is none of the command's is
     * refused, with a suggestion and the commands it belongs to if it is another command's option.
     * An expression that starts with '-' ({@code -x^2}, {@code -h*x}) is moved behind {@code --}
     * (the end of the options), and an option's value is joined to it ({@code --dir=-1,0}), so that
     * picocli never takes either for an option it resembles.
     *
     * @return the arguments for picocli
     */
    private static String[] prepare(String[] args, CommandSpec spec, Map<String, Supplier<Object>> commands) {
        List<String> out = new ArrayList<>(List.of(args[0]));
        String expr = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                out.addAll(Arrays.asList(args).subList(i, args.length));
                return out.toArray(new String[0]);
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            OptionSpec o = spec.findOption(name);
            if (o != null && Arrays.asList(o.names()).contains(name)) {
                if (eq < 0 && o.arity().max() > 0 && i + 1 < args.length) {
                    // joined, so that a value such as --dir -1,0 or --at -h=1 is never taken for an option
                    out.add(a + "=" + args[++i]);
                } else {
                    out.add(a);
                }
            } else if (name.matches("--[A-Za-z][A-Za-z0-9-]*")) {
                throw unknownOption(args, i, spec.name(), optionNames(spec), commands);
            } else if (expr == null && a.startsWith("-")) {
                expr = a;
            } else {
                out.add(a);
            }
        }
        if (expr != null) {
            out.add("--");
            out.add(expr);
        }
        return out.toArray(new String[0]);
    }

    private static InputException unknownOption(String[] args, int i, String command, List<String> options,
            Map<String, Supplier<Object>> commands) {
        String a = args[i];
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        String hint = Suggest.didYouMean(name, options);
        if (hint.isEmpty() && commands != null) {
            hint = otherCommands(name, command, commands);
        }
        return new InputException("unknown option '" + name + "' for " + command + hint + "; " + command + " takes "
                + String.join(", ", options) + " (see 'dualad" + (command.equals("dualad") ? "" : " " + command)
                + " --help')", commandLine(args), argColumn(args, i));
    }

    /** Where an unknown option of one command is another command's, or close to one: say so. */
    private static String otherCommands(String name, String command, Map<String, Supplier<Object>> commands) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Object>> e : commands.entrySet()) {
            if (!e.getKey().equals(command)) {
                for (String o : optionNames(CommandSpec.forAnnotatedObject(e.getValue().get()))) {
                    owners.computeIfAbsent(o, k -> new ArrayList<>()).add(e.getKey());
                }
            }
        }
        List<String> owned = owners.get(name);
        if (owned != null) {
            return " (" + name + " is an option of " + String.join(", ", owned) + ")";
        }
        String close = Suggest.didYouMean(name, new ArrayList<>(owners.keySet()));
        if (close.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String n : close.substring(" (did you mean ".length(), close.length() - 2).split(", ")) {
            parts.add(n + " of " + String.join(", ", owners.get(n)));
        }
        return " (did you mean " + String.join(", ", parts) + "?)";
    }

    /** The visible option names of a command, the long name of each. */
    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.add(o.longestName());
            }
        }
        return names;
    }

    private static InputException unknownCommand(String[] args, int i, Map<String, Supplier<Object>> commands) {
        List<String> names = new ArrayList<>(commands.keySet());
        names.add("help");
        String hint = Suggest.didYouMean(args[i], names);
        return new InputException("unknown command '" + Chars.printable(args[i]) + "'" + hint + "; the commands are "
                + String.join(", ", names) + " (see 'dualad --help')", commandLine(args), argColumn(args, i));
    }

    /** The argument picocli's error is about: its index in args, or args.length for the end. */
    private static int column(CommandLine.ParameterException ex, String[] args) {
        if (ex instanceof CommandLine.UnmatchedArgumentException) {
            List<String> unmatched = ((CommandLine.UnmatchedArgumentException) ex).getUnmatched();
            if (!unmatched.isEmpty()) {
                for (int i = args.length - 1; i >= 0; i--) {
                    if (args[i].equals(unmatched.get(0))) {
                        return i;
                    }
                }
            }
        }
        if (ex instanceof CommandLine.OverwrittenOptionException) {
            ArgSpec a = ((CommandLine.OverwrittenOptionException) ex).getOverwritten();
            if (a instanceof OptionSpec) {
                return lastIndexOfOption(args, ((OptionSpec) a).longestName());
            }
        }
        if (ex.getValue() != null) {
            for (int i = args.length - 1; i >= 0; i--) {
                if (args[i].equals(ex.getValue()) || args[i].endsWith("=" + ex.getValue())) {
                    return i;
                }
            }
        }
        return args.length;
    }

    /** The index of the longest argument, or args.length if there is none. */
    private static int longest(String[] args) {
        int best = args.length;
        for (int i = 0; i < args.length; i++) {
            if (best == args.length || args[i].length() > args[best].length()) {
                best = i;
            }
        }
        return best;
    }

    /** The last argument that is the option (alone or as option=value), or args.length. */
    private static int lastIndexOfOption(String[] args, String option) {
        for (int i = args.length - 1; i >= 0; i--) {
            if (args[i].equals(option) || args[i].startsWith(option + "=")) {
                return i;
            }
        }
        return args.length;
    }

    /** The command line as typed (quoted for the shell where needed) with a caret under argument i. */
    private static String caretLine(String[] args, int i) {
        String shown = new InputException("", commandLine(args), argColumn(args, i)).display();
        return shown.substring(1); // drop the empty message's line break
    }

    private static String commandLine(String[] args) {
        StringBuilder sb = new StringBuilder("dualad");
        for (String a : args) {
            sb.append(' ').append(quoted(a));
        }
        return sb.toString();
    }

    /** The column of argument i in {@link #commandLine} (inside its quote), or the end for i = args.length. */
    private static int argColumn(String[] args, int i) {
        int col = "dualad".length();
        for (int k = 0; k < Math.min(i, args.length); k++) {
            col += 1 + quoted(args[k]).length();
        }
        if (i >= args.length) {
            return col;
        }
        return col + 1 + (quoted(args[i]).startsWith("'") ? 1 : 0);
    }

    private static String quoted(String a) {
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!Chars.isNamePart(c) && "=,.:/+-@%^".indexOf(c) < 0) {
                return "'" + a.replace("'", "'\\''") + "'";
            }
        }
        return a.isEmpty() ? "''" : a;
    }

    /** The help text every command ends with: the language and the exit codes. */
    private static String[] sharedFooter() {
        return new String[] {"",
            "Expressions: numbers and names with + - * / ^ (or **), parentheses, the constants pi and e, and"
                + " the functions " + String.join(", ", Fn.names()) + ".",
            Chars.RULE,
            "Exit codes: 0 ok, 1 check disagrees, 2 bad input (a caret marks the place), 3 Graphviz missing,"
                + " 70 internal error."};
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
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
}
