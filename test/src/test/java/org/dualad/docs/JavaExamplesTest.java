package org.dualad.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles against every module and runs,
 * printing exactly what its {@code // prints:} comments say (see {@link DocBlocks} for the
 * conventions).
 */
class JavaExamplesTest {

    /** One test per Java block, named by its file and line. */
    @TestFactory
    List<DynamicTest> everyJavaBlockCompilesRunsAndPrintsWhatItShows() {
        Path root = DocBlocks.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : DocBlocks.pages(root)) {
            String imports = null;
            StringBuilder members = new StringBuilder();
            for (DocBlocks.Block b : DocBlocks.blocks(root, page)) {
                if (!b.isJava()) {
                    continue;
                }
                String type = DocBlocks.declaredType(b.text());
                String source;
                String className;
                if (DocBlocks.onlyImports(b.text())) {
                    imports = b.text();
                    source = b.text() + "\nclass Imports {\n}\n";   // every import must resolve
                    className = "Imports";
                } else if (type != null) {
                    source = b.text();
                    className = type;
                } else {
                    if (imports == null) {
                        throw new AssertionError(b.where() + ": a snippet needs a block of imports above it on its page");
                    }
                    DocBlocks.Snippet snippet = DocBlocks.split(b.text());
                    members.append(snippet.members());
                    source = DocBlocks.wrap(imports, members.toString(), snippet.body());
                    className = "Example";
                }
                String expected = DocBlocks.expectedOutput(b.text());
                tests.add(DynamicTest.dynamicTest(b.where(), () -> {
                    String printed = InMemoryJava.compileAndRun(b.where(), className, source);
                    assertEquals(expected, DocBlocks.normalize(printed),
                            b.where() + ": what the example prints differs from its '// prints:' lines");
                }));
            }
        }
        assertTrue(tests.size() >= 10, "Java blocks found: " + tests.size());
        return tests;
    }

    /** The conventions themselves, on small texts, so a parsing slip cannot hide a broken example. */
    @Test
    void conventionsParseAsDocumented() {
        assertEquals("Quick", DocBlocks.declaredType("import a.B;\n\npublic class Quick {\n}\n"));
        assertEquals(null, DocBlocks.declaredType("double x = 1;\n    class Local {}\n"));
        assertTrue(DocBlocks.onlyImports("// the imports\nimport a.B;\nimport static c.D.e;\n"));
        assertEquals("[1.0]\nline 1\n  line 2\n3",
                DocBlocks.expectedOutput("p(a); // prints: [1.0]\n// prints:\n// line 1\n//   line 2\nq();\n"
                        + "r(); // prints: 3\n"));
        DocBlocks.Snippet s = DocBlocks.split("static int f() {\n    return 1;\n}\n\nint y = f();\n");
        assertEquals("    static int f() {\n        return 1;\n    }\n", s.members());
        assertEquals("        \n        int y = f();\n        \n", s.body());
    }
}
