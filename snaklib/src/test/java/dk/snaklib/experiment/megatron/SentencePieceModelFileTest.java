package dk.snaklib.experiment.megatron;

import dk.snaklib.tokenizer.SentencePieceModelFile;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SentencePieceModelFileTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/sentencepiece");

    /** tokenizer.model trained by Google's sentencepiece (make_model.py); pieces.txt is its id_to_piece list. */
    @Test
    void readsThePiecesSentencepieceWrote() throws Exception {
        SentencePieceModelFile m = SentencePieceModelFile.read(GOLDEN.resolve("tokenizer.model"));
        List<String> want = Files.readAllLines(GOLDEN.resolve("pieces.txt"));
        assertEquals(400, want.size());
        assertEquals(want, m.pieces());
        assertEquals(2, m.modelType()); // BPE, as Llama-2's
    }

    @Test
    void readsOurSyntheticOnes(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("tokenizer.model");
        Llama2Folders.sentencePiece(f, 32000);
        assertEquals(32000, SentencePieceModelFile.read(f).vocabSize());
    }

    @Test
    void refusesWhatIsNotOne(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("tokenizer.model");
        Files.writeString(f, "{\"model\": {\"type\": \"BPE\"}}");
        BadInputException e = assertThrows(BadInputException.class, () -> SentencePieceModelFile.read(f));
        assertEquals(f, e.file());
    }
}
