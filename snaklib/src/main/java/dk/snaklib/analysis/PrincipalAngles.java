package dk.snaklib.analysis;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.qr.QRDecompositionHouseholderColumn_DDRM;
import org.ejml.dense.row.decomposition.svd.SvdImplicitQrDecompose_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.Arrays;

/**
 * Principal (subspace) angles between the column spaces of two matrices, step for step as
 * {@code scipy.linalg.subspace_angles} (scipy 1.0-1.16, Knyazev and Argentati 2002) computes them, in float64 with
 * EJML's SVD:
 * <ol>
 *   <li>{@code orth}: the thin SVD of each matrix (through a QR first, as LAPACK does for tall matrices); the left singular vectors whose singular value exceeds
 *       {@code max(s) * eps * max(M, N)} are the basis (scipy's rank rule; {@code eps} is that of the input's dtype);</li>
 *   <li>{@code sigma} = singular values of {@code Qa^T Qb}, descending (the cosines);</li>
 *   <li>the residual {@code Qb - Qa (Qa^T Qb)} if {@code Qa} has at least as many columns, else
 *       {@code Qa - Qb (Qa^T Qb)^T}; its singular values, descending, are the sines;</li>
 *   <li>{@code theta[i] = arcsin(mu[i])} where {@code sigma[i]^2 >= 0.5}, else {@code arccos(sigma[k-1-i])}.</li>
 * </ol>
 * Step 4 is scipy's as written: the mask is taken on {@code sigma} in descending order while the arccos runs over the
 * reversed {@code sigma}, so the formula chosen for an angle follows its rank among the cosines, not its own size (with
 * angles 1.2 and 1e-9 rad, scipy returns 1.2 and 0). We keep it: it is what the study's numbers came from. Angles are in
 * radians, largest first; there are {@code min(rank a, rank b)} of them (none when a matrix is all zeros).
 */
public final class PrincipalAngles {
    /** numpy's {@code finfo(float32).eps}: the rank tolerance scipy uses for float32 arrays (the study's weights). */
    public static final double FLOAT32_EPS = Math.ulp(1.0f);
    /** numpy's {@code finfo(float64).eps}. */
    public static final double FLOAT64_EPS = Math.ulp(1.0);

    private PrincipalAngles() {}

    /**
     * The angles in radians, largest first, with the rank tolerance of inputs whose dtype has machine epsilon
     * {@code eps} ({@link #FLOAT32_EPS} for float32 weights). Neither matrix is modified.
     */
    public static double[] radians(DMatrixRMaj a, DMatrixRMaj b, double eps) {
        if (a.numRows != b.numRows) {
            throw new IllegalArgumentException("principal angles need the same number of rows, got " + a.numRows
                    + " and " + b.numRows);
        }
        return radiansOfBases(orth(a, eps), orth(b, eps));
    }

    /** The angles between the spans of two orthonormal bases (steps 2-4); {@code qa} may be reused across calls. */
    public static double[] radiansOfBases(DMatrixRMaj qa, DMatrixRMaj qb) {
        int ka = qa.numCols;
        int kb = qb.numCols;
        if (ka == 0 || kb == 0) {
            return new double[0];
        }
        DMatrixRMaj cosines = new DMatrixRMaj(ka, kb);
        CommonOps_DDRM.multTransA(qa, qb, cosines);                                   // [ka, kb]
        double[] sigma = singularValues(cosines.copy()); // cosines is needed again for the residual
        int k = sigma.length;
        boolean anySmall = false;
        for (double s : sigma) {
            anySmall |= s * s >= 0.5;
        }
        double[] mu = null;
        if (anySmall) {
            DMatrixRMaj residual;
            if (ka >= kb) {
                residual = qb.copy();                                                   // [M, kb]
                CommonOps_DDRM.multAdd(-1.0, qa, cosines, residual);
            } else {
                residual = qa.copy();                                                   // [M, ka]
                CommonOps_DDRM.multAddTransB(-1.0, qb, cosines, residual);
            }
            mu = singularValues(residual);
        }
        double[] theta = new double[k];
        for (int i = 0; i < k; i++) {
            theta[i] = sigma[i] * sigma[i] >= 0.5 ? Math.asin(clip(mu[i])) : Math.acos(clip(sigma[k - 1 - i]));
        }
        return theta;
    }

    /** numpy's mean of the angles, in degrees ({@code rad2deg(mean(theta))}); NaN when there are none, as numpy. */
    public static double meanDegrees(double[] radians) {
        if (radians.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double t : radians) {
            sum += t;
        }
        return Math.toDegrees(sum / radians.length);
    }

    /**
     * scipy's {@code orth(a)} with {@code rcond = eps * max(M, N)}: the left singular vectors, in descending order of
     * singular value, whose value is above {@code max(s) * rcond}. {@code a} is not modified.
     */
    public static DMatrixRMaj orth(DMatrixRMaj a, double eps) {
        return orthOf(a.copy(), eps);
    }

    /**
     * {@link #orth} that may overwrite {@code a}: for matrices made only for it. The left singular vectors come the
     * way LAPACK's gesdd gets them for a tall matrix: a Householder QR first, then the SVD of the small triangle,
     * {@code U = Q U_R}; a wide matrix's column space is that of {@code R^T} from the QR of {@code A^T}. The angles
     * depend only on the subspace, not on the basis chosen for it, so where the rank rule keeps every column no
     * singular vectors are formed: the basis is {@code Q} for a tall matrix, and the identity for a square or wide one
     * (its column space is all of R^M). Same subspaces as scipy's, at a fraction of the cost.
     */
    static DMatrixRMaj orthOf(DMatrixRMaj a, double eps) {
        int m = a.numRows;
        int n = a.numCols;
        if (m == 0 || n == 0) {
            return new DMatrixRMaj(m, 0);
        }
        DMatrixRMaj q = null;                                                           // [M, N] for a tall a
        DMatrixRMaj small;                                                              // [min, min], same singular values
        if (m > n) {
            QRDecomposition<DMatrixRMaj> qr = new QRDecompositionHouseholderColumn_DDRM();
            decompose(qr, a);
            q = qr.getQ(null, true);
            small = qr.getR(null, true);
        } else if (m < n) {
            QRDecomposition<DMatrixRMaj> qr = new QRDecompositionHouseholderColumn_DDRM();
            decompose(qr, CommonOps_DDRM.transpose(a, null));
            small = CommonOps_DDRM.transpose(qr.getR(null, true), null);               // A = R^T Q^T
        } else {
            small = a;
        }
        int min = small.numRows;
        double[] s = singularValues(small.copy());                                      // descending
        double tol = (s.length == 0 ? 0 : s[0]) * eps * Math.max(m, n);
        int keep = 0;
        while (keep < s.length && s[keep] > tol) {
            keep++;
        }
        if (keep == min) {
            return q != null ? q : CommonOps_DDRM.identity(m);                          // [M, keep]
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = new SvdImplicitQrDecompose_DDRM(true, true, false, false);
        if (!svd.decompose(small)) {
            throw new IllegalStateException("SVD of a " + m + " x " + n + " matrix did not converge");
        }
        double[] values = svd.getSingularValues();
        DMatrixRMaj u = svd.getU(null, false);                                          // [min, min]
        Integer[] order = descending(Arrays.copyOf(values, svd.numberOfSingularValues()));
        DMatrixRMaj kept = new DMatrixRMaj(min, keep);                                  // [min, keep]
        for (int j = 0; j < keep; j++) {
            int col = order[j];
            for (int i = 0; i < min; i++) {
                kept.unsafe_set(i, j, u.unsafe_get(i, col));
            }
        }
        if (q == null) {
            return kept;                                                                // [M, keep]
        }
        DMatrixRMaj basis = new DMatrixRMaj(m, keep);
        CommonOps_DDRM.mult(q, kept, basis);                                            // [M, keep] = Q U_R
        return basis;
    }

    /**
     * EJML's Householder QR reports "false" when a column is zero below the diagonal (a rank-deficient matrix); the
     * factorisation is still exact there (an identity reflector, a zero on R's diagonal), and the SVD of R that
     * follows sees the rank, so that report is not an error here.
     */
    private static void decompose(QRDecomposition<DMatrixRMaj> qr, DMatrixRMaj x) {
        qr.decompose(x);
    }

    /** Singular values, descending (scipy's {@code svdvals}). */
    static double[] singularValues(DMatrixRMaj x) { // x is ours to overwrite
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                new SvdImplicitQrDecompose_DDRM(true, false, false, x.numRows > x.numCols);
        if (!svd.decompose(x)) {
            throw new IllegalStateException("SVD of a " + x.numRows + " x " + x.numCols + " matrix did not converge");
        }
        double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    private static Integer[] descending(double[] s) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(s[y], s[x]));
        return order;
    }

    private static double clip(double x) {
        return Math.max(-1.0, Math.min(1.0, x));
    }
}
