package dk.snaklib.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Principal angles against scipy.linalg.subspace_angles (golden/divergence/make_golden.py, angles.json): tall, square,
 * wide, rank-deficient, zero and known-answer matrices, each angle and the mean in degrees within 1e-6.
 */
class PrincipalAnglesGoldenTest {
    static final double TOLERANCE = 1e-6;

    static Path golden(String name) throws Exception {
        return Path.of(PrincipalAnglesGoldenTest.class.getResource("/golden/divergence/" + name).toURI());
    }

    static DMatrixRMaj matrix(JsonNode rows) {
        DMatrixRMaj m = new DMatrixRMaj(rows.size(), rows.get(0).size());
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                m.unsafe_set(i, j, rows.get(i).get(j).asDouble());
            }
        }
        return m;
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Test
    void everyCaseMatchesScipy() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(golden("angles.json").toFile()).get("cases");
        List<String> checked = new ArrayList<>();
        double worst = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asText() + " (" + c.get("precision").asText() + ")";
            double eps = c.get("precision").asText().equals("float32") ? PrincipalAngles.FLOAT32_EPS : PrincipalAngles.FLOAT64_EPS;
            double[] ours = PrincipalAngles.radians(matrix(c.get("a")), matrix(c.get("b")), eps);
            double[] ref = doubles(c.get("angles"));
            assertEquals(ref.length, ours.length, name + ": number of angles (the rank rule)");
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], ours[i], TOLERANCE, name + ": angle " + i);
                worst = Math.max(worst, Math.abs(ref[i] - ours[i]));
            }
            if (c.get("mean_degrees").isNull()) {
                assertTrue(Double.isNaN(PrincipalAngles.meanDegrees(ours)), name + ": no angles, mean is NaN as numpy's");
            } else {
                assertEquals(c.get("mean_degrees").asDouble(), PrincipalAngles.meanDegrees(ours), TOLERANCE, name + ": mean degrees");
            }
            checked.add(name);
        }
        assertTrue(checked.size() >= 20, "cases checked: " + checked);
        System.out.printf("principal angles: %d cases, largest difference from scipy %.3g rad%n", checked.size(), worst);
    }

    /**
     * The study ran scipy on float32 arrays, so LAPACK worked in float32; we compute in float64 with float32's rank
     * rule. The two agree where the angles are well above float32's rounding; where the true angles are ~0 (square
     * and wide full-rank matrices), float32 arithmetic leaves a floor of about 1e-5 degrees that we do not reproduce.
     */
    @Test
    void float32ArithmeticDiffersOnlyByItsRounding() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(golden("angles.json").toFile()).get("cases");
        int seen = 0;
        for (JsonNode c : cases) {
            if (!c.has("scipy_float32_angles")) {
                continue;
            }
            double[] ours = PrincipalAngles.radians(matrix(c.get("a")), matrix(c.get("b")), PrincipalAngles.FLOAT32_EPS);
            double[] f32 = doubles(c.get("scipy_float32_angles"));
            assertEquals(f32.length, ours.length, c.get("name").asText());
            assertEquals(c.get("scipy_float32_mean_degrees").asDouble(), PrincipalAngles.meanDegrees(ours), 1e-2,
                    c.get("name").asText() + ": mean degrees within float32's rounding");
            seen++;
        }
        assertTrue(seen >= 4);
    }

    @Test
    void scipysBranchIsReproducedNotCorrected() {
        // angles 1.2 and 1e-9: scipy takes arccos for the small one (its mask is on sigma, not on the reversed sigma)
        DMatrixRMaj a = new DMatrixRMaj(5, 2);
        DMatrixRMaj b = new DMatrixRMaj(5, 2);
        a.set(0, 0, 1);
        a.set(1, 1, 1);
        b.set(0, 0, Math.cos(1.2));
        b.set(2, 0, Math.sin(1.2));
        b.set(1, 1, Math.cos(1e-9));
        b.set(3, 1, Math.sin(1e-9));
        double[] t = PrincipalAngles.radians(a, b, PrincipalAngles.FLOAT64_EPS);
        assertEquals(1.2, t[0], 1e-12);
        assertEquals(0.0, t[1], 2e-8, "arccos(1 - rounding): ~0, not the true 1e-9 an arcsin would give");
    }
}
