"""Makes tokenizer.model (a small SentencePiece BPE model, trained like Llama-2's: BPE, byte fallback, digits split)
and pieces.txt (its pieces in id order, one per line) with Google's sentencepiece, the library Llama-2's
tokenizer.model comes from. Run from this folder: /usr/bin/python3 make_model.py (Debian python3-sentencepiece 0.1.97).
"""
import sentencepiece as spm

spm.SentencePieceTrainer.train(
    input="../../text/danish.txt", model_prefix="tokenizer", model_type="bpe", vocab_size=400,
    byte_fallback=True, split_digits=True, character_coverage=1.0, num_threads=1, minloglevel=2)
sp = spm.SentencePieceProcessor(model_file="tokenizer.model")
with open("pieces.txt", "w", encoding="utf-8") as f:
    for i in range(sp.get_piece_size()):
        f.write(sp.id_to_piece(i) + "\n")
print(sp.get_piece_size(), "pieces")
