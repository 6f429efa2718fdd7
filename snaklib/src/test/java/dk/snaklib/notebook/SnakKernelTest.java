package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The cell runner both the kernel and the headless runner use: magics, streams, display, interrupts. */
class SnakKernelTest {
    static SnakKernel kernel;

    @TempDir
    static Path tmp;

    /** Collects what a cell produced. */
    static class Collect implements OutputSink {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        final List<DisplayData> displays = new ArrayList<>();
        final List<DisplayData> updates = new ArrayList<>();
        final List<String> order = new ArrayList<>(); // "stdout:text", "stderr:text" as they arrived
        int clears;

        @Override
        public synchronized void stream(String name, String text) {
            ("stdout".equals(name) ? out : err).append(text);
            order.add(name + ":" + text);
        }

        @Override
        public synchronized void updateDisplay(DisplayData data) {
            updates.add(data);
        }

        @Override
        public synchronized void display(DisplayData data) {
            displays.add(data);
        }

        @Override
        public void clearOutput(boolean wait) {
            clears++;
        }
    }

    @BeforeAll
    static void start() {
        kernel = new SnakKernel(10_000);
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void streamsDisplayAndValues() {
        Collect c = new Collect();
        DisplayData value = kernel.runCell("System.out.print(\"a\"); System.err.println(\"b\"); display(\"shown\"); clearOutput(); 1 + 1", c);
        assertEquals("a", c.out.toString());
        assertEquals("b\n", c.err.toString());
        assertEquals(1, c.displays.size());
        assertEquals(1, c.clears);
        assertNotNull(value);
        assertNull(kernel.runCell("int x = 1;", new Collect()), "no value, no execute_result");
    }

    @Test
    void imagesAndTablesRenderRichly() {
        DisplayData img = kernel.runCell("var im = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB); im", new Collect());
        assertNotNull(img.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png")));
        DisplayData table = kernel.runCell("tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1, 2))", new Collect());
        assertTrue(String.valueOf(table.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)).contains("<th>n</th>"));
    }

    @Test
    void outputStreamsWhileTheCellRuns() {
        long[] firstSeen = {0};
        Collect c = new Collect() {
            @Override
            public synchronized void stream(String name, String text) {
                if (firstSeen[0] == 0) {
                    firstSeen[0] = System.nanoTime();
                }
                super.stream(name, text);
            }
        };
        kernel.runCell("System.out.print(\"first\"); Thread.sleep(1500); System.out.println(\" second\");", c);
        long end = System.nanoTime();
        assertEquals("first second\n", c.out.toString());
        assertTrue(end - firstSeen[0] > 1_000_000_000L, "text without a newline arrived while the cell slept");
    }

    @Test
    void timeMagicsPrintWallTime() {
        Collect c = new Collect();
        assertNotNull(kernel.runCell("%time 6 * 7", c));
        assertTrue(c.out.toString().startsWith("Wall time: "), c.out.toString());
        Collect c2 = new Collect();
        assertNull(kernel.runCell("%%time\nint t = 2;\nfor (int i = 0; i < 3; i++) t++;", c2));
        assertTrue(c2.out.toString().contains("Wall time: "));
    }

    @Test
    void jarsAndClasspathMagicsAddToTheRunningNotebook() throws Exception {
        // A jar with one compiled class, made with the JDK's compiler.
        Path src = tmp.resolve("src/demo/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Hello { public static String hi() { return \"hi from jar\"; } }");
        Path classes = tmp.resolve("classes");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        Path libs = Files.createDirectories(tmp.resolve("libs"));
        try (var jar = new JarOutputStream(Files.newOutputStream(libs.resolve("hello.jar")))) {
            jar.putNextEntry(new JarEntry("demo/Hello.class"));
            jar.write(Files.readAllBytes(classes.resolve("demo/Hello.class")));
        }
        Collect c = new Collect();
        DisplayData added = kernel.runCell("List<String> added = %jars " + libs + "\nadded", c);
        assertTrue(String.valueOf(added.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)).contains("hello.jar"));
        DisplayData hi = kernel.runCell("demo.Hello.hi()", new Collect());
        assertEquals("hi from jar", hi.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        assertNull(kernel.runCell("%classpath " + classes, new Collect()));
        CellError none = assertThrows(CellError.class, () -> kernel.runCell("%jars /no/such/*.jar", new Collect()));
        assertTrue(none.evalue().contains("no file matches /no/such/*.jar"), none.evalue());
    }

    @Test
    void unknownMagicIsRefusedAndTheKernelGoesOn() {
        CellError e = assertThrows(CellError.class, () -> kernel.runCell("%maven org.example:x:1", new Collect()));
        assertTrue(e.evalue().startsWith("unknown magic %maven; this kernel has %classpath, %jars, %time"), e.evalue());
        assertNotNull(kernel.runCell("\"still here\"", new Collect()));
        assertNotNull(kernel.runCell("int m = 10 %3; m", new Collect()), "the modulo operator is not a magic");
    }

    @Test
    void nestedEvalIsRefusedInsteadOfHanging() {
        CellError e = assertThrows(CellError.class, () -> kernel.runCell("eval(\"1 + 1\")", new Collect()));
        assertTrue(e.evalue().contains("cannot be used inside a running cell"), e.evalue());
    }

    @Test
    void interruptStopsASleepingCellAndTheNextCellRuns() throws Exception {
        var running = CompletableFuture.supplyAsync(() -> assertThrows(CellError.class, () -> kernel.runCell("Thread.sleep(60_000);", new Collect())));
        Thread.sleep(1500);
        kernel.interrupt();
        CellError e = running.get(20, TimeUnit.SECONDS);
        assertTrue(e.ename().contains("Interrupt"), e.ename());
        assertNotNull(kernel.runCell("\"next\"", new Collect()));
    }

    @Test
    void stdoutAndStderrArriveInTheOrderPrinted() {
        Collect c = new Collect();
        // two snippets, so a flush may fall between them or not: the order must not depend on it
        kernel.runCell("System.err.println(\"to stderr\"); System.out.println(\"then stdout\"); System.err.print(\"and stderr\");", c);
        assertEquals(List.of("stderr:to stderr\n", "stdout:then stdout\n", "stderr:and stderr"), c.order);
    }

    @Test
    void progressInACellIsOneDisplayUpdatedInPlace() {
        Collect c = new Collect();
        kernel.runCell("var p = new dk.snaklib.util.Progress(\"work\", 3, \"items\"); for (int i = 1; i <= 3; i++) { p.update(i, \"\"); Thread.sleep(600); }", c);
        assertEquals("", c.err.toString(), "no stderr lines");
        assertEquals(1, c.displays.size());
        String id = c.displays.getFirst().getDisplayId();
        assertTrue(id != null && id.startsWith("progress-"), id);
        assertFalse(c.updates.isEmpty());
        assertTrue(c.updates.stream().allMatch(u -> id.equals(u.getDisplayId())));
        assertTrue(String.valueOf(c.updates.getLast().getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)).contains("3/3 items"));
    }

    @Test
    void interruptReachesALibraryLoopOnceAndTheNextCellRuns() throws Exception {
        kernel.runCell("%classpath " + Path.of("target/test-classes").toAbsolutePath(), new Collect());
        Collect c = new Collect();
        var running = CompletableFuture.supplyAsync(() -> assertThrows(CellError.class,
                () -> kernel.runCell("dk.snaklib.notebook.InterruptibleWork.untilInterrupted(60_000);", c)));
        Thread.sleep(2000);
        kernel.interrupt();
        CellError e = running.get(30, TimeUnit.SECONDS);
        assertTrue(e.ename().contains("Interrupt"), e.ename());
        assertEquals("library loop saw the interrupt\ncleanup finished without a second interrupt\n", c.out.toString());
        assertNotNull(kernel.runCell("\"next\"", new Collect()));
    }

    @Test
    void outputBeyondTheLimitIsCutWithANote() {
        Collect c = new Collect();
        kernel.runCell("for (int i = 0; i < 5000; i++) System.out.println(\"0123456789\");", c);
        assertEquals(10_000, c.out.length());
        assertTrue(c.err.toString().contains("[output truncated: this cell wrote more than 10000 characters"));
    }
}
