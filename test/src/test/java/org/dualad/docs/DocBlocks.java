package org.dualad.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and docs/*.md, and the conventions the doc tests read from
 * them.
 *
 * <ul>
 *   <li>A block fenced {@code ```java} is Java that must compile and run. If it declares a type at
 *       column 0 it is a whole compilation unit (its {@code main}, if any, is run). A block of only
 *       imports sets the imports of the snippets after it on the same page. Any other block is a
 *       snippet: lines from a column-0 {@code static} or {@code @} up to the next column-0
 *       {@code }} are members of a class {@code Example}, and stay members of the later snippets
 *       of the page (as in a notebook); the other lines are the body of its {@code main}.</li>
 *   <li>A block fenced {@code ```java jshell} is typed into JShell as written.</li>
 *   <li>{@code // prints: text} (after code, or alone with the lines {@code // text} under it) is
 *       what the block prints, line by line; a block prints exactly its {@code prints} lines.</li>
 *   <li>Every other fence ({@code text}, {@code sh}, none) is not checked here.</li>
 * </ul>
 */
final class DocBlocks {

    /** A fenced block: where it is, its info string and its text. */
    record Block(Path file, int line, String info, String text) {

        /** The block's place, as a reader finds it: {@code docs/forward.md:42}. */
        String where() {
            return file.toString().replace('\\', '/') + ":" + line;
        }

        boolean isJava() {
            return info.equals("java");
        }

        boolean isJShell() {
            return info.equals("java jshell");
        }
    }

    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("^(?:public |final |abstract )*(?:class|record|interface|enum) (\\w+)", Pattern.MULTILINE);
    private static final Pattern PRINTS = Pattern.compile("//\\s*prints:(.*)$");

    private DocBlocks() {
    }

    /** The repository root: the nearest folder at or above the working directory holding README.md. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no README.md at or above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** README.md, then every docs/*.md by name, relative to the root. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                        .forEach(p -> pages.add(root.relativize(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pages;
    }

    /** Every fenced block of one page, in order. */
    static List<Block> blocks(Path root, Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i);
            if (!open.startsWith("```")) {
                continue;
            }
            String info = open.substring(3).trim();
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).trim().equals("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new AssertionError(page + ":" + (i + 1) + ": the code fence is never closed");
            }
            out.add(new Block(page, i + 1, info, text.toString()));
            i = j;
        }
        return out;
    }

    /** The name of the first type a block declares at column 0, or null for a snippet. */
    static String declaredType(String text) {
        Matcher m = TYPE_DECLARATION.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** True if every non-blank line is an import or a comment. */
    static boolean onlyImports(String text) {
        boolean any = false;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("//")) {
                continue;
            }
            if (!t.startsWith("import ")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** A snippet split into its member declarations and the statements of its main. */
    record Snippet(String members, String body) {
    }

    /** Splits a snippet: a column-0 {@code static} or {@code @} line opens a member, a column-0 } closes it. */
    static Snippet split(String text) {
        StringBuilder members = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean inMember = false;
        for (String line : text.split("\n", -1)) {
            if (!inMember && (line.startsWith("static ") || line.startsWith("@"))) {
                inMember = true;
            }
            if (inMember) {
                members.append("    ").append(line).append('\n');
                if (line.startsWith("}")) {
                    inMember = false;
                }
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        return new Snippet(members.toString(), body.toString());
    }

    /** A snippet as a compilation unit: the page's imports, then class Example with the members and main. */
    static String wrap(String imports, String members, String body) {
        return imports + "\npublic class Example {\n" + members
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n";
    }

    /** The lines a block says it prints ({@code // prints:} comments), joined with newlines. */
    static String expectedOutput(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PRINTS.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            String rest = m.group(1);
            if (!rest.isBlank()) {
                out.append(rest.startsWith(" ") ? rest.substring(1) : rest).append('\n');
                continue;
            }
            // "// prints:" alone: the comment lines under it are the output, verbatim after "// "
            int j = i + 1;
            while (j < lines.length && lines[j].trim().startsWith("//") && !PRINTS.matcher(lines[j]).find()) {
                String t = lines[j].trim().substring(2);
                out.append(t.startsWith(" ") ? t.substring(1) : t).append('\n');
                j++;
            }
            i = j - 1;
        }
        return normalize(out.toString());
    }

    /** Output as compared: line ends unified, trailing blanks of each line and final empty lines dropped. */
    static String normalize(String s) {
        String[] lines = s.replace("\r\n", "\n").split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line.stripTrailing()).append('\n');
        }
        String r = b.toString();
        while (r.endsWith("\n")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /** The test class path, as surefire hands it to the forked JVM. */
    static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String e : cp.split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        return out;
    }
}
