package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dualad} launcher reached through symlinks from another folder (as in
 * /usr/local/bin/dualad -> repo/dualad) builds in, and runs the jar of, the real repository.
 *
 * <p>It runs the real script with stand-ins for {@code java} and {@code mvn} first on the PATH,
 * which record their folder and arguments: a test must neither start a nested Maven build of
 * this very reactor nor depend on the shaded jar, which the package phase makes after the tests.
 */
class LauncherSymlinkTest {

    @Test
    void aSymlinkChainFromAnotherFolderRunsTheRealRepository(@TempDir Path tmp) throws Exception {
        Path repo = Path.of("..").toRealPath();
        Path launcher = repo.resolve("dualad");
        assertTrue(Files.isExecutable(launcher), "the launcher " + launcher);

        // bin/dualad -> (absolute) links/dd -> (relative) ../../repo/dualad, as an install would chain them
        Path links = Files.createDirectories(tmp.resolve("links"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(links.resolve("dd"), links.relativize(launcher));
        Files.createSymbolicLink(bin.resolve("dualad"), links.resolve("dd"));

        Path fakes = Files.createDirectories(tmp.resolve("fakes"));
        Path javaLog = tmp.resolve("java.log");
        Path mvnLog = tmp.resolve("mvn.log");
        script(fakes.resolve("java"), "pwd > '" + javaLog + "'\nprintf '%s\\n' \"$@\" >> '" + javaLog + "'\n");
        script(fakes.resolve("mvn"), "pwd > '" + mvnLog + "'\n");

        Path work = Files.createDirectories(tmp.resolve("elsewhere"));
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("dualad").toString(), "gradient", "x^2", "--at", "x=3")
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", fakes + java.io.File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, p.exitValue(), output);

        List<String> java = Files.readAllLines(javaLog);
        int jar = java.indexOf("-jar");
        assertTrue(jar > 0, "java was run with -jar: " + java);
        assertEquals(repo.resolve("cli/target/dualad.jar").toString(), java.get(jar + 1));
        assertEquals(List.of("gradient", "x^2", "--at", "x=3"), java.subList(jar + 2, java.size()));
        for (String arg : java) {
            if (arg.contains("dualad.jsa")) {
                assertTrue(arg.contains(repo.resolve("cli/target").toString()), "the class-data archive: " + arg);
            }
        }
        if (Files.exists(mvnLog)) { // the jar was missing or older than a source: the build ran in the repository
            assertEquals(repo.toString(), Files.readString(mvnLog).trim());
            assertTrue(output.contains("dualad: building cli/target/dualad.jar"), output);
        }
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
