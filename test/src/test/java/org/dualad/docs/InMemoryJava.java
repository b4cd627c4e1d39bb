package org.dualad.docs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles one compilation unit in memory against the test class path and runs its main. */
final class InMemoryJava {

    private InMemoryJava() {
    }

    /** Source text held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** A class file written to memory. */
    private static final class ClassBytes extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassBytes(String className) {
            super(URI.create("bytes:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    /**
     * Compiles {@code source} (whose first public type is {@code className}) and returns what its
     * {@code main} printed on System.out, or "" when it has no main. A compile error or an exception
     * from main is an AssertionError naming {@code where} and showing the source.
     */
    static String compileAndRun(String where, String className, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ClassBytes> classes = new HashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    FileObject sibling) {
                ClassBytes c = new ClassBytes(name);
                classes.put(name, c);
                return c;
            }
        };
        List<String> options = List.of("-classpath", String.join(java.io.File.pathSeparator, DocBlocks.classPath()),
                "-Xlint:none", "-proc:none");
        boolean ok = compiler.getTask(null, files, diagnostics, options, null,
                List.of(new Source(className, source))).call();
        if (!ok) {
            StringBuilder msg = new StringBuilder(where + ": the example does not compile\n");
            diagnostics.getDiagnostics().forEach(d -> msg.append("  line ").append(d.getLineNumber()).append(": ")
                    .append(d.getMessage(null)).append('\n'));
            throw new AssertionError(msg.append(numbered(source)).toString());
        }
        ClassLoader loader = new ClassLoader(InMemoryJava.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ClassBytes c = classes.get(name);
                if (c == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = c.bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        Method main;
        try {
            main = loader.loadClass(className).getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            return "";
        } catch (ClassNotFoundException e) {
            throw new AssertionError(where + ": compiled, but class " + className + " is missing", e);
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            return "";
        }
        return captureStdout(where, () -> {
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                throw new AssertionError(where + ": the example throws " + e.getCause() + "\n" + numbered(source),
                        e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(where + ": main is not accessible", e);
            }
        });
    }

    /** Runs {@code r} with System.out redirected and returns what it printed. */
    static String captureStdout(String where, Runnable r) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.out.flush();
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** The source with line numbers, for a failure message. */
    static String numbered(String source) {
        StringBuilder b = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }
}
