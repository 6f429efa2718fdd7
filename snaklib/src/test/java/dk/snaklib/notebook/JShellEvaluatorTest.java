package dk.snaklib.notebook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class JShellEvaluatorTest {
    static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        jshell = new JShellEvaluator(List.of("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void importsOnLaterLinesOfACellKeepEarlierVariables() {
        jshell.eval("String kept = \"a\"; var kept2 = java.nio.file.Path.of(\"x\");");
        jshell.eval("import java.awt.*;\nimport javax.swing.*;\n// a comment\nimport java.util.concurrent.*;");
        assertEquals("a", jshell.eval("kept"));
        assertEquals(java.nio.file.Path.of("x"), jshell.eval("kept2"));
        assertEquals("import java.awt.*;", JShellEvaluator.withoutImportPreamble("\n  // c\n/* d */\nimport java.awt.*;"));
        assertEquals("\nint x = 1; // import y", JShellEvaluator.withoutImportPreamble("\nint x = 1; // import y"));
    }

    @Test
    void expressionsGiveRealObjectsAndStatementsNone() {
        Object list = jshell.eval("var xs = new ArrayList<Integer>(); xs.add(3); xs");
        assertInstanceOf(ArrayList.class, list);
        assertEquals(List.of(3), list);
        assertSame(JShellEvaluator.NO_VALUE, jshell.eval("int y = 4;"));
        assertSame(JShellEvaluator.NO_VALUE, jshell.eval("System.out.print(\"\")"));
        assertSame(JShellEvaluator.NO_VALUE, jshell.eval("void f() {}"));
        assertEquals(7, jshell.eval("y + 3"));
        assertEquals(4, jshell.eval("y"));
        assertNull(jshell.eval("String s = null; s"));
    }

    @Test
    void snaklibIsOnTheClassPath() {
        assertEquals("dk.snaklib.util.BadInputException", jshell.eval("dk.snaklib.util.BadInputException.class.getName()"));
    }

    @Test
    void compileErrorsNameTheProblem() {
        CellError e = assertThrows(CellError.class, () -> jshell.eval("int z = \"text\";"));
        assertEquals("CompilationException", e.ename());
        assertTrue(e.evalue().contains("incompatible types"), e.evalue());
    }

    @Test
    void exceptionsAreTheUsersOwnAndTheShellGoesOn() {
        CellError e = assertThrows(CellError.class, () -> jshell.eval("throw new IllegalStateException(\"boom\")"));
        assertEquals("java.lang.IllegalStateException", e.ename());
        assertEquals("boom", e.evalue());
        assertTrue(e.traceback().get(0).contains("IllegalStateException: boom"));
        assertTrue(e.traceback().get(1).matches("\tat cell code \\(snippet \\d+\\)"), e.traceback().toString());
        assertEquals(2, jshell.eval("1 + 1"));
    }

    @Test
    void stopEndsAnEndlessLoop() throws Exception {
        var running = CompletableFuture.supplyAsync(() -> assertThrows(CellError.class, () -> jshell.eval("while (true) {}")));
        Thread.sleep(500);
        jshell.stop();
        CellError e = running.get(10, TimeUnit.SECONDS);
        assertEquals("InterruptedException", e.ename());
        assertEquals(3, jshell.eval("1 + 2"));
    }

    @Test
    void completesInspectsAndJudgesCompleteness() {
        var c = jshell.complete("int a = 1; Math.ab", 18);
        assertTrue(c.matches().contains("abs("), c.matches().toString());
        assertEquals(16, c.start());
        assertNotNull(jshell.inspect("Math.abs", 6));
        assertEquals("complete", jshell.isComplete("int x = 1;"));
        assertEquals("incomplete", jshell.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("invalid", jshell.isComplete("int x = ;"));
    }
}
