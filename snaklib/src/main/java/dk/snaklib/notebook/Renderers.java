package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.display.Renderer;

/** Registers renderers for snaklib's own result types (more arrive with plot/ and the result classes). */
final class Renderers {
    private Renderers() {}

    static void registerAll(Renderer renderer) {
        // Image, Url and Text renderers come with BaseKernel; snaklib types are added here as they appear.
    }
}
