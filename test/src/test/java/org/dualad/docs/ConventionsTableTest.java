package org.dualad.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The conventions table has one source, the javadoc of {@code Differentiable}; docs/conventions.md
 * reproduces it. This keeps the two in step: the same rows, in the same order, naming the same
 * function and point (the third column may be worded for each medium).
 */
class ConventionsTableTest {

    @Test
    void docsReproduceTheJavadocTable() throws IOException {
        Path root = DocBlocks.root();
        String java = Files.readString(root.resolve("dual/src/main/java/org/dualad/dual/Differentiable.java"),
                StandardCharsets.UTF_8);
        String md = Files.readString(root.resolve("docs/conventions.md"), StandardCharsets.UTF_8);
        List<String> javadoc = javadocRows(java);
        List<String> docs = markdownRows(md);
        assertTrue(javadoc.size() >= 15, "javadoc rows found: " + javadoc);
        assertEquals(javadoc, docs, "docs/conventions.md's first table must list the rows of Differentiable's javadoc table");
    }

    /** "function | point" of every row of the javadoc's conventions table. */
    static List<String> javadocRows(String java) {
        int start = java.indexOf("<caption>derivative conventions</caption>");
        String table = java.substring(start, java.indexOf("</table>", start)).replaceAll("\\n\\s*\\*\\s*", " ");
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><td>(.*?)</td><td>(.*?)</td>").matcher(table);
        while (m.find()) {
            rows.add(normalize(m.group(1)) + " | " + normalize(m.group(2)));
        }
        return rows;
    }

    /** "function | point" of every row of the first markdown table whose header starts with "function". */
    static List<String> markdownRows(String md) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("| function | point |")) {
                in = true;
                continue;
            }
            if (in && line.startsWith("|---")) {
                continue;
            }
            if (in && !line.startsWith("|")) {
                break;
            }
            if (in) {
                String[] cells = line.replace("\\|", "\u0000").split("\\|");
                rows.add(normalize(cells[1].replace('\u0000', '|')) + " | " + normalize(cells[2].replace('\u0000', '|')));
            }
        }
        return rows;
    }

    static String normalize(String s) {
        return s.replace("&plusmn;", "±").replace("&infin;", "∞").replace("&ne;", "≠").replace("&gt;", ">")
                .replace("&lt;", "<").replace("&amp;", "&").replace("`", "").replaceAll("\\s+", " ").trim();
    }
}
