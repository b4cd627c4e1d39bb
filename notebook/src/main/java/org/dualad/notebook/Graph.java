package org.dualad.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Graphviz graph (DOT source, such as {@code org.dualad.reverse.Dot.forward(tape)} writes),
 * shown in a notebook as the PNG picture Graphviz's {@code dot} program draws. Needs {@code dot} on
 * the PATH (Debian: apt package {@code graphviz}; notebooks/run.sh installs it).
 *
 * <pre>{@code
 * Graph.of(Dot.adjoint(tape, "x1", "x2"))     // the last expression of a cell: drawn inline
 * }</pre>
 */
public final class Graph {
    /** Seconds {@code dot} may take for one picture. */
    static final long TIMEOUT_SECONDS = 30;

    private static final Pattern RANKDIR = Pattern.compile("rankdir\\s*=\\s*\"?(LR|RL|TB|BT)\"?");

    private final String dot;
    private byte[] png;

    private Graph(String dot) {
        this.dot = dot;
    }

    /**
     * A graph from its DOT source.
     *
     * @param dot a DOT digraph or graph
     * @return the graph; drawn when first shown
     * @throws NullPointerException if dot is null
     */
    public static Graph of(String dot) {
        return new Graph(Objects.requireNonNull(dot, "Graph.of: dot is null; pass DOT source text"));
    }

    /**
     * The same graph laid out from top to bottom: {@code rankdir=LR} becomes {@code TB} and
     * {@code RL} becomes {@code BT}, so a long chain of operations reads down the page instead of
     * growing wider than it.
     *
     * @return a new graph (this one is not changed)
     */
    public Graph vertical() {
        return new Graph(RANKDIR.matcher(dot).replaceAll(m -> "rankdir="
                + switch (m.group(1)) {
                    case "RL", "BT" -> "BT";
                    default -> "TB";
                }));
    }

    /** @return the DOT source */
    public String dot() {
        return dot;
    }

    /**
     * The picture, drawn by {@code dot -Tpng} once and kept.
     *
     * @return PNG bytes at 144 dpi (shown at half their pixel width for a sharp picture)
     * @throws IllegalStateException if {@code dot} is not installed, fails, or takes longer than 30 s
     */
    public synchronized byte[] png() {
        if (png == null) {
            png = run(dot, "dot", "-Tpng", "-Gdpi=144");
        }
        return png.clone();
    }

    /** @return the DOT source */
    @Override
    public String toString() {
        return dot;
    }

    static byte[] run(String input, String... command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("Graph.png: cannot run Graphviz's '" + command[0] + "' (" + e.getMessage()
                    + "); install Graphviz (Debian: apt-get install graphviz; notebooks/run.sh does) and put "
                    + command[0] + " on the PATH", e);
        }
        try {
            Thread writer = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // dot closed its input early; its exit status and stderr below say why
                }
            }, "graphviz-input");
            writer.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "graphviz-stderr");
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Graph.png: " + command[0] + " took longer than " + TIMEOUT_SECONDS + " s");
            }
            writer.join();
            errReader.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Graph.png: " + command[0] + " failed (exit " + p.exitValue() + "): "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
            return out.toByteArray();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Graph.png: interrupted while " + command[0] + " ran", e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException ignored) {
            // the process ended; what was read is kept and its exit status decides
        }
    }
}
