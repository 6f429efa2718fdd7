package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;

/** Each template's exact output for one fixed pair, as the study's formatter lambdas produce it. */
class PromptTemplateTest {
    private static final String IN = "Hvad er hovedstaden i Danmark?";
    private static final String OUT = "København.";
    private static final String HEADER = "### Instruktion:\nNedenfor er en kombination af instruktioner, der beskriver "
            + "opgaven og input med kontekst. Skriv et svar, der på passende vis opfylder kravene.\n\n";

    @Test
    void concatIsInputsSpaceTargets() {
        FormattedExample f = PromptTemplate.CONCAT.format(IN, OUT);
        assertEquals("Hvad er hovedstaden i Danmark? København.", f.text());
        assertEquals(OUT, f.answer());
    }

    @Test
    void chatIsTheReleasedModelsFormat() {
        FormattedExample f = PromptTemplate.CHAT.format(IN, OUT);
        assertEquals("[INST] Hvad er hovedstaden i Danmark? [/INST] København.", f.text());
        assertEquals(OUT, f.answer());
    }

    @Test
    void alpacaPutsThePromptUnderInputAndTheAnswerUnderSvar() {
        FormattedExample f = PromptTemplate.ALPACA.format(IN, OUT);
        assertEquals(HEADER + "### Input:\nHvad er hovedstaden i Danmark?\n\n### Svar:\nKøbenhavn.", f.text());
        assertEquals(OUT, f.answer());
        assertEquals(f.text().length(), f.answerEnd());
    }

    @Test
    void alpacaAsReleasedSwapsTheFields() {
        FormattedExample f = PromptTemplate.ALPACA_AS_RELEASED.format(IN, OUT);
        assertEquals(HEADER + "### Input:\nKøbenhavn.\n\n### Svar:\nHvad er hovedstaden i Danmark?", f.text());
        assertEquals(OUT, f.answer());
        assertEquals(HEADER.length() + "### Input:\n".length(), f.answerStart());
    }

    @Test
    void userTemplateFillsBothSlotsOnce() {
        PromptTemplate t = PromptTemplate.of("Svar: {targets} <- Spørgsmål: {inputs}");
        FormattedExample f = t.format("a {targets} b", "c");
        assertEquals("Svar: c <- Spørgsmål: a {targets} b", f.text());
        assertEquals("c", f.answer());
        assertEquals(6, f.answerStart());
    }

    @Test
    void templateWithoutASlotIsRefusedByName() {
        var noTargets = assertThrows(BadInputException.class, () -> PromptTemplate.of("Q: {inputs} A:"));
        assertTrue(noTargets.getMessage().contains("no {targets} slot"), noTargets.getMessage());
        var noInputs = assertThrows(BadInputException.class, () -> PromptTemplate.of("A: {targets}"));
        assertTrue(noInputs.getMessage().contains("no {inputs} slot"), noInputs.getMessage());
        var twice = assertThrows(BadInputException.class, () -> PromptTemplate.of("{inputs} {targets} {inputs}"));
        assertTrue(twice.getMessage().contains("{inputs} more than once"), twice.getMessage());
    }

    @Test
    void namesResolveToTheStudysTemplates() {
        assertSame(PromptTemplate.CONCAT, PromptTemplate.named("concatenated"));
        assertSame(PromptTemplate.CONCAT, PromptTemplate.named("CONCAT"));
        assertSame(PromptTemplate.ALPACA_AS_RELEASED, PromptTemplate.named("alpaca_as_released"));
        assertEquals("x-y", PromptTemplate.named("{inputs}-{targets}").format("x", "y").text());
        assertThrows(IllegalArgumentException.class, () -> PromptTemplate.named("vicuna"));
    }

    @Test
    void pythonLengthCountsCodePoints() {
        assertEquals(3, new FormattedExample("a\uD83D\uDE00b", 0, 1).pythonLength()); // "a😀b": 4 UTF-16 units
    }
}
