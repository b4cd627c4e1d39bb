package org.dualad.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java jshell} block (the README's JShell quick start) typed into JShell as written,
 * with every module on its class path: no snippet may be rejected or throw, and the output must be
 * what its {@code // prints:} comments say.
 */
class JShellExamplesTest {

    /** One test per JShell block; README.md must have at least one. */
    @TestFactory
    List<DynamicTest> everyJShellBlockRunsAsWritten() {
        Path root = DocBlocks.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : DocBlocks.pages(root)) {
            for (DocBlocks.Block b : DocBlocks.blocks(root, page)) {
                if (b.isJShell()) {
                    tests.add(DynamicTest.dynamicTest(b.where(), () -> run(b)));
                }
            }
        }
        assertFalse(tests.stream().noneMatch(t -> t.getDisplayName().startsWith("README.md:")),
                "README.md has no ```java jshell block");
        return tests;
    }

    /** Feeds the block to JShell snippet by snippet, as the jshell tool splits pasted input. */
    static void run(DocBlocks.Block b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // "local": snippets run in this JVM, so their System.out is captured with the rest
        try (JShell shell = JShell.builder().executionEngine("local")
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            DocBlocks.classPath().forEach(shell::addToClasspath);
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String remaining = b.text();
            String printed = InMemoryJava.captureStdout(b.where(), () -> {
                String input = remaining;
                while (!input.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(input);
                    if (!info.completeness().isComplete()) {
                        throw new AssertionError(b.where() + ": JShell sees an incomplete snippet: " + input);
                    }
                    for (SnippetEvent e : shell.eval(info.source())) {
                        check(b, shell, e);
                    }
                    input = info.remaining();
                }
            });
            assertEquals("", err.toString(StandardCharsets.UTF_8), b.where() + ": JShell wrote to stderr");
            assertEquals(DocBlocks.expectedOutput(b.text()),
                    DocBlocks.normalize(printed + out.toString(StandardCharsets.UTF_8)),
                    b.where() + ": what JShell prints differs from the '// prints:' lines");
        }
    }

    private static void check(DocBlocks.Block b, JShell shell, SnippetEvent e) {
        if (e.status() == Snippet.Status.REJECTED) {
            String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
            throw new AssertionError(b.where() + ": JShell rejects `" + code(e) + "`: " + why);
        }
        if (e.exception() != null) {
            throw new AssertionError(b.where() + ": `" + code(e) + "` throws " + e.exception(), e.exception());
        }
        if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            throw new AssertionError(b.where() + ": `" + code(e) + "` refers to something not yet defined");
        }
    }

    /** A snippet's code for a message, without the comment lines JShell attaches to its start. */
    private static String code(SnippetEvent e) {
        return e.snippet().source().lines().filter(l -> !l.strip().startsWith("//"))
                .collect(Collectors.joining("\n")).strip();
    }
}
