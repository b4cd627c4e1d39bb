package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code $ ./dualad ...} example of README.md and docs/cli.md as a process and checks
 * that it prints exactly the text shown under it (stdout, or stderr for an error example).
 */
class ReadmeExamplesTest {

    /** One example: the arguments after ./dualad and the text shown. */
    record Example(List<String> args, String expected) {
    }

    static List<Example> examples() throws Exception {
        // the README shows the main job; docs/cli.md is the command's manual
        String[] lines = (Files.readString(Path.of("..", "README.md")) + "\n"
                + Files.readString(Path.of("..", "docs", "cli.md"))).split("\n", -1);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$ ./dualad ")) {
                List<String> args = split(lines[i].substring("$ ./dualad ".length()));
                StringBuilder expected = new StringBuilder();
                int j = i + 1;
                while (!lines[j].startsWith("```") && !lines[j].startsWith("$ ")) {
                    expected.append(lines[j]).append('\n');
                    j++;
                }
                out.add(new Example(args, expected.toString()));
                i = j - 1;
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("README.md and docs/cli.md show no '$ ./dualad' example");
        }
        return out;
    }

    /** Splits a shell command line with single quotes, as the README writes them. */
    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    args.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(cur.toString());
        }
        return args;
    }

    @Test
    void everyExamplePrintsWhatTheReadmeShows() throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 10, "examples found: " + examples.size());
        for (Example e : examples) {
            CommandProcessTest.Result r = CommandProcessTest.run(e.args().toArray(new String[0]));
            String actual = r.out().isEmpty() ? r.err() : r.out();
            if (r.out().isEmpty()) {
                assertEquals(2, r.code(), "an example printing only to stderr is a bad-input example: " + e.args());
            }
            assertEquals(e.expected(), actual.replace("\r\n", "\n"), "doc example: ./dualad " + e.args());
        }
    }
}
