package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NotebookRunnerTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        return Path.of("src/test/resources/notebooks", name).toAbsolutePath();
    }

    static NotebookRunner.Options options(Duration timeout, long limit, String... params) {
        return new NotebookRunner.Options(List.of(params).stream().map(NotebookFile.Parameter::parse).toList(), timeout, limit);
    }

    static JsonNode read(Path p) throws Exception {
        return NotebookFile.JSON.readTree(p.toFile());
    }

    @Test
    void runsWithInjectedParametersAndWritesNotebookAndHtml() throws Exception {
        var r = NotebookRunner.run(resource("smoke.ipynb"), tmp, options(Duration.ofMinutes(2), 100_000, "steps=4", "who=Snak \"Lab\""));
        assertTrue(r.ok(), () -> r.failure().describe(r.notebook()));
        JsonNode cells = read(r.notebook()).get("cells");
        assertEquals("injected-parameters", cells.get(2).at("/metadata/tags/0").asText(), "injected right after the parameters cell");
        assertEquals("// Parameters injected by snak notebooks run\nvar steps = 4;\nvar who = \"Snak \\\"Lab\\\"\";", cells.get(2).get("source").asText());
        assertEquals("hello, Snak \"Lab\"\n", cells.get(3).at("/outputs/0/text").asText());
        assertEquals("stderr", cells.get(3).at("/outputs/1/name").asText());
        assertEquals("10", cells.get(4).at("/outputs/0/data/text~1plain").asText());
        assertEquals(0, cells.get(5).get("outputs").size(), "a declaration has no execute_result");
        assertEquals("display_data", cells.get(6).at("/outputs/0/output_type").asText());
        assertEquals("execute_result", cells.get(6).at("/outputs/1/output_type").asText());
        assertEquals("[1, 2, 3]", cells.get(7).at("/outputs/0/data/text~1plain").asText());
        String html = Files.readString(r.html());
        assertTrue(html.contains("<h1>Smoke test</h1>") && html.contains("hello, Snak &quot;Lab&quot;"), html);
    }

    @Test
    void anUnknownParameterIsRefusedNamingTheDefinedOnes() {
        var e = assertThrows(BadInputException.class,
                () -> NotebookRunner.run(resource("smoke.ipynb"), tmp, options(Duration.ofMinutes(2), 100_000, "steps=4", "stpes=5")));
        assertTrue(e.getMessage().contains("--param stpes: not a parameter of this notebook; its 'parameters' cell defines steps, who"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("smoke.ipynb")), "nothing ran");
        var none = assertThrows(BadInputException.class,
                () -> NotebookRunner.run(resource("fails.ipynb"), tmp, options(Duration.ofMinutes(2), 100_000, "x=1")));
        assertTrue(none.getMessage().contains("no cell tagged 'parameters'"), none.getMessage());
    }

    @Test
    void declaredNamesOfAParametersCell() {
        assertEquals(List.of("steps", "out", "xs", "grid", "lr"), NotebookFile.declaredNames(
                "int steps = 40;   // updates\nString out = \"runs/x\";\nList<String> xs = List.of();\nint[] grid = {1};\nfinal var lr = 3e-4;\nreturn x;\n"));
    }

    @Test
    void stopsAtTheFirstFailingCellAndShowsTheJavaException() throws Exception {
        var r = NotebookRunner.run(resource("fails.ipynb"), tmp, NotebookRunner.Options.defaults());
        assertFalse(r.ok());
        assertEquals(2, r.failure().cell());
        assertEquals("java.lang.IllegalStateException", r.failure().error().ename());
        JsonNode cells = read(r.notebook()).get("cells");
        assertEquals("error", cells.get(1).at("/outputs/0/output_type").asText());
        assertEquals("boom", cells.get(1).at("/outputs/0/evalue").asText());
        assertEquals(0, cells.get(2).get("outputs").size());
        assertTrue(cells.get(2).get("execution_count").isNull());
        assertTrue(Files.readString(r.html()).contains("java.lang.IllegalStateException: boom"));
    }

    @Test
    void badNotebooksGiveClearMessages() throws Exception {
        var defaults = NotebookRunner.Options.defaults();
        var e1 = assertThrows(BadInputException.class, () -> NotebookRunner.run(resource("broken.ipynb"), tmp, defaults));
        assertTrue(e1.getMessage().contains("not a valid .ipynb: JSON error at line 1"), e1.getMessage());
        var e2 = assertThrows(BadInputException.class, () -> NotebookRunner.run(resource("python.ipynb"), tmp, defaults));
        assertTrue(e2.getMessage().contains("this notebook is for python"), e2.getMessage());
        Path v3 = tmp.resolve("old.ipynb");
        Files.writeString(v3, "{\"nbformat\": 3, \"worksheets\": []}");
        var e3 = assertThrows(BadInputException.class, () -> NotebookRunner.run(v3, tmp, defaults));
        assertTrue(e3.getMessage().contains("nbformat 3 is not supported"), e3.getMessage());
        Path copy = tmp.resolve("smoke.ipynb");
        Files.copy(resource("smoke.ipynb"), copy);
        var e5 = assertThrows(BadInputException.class, () -> NotebookRunner.run(copy, tmp, defaults));
        assertTrue(e5.getMessage().contains("would overwrite its source"), e5.getMessage());
        var e4 = assertThrows(BadInputException.class, () -> NotebookFile.Parameter.parse("no-equals"));
        assertTrue(e4.getMessage().contains("name=value"));
    }

    @Test
    void aCellThatNeverEndsTimesOutAndHugeOutputIsTruncated() throws Exception {
        Path nb = tmp.resolve("slow.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "source": "for (int i = 0; i < 20000; i++) System.out.println(\\"line \\" + i);", "outputs": [], "execution_count": null},
                 {"cell_type": "code", "metadata": {}, "source": "while (true) { }", "outputs": [], "execution_count": null},
                 {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [], "execution_count": null}]}
                """);
        var r = NotebookRunner.run(nb, tmp.resolve("out"), options(Duration.ofSeconds(5), 5_000));
        assertEquals(2, r.failure().cell());
        assertEquals("CellTimeout", r.failure().error().ename());
        assertTrue(r.failure().error().evalue().contains("within 5 s and was interrupted"), r.failure().error().evalue());
        JsonNode outputs = read(r.notebook()).at("/cells/0/outputs");
        assertEquals(5_000, outputs.get(0).get("text").asText().length());
        assertTrue(outputs.get(1).get("text").asText().contains("[output truncated: this cell wrote more than 5000 characters"));
    }
}
