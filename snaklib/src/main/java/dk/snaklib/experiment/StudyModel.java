package dk.snaklib.experiment;

import java.nio.file.Path;

/**
 * One model of the study, as an HF folder inside an artifact: a checkpoint of a pre-training run ({@code
 * checkpoints/step-00000200} of {@code continued-pretraining}) or the merged model of a tuning run ({@code merged}
 * of {@code tuning}). Its name is derived from what it is ("base", "continued-200", "continued-200+chat"), so the
 * same model always gets the same name, and so the same evaluation artifact.
 *
 * @param name     canonical name, written into the evaluation records as the model id
 * @param artifact the artifact holding the folder
 * @param path     the folder, relative to the artifact's
 * @param step     continued pre-training steps behind it (0: the English base model)
 * @param template the instruction template it was tuned with, or null if untuned
 */
public record StudyModel(String name, Artifact artifact, String path, long step, String template) {
    public Path dir() {
        return artifact.dir().resolve(path);
    }

    public boolean tuned() {
        return template != null;
    }

    @Override
    public String toString() {
        return "StudyModel[" + name + ", " + artifact.kind() + "/" + artifact.shortKey() + ":" + path + "]";
    }
}
