package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * binder/postBuild as repo2docker runs it: as a fresh non-root user, on a fresh clone in that user's home, with no
 * root and none of root's state. Then the kernel it installed runs a notebook under Jupyter, as that user.
 * Needs root (to create the user) and useradd; skipped otherwise, with the reason. CI runs as root, so it runs there.
 * The clone is of the committed HEAD. The user's Maven repository starts as a copy of root's (so no download is
 * needed; Maven Central fills any gap), since repo2docker's ~/.m2 would be filled by the same build.
 */
class BinderPostBuildTest {
    private static final String USER = "snakbinder";
    private static final Path HOME = Path.of("/home", USER);
    private static final Path CLONE = HOME.resolve("snaklab");
    private static boolean created;

    @BeforeAll
    static void createUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create a user (runs in CI, which is root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/userdel"))
                && Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs useradd, userdel and runuser");
        JupyterTools.require("nbconvert", "nbclient");
        assumeTrue(run(Path.of("/"), 30, "git", "--version").exit == 0, "needs git");
        if (run(Path.of("/"), 10, "id", USER).exit == 0) {
            run(Path.of("/"), 60, "userdel", "-r", USER); // left by an interrupted run
        }
        Run add = run(Path.of("/"), 60, "useradd", "--create-home", "--shell", "/bin/bash", USER);
        assertEquals(0, add.exit, add.output);
        created = true;
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (created) {
            Run del = run(Path.of("/"), 120, "userdel", "-r", USER);
            assertTrue(del.exit == 0 || del.exit == 12, "userdel: " + del.output); // 12: home already gone
        }
    }

    @Test
    void postBuildSucceedsAsANonRootUserAndItsKernelRunsANotebook() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        Run clone = run(Path.of("/"), 300, "git", "clone", "--quiet", "--no-hardlinks", repo.toString(), CLONE.toString());
        assertEquals(0, clone.exit, clone.output);
        Path rootM2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (Files.isDirectory(rootM2)) {
            Files.createDirectories(HOME.resolve(".m2"));
            Run cp = run(Path.of("/"), 600, "cp", "-a", rootM2.toString(), HOME.resolve(".m2/repository").toString());
            assertEquals(0, cp.exit, cp.output);
            run(Path.of("/"), 60, "rm", "-rf", HOME.resolve(".m2/repository/dk/snaklib").toString()); // built by postBuild itself
        }
        Run own = run(Path.of("/"), 300, "chown", "-R", USER + ":" + USER, HOME.toString());
        assertEquals(0, own.exit, own.output);
        long t1 = System.nanoTime();

        Run post = asUser(CLONE, 1500, "bash", "binder/postBuild");
        long t2 = System.nanoTime();
        assertEquals(0, post.exit, "binder/postBuild as " + USER + ":\n" + post.output);
        assertTrue(post.output.contains("binder/postBuild: done"), post.output);
        Path kernel = HOME.resolve(".local/share/jupyter/kernels/snaklib/kernel.json");
        assertTrue(Files.isRegularFile(kernel), "postBuild installed no kernel at " + kernel + "\n" + post.output);
        assertTrue(Files.readString(kernel).contains(CLONE.toString()), Files.readString(kernel));

        // A notebook through Jupyter, as the user, on the kernel postBuild installed.
        Path nb = CLONE.resolve("binder-check.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "snaklib", "display_name": "Java", "language": "java"}},
                 "cells": [
                  {"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": null,
                   "source": ["import dk.snaklib.experiment.Preset;"]},
                  {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": null,
                   "source": ["Preset p = Preset.named(\\"tiny\\");\\n", "System.out.println(\\"preset \\" + p.name() + \\" steps \\" + p.train().steps() + \\" user \\" + System.getProperty(\\"user.name\\"));"]}
                 ]}
                """);
        run(Path.of("/"), 60, "chown", USER + ":" + USER, nb.toString());
        Run exec = asUser(CLONE, 300, "jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=snaklib", "--ExecutePreprocessor.timeout=240",
                "--output", "binder-check.out.ipynb", "binder-check.ipynb");
        long t3 = System.nanoTime();
        assertEquals(0, exec.exit, "nbconvert --execute as " + USER + ":\n" + exec.output);
        JsonNode out = new ObjectMapper().readTree(CLONE.resolve("binder-check.out.ipynb").toFile());
        String text = out.path("cells").get(1).path("outputs").get(0).path("text").toString();
        assertTrue(text.contains("preset tiny steps ") && text.contains("user " + USER), out.toString());
        System.out.printf("BinderPostBuildTest: clone + Maven repository copy %.0f s, postBuild %.0f s, notebook %.0f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    /** As the user, with a login-like clean environment: no root variables, HOME and PATH of its own. */
    private static Run asUser(Path dir, long seconds, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", USER, "--", "env", "-i", "HOME=" + HOME, "USER=" + USER,
                "LOGNAME=" + USER, "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"));
        argv.addAll(List.of(command));
        return run(dir, seconds, argv.toArray(String[]::new));
    }

    record Run(int exit, String output) {}

    private static Run run(Path dir, long seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("binder", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Run(-1, "timed out after " + seconds + " s: " + String.join(" ", command) + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
