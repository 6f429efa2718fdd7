package dk.snaklib.analysis;

import java.util.List;

/**
 * What a Llama tensor is, read the way the study's plot helper reads it: the second-to-last part of the HF name
 * ({@code model.layers.3.mlp.up_proj.weight} -> {@code up_proj} -> {@link #UP}). The first nine are the matrices the
 * study plots, in its order (labels EMB, Q, K, V, O, G, W↑, W↓, LMH); the norms have no angle (1-D).
 */
public enum ModuleType {
    EMB("embed_tokens", "EMB"),
    Q("q_proj", "Q"),
    K("k_proj", "K"),
    V("v_proj", "V"),
    O("o_proj", "O"),
    G("gate_proj", "G"),
    UP("up_proj", "W↑"),
    DOWN("down_proj", "W↓"),
    LMH("lm_head", "LMH"),
    ATTN_NORM("input_layernorm", "attn norm"),
    MLP_NORM("post_attention_layernorm", "mlp norm"),
    NORM("norm", "final norm"),
    OTHER(null, "other");

    /** The study's nine bars, in its order. */
    public static final List<ModuleType> STUDY_ORDER = List.of(EMB, Q, K, V, O, G, UP, DOWN, LMH);
    /** The matrices inside a decoder layer: the columns of the layer x module heatmap. */
    public static final List<ModuleType> IN_LAYER = List.of(Q, K, V, O, G, UP, DOWN);

    private final String hfName;
    private final String studyLabel;

    ModuleType(String hfName, String studyLabel) {
        this.hfName = hfName;
        this.studyLabel = studyLabel;
    }

    /** The HF module name ({@code q_proj}), or null for {@link #OTHER}. */
    public String hfName() {
        return hfName;
    }

    /** The label on the study's type bars (W↑ and W↓ for up and down). */
    public String studyLabel() {
        return studyLabel;
    }

    /** The type of an HF tensor name, by its second-to-last dot-separated part. */
    public static ModuleType of(String tensorName) {
        String[] parts = tensorName.split("\\.");
        if (parts.length < 2) {
            return OTHER;
        }
        String key = parts[parts.length - 2];
        for (ModuleType t : values()) {
            if (key.equals(t.hfName)) {
                return t;
            }
        }
        return OTHER;
    }

    /** The decoder layer a tensor belongs to ({@code model.layers.N.}), or -1. */
    public static int layerOf(String tensorName) {
        String[] parts = tensorName.split("\\.");
        if (parts.length > 2 && parts[1].equals("layers")) {
            try {
                return Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The study's layer key [S31 group_statistics_by_address]: {@code layer_N} inside the decoder, else the second
     * part of the name ({@code embed_tokens}, {@code norm}; {@code lm_head.weight} gives {@code weight}, as theirs).
     */
    public static String studyLayerKey(String tensorName) {
        String[] parts = tensorName.split("\\.");
        if (parts.length > 2 && parts[1].equals("layers")) {
            return "layer_" + parts[2];
        }
        return parts.length > 1 ? parts[1] : parts[0];
    }
}
