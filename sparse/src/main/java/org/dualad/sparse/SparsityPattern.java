package org.dualad.sparse;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixSparseCSC;

/**
 * Which entries of an m x n matrix may be nonzero: per row, the sorted distinct column indices
 * (compressed sparse rows on two int arrays). Immutable, so one pattern may be shared by any
 * number of threads and evaluators.
 *
 * <p>A pattern comes from {@link Sparse#jacobianPattern} / {@link Sparse#hessianPattern} (one
 * recording of f) or from the user ({@link #of(int, int, int[][])}, {@link #of(boolean[][])}).
 * A user pattern must cover every entry that can be nonzero: an entry missing from it is not
 * merely dropped, its value leaks into the entries recovered from the same compressed column.
 *
 * <pre>{@code
 * SparsityPattern p = SparsityPattern.of(3, 3, new int[][] {{0, 1}, {0, 1, 2}, {1, 2}});
 * p.nonZeros();        // 7
 * p.contains(0, 2);    // false
 * p.toString();        // SparsityPattern[3 x 3, 7 nonzeros]
 * }</pre>
 */
public final class SparsityPattern {
    private final int rows;
    private final int cols;
    /** Row r's columns are index[start[r] .. start[r + 1]), sorted ascending, distinct. */
    private final int[] start;
    private final int[] index;

    /** Takes ownership of start and index (already sorted, distinct, in range). */
    SparsityPattern(int rows, int cols, int[] start, int[] index) {
        this.rows = rows;
        this.cols = cols;
        this.start = start;
        this.index = index;
    }

    /**
     * A pattern from the column indices of each row (in any order; duplicates are merged).
     *
     * @param rows m, the number of rows, &ge; 1
     * @param cols n, the number of columns, &ge; 1
     * @param columnsOfRow m arrays: row r may be nonzero in columns columnsOfRow[r] (not modified)
     * @return the pattern
     * @throws NullPointerException if columnsOfRow or one of its rows is null
     * @throws IllegalArgumentException if rows or cols is below 1, columnsOfRow does not have
     *     {@code rows} rows, or a column index is outside [0, cols)
     */
    public static SparsityPattern of(int rows, int cols, int[][] columnsOfRow) {
        String m = "SparsityPattern.of";
        checkShape(rows, cols, m);
        Objects.requireNonNull(columnsOfRow, m + ": columnsOfRow must not be null; expected " + rows
                + " arrays of column indices");
        if (columnsOfRow.length != rows) {
            throw new IllegalArgumentException(m + ": columnsOfRow has " + columnsOfRow.length + " rows but rows = "
                    + rows + "; give one array of column indices per row");
        }
        int[] start = new int[rows + 1];
        int total = 0;
        for (int r = 0; r < rows; r++) {
            int[] c = columnsOfRow[r];
            if (c == null) {
                throw new NullPointerException(m + ": columnsOfRow[" + r + "] is null; use an empty array for an"
                        + " empty row");
            }
            for (int k = 0; k < c.length; k++) {
                if (c[k] < 0 || c[k] >= cols) {
                    throw new IllegalArgumentException(m + ": columnsOfRow[" + r + "][" + k + "] = " + c[k]
                            + " is not a column index in [0, " + cols + ")");
                }
            }
            total += c.length;
        }
        int[] index = new int[total];
        int at = 0;
        for (int r = 0; r < rows; r++) {
            int[] c = columnsOfRow[r].clone();
            Arrays.sort(c);
            for (int k = 0; k < c.length; k++) {
                if (k == 0 || c[k] != c[k - 1]) {
                    index[at++] = c[k];
                }
            }
            start[r + 1] = at;
        }
        return new SparsityPattern(rows, cols, start, at == total ? index : Arrays.copyOf(index, at));
    }

    /**
     * A pattern from a boolean mask: entry (r, c) may be nonzero where mask[r][c] is true.
     *
     * @param mask m rows of n booleans each, m, n &ge; 1 (not modified)
     * @return the pattern
     * @throws NullPointerException if mask or a row is null
     * @throws IllegalArgumentException if mask is empty or ragged (rows of different lengths)
     */
    public static SparsityPattern of(boolean[][] mask) {
        String m = "SparsityPattern.of";
        Objects.requireNonNull(mask, m + ": mask must not be null");
        if (mask.length == 0) {
            throw new IllegalArgumentException(m + ": mask has no rows; expected an m x n array, m, n >= 1");
        }
        Objects.requireNonNull(mask[0], m + ": mask[0] is null");
        int cols = mask[0].length;
        int[][] byRow = new int[mask.length][];
        for (int r = 0; r < mask.length; r++) {
            boolean[] row = mask[r];
            if (row == null) {
                throw new NullPointerException(m + ": mask[" + r + "] is null");
            }
            if (row.length != cols) {
                throw new IllegalArgumentException(m + ": mask is ragged: row 0 has " + cols + " columns but row "
                        + r + " has " + row.length + "; every row must have the same length");
            }
            int count = 0;
            for (boolean b : row) {
                count += b ? 1 : 0;
            }
            int[] c = new int[count];
            int k = 0;
            for (int j = 0; j < cols; j++) {
                if (row[j]) {
                    c[k++] = j;
                }
            }
            byRow[r] = c;
        }
        return of(mask.length, cols, byRow);
    }

    /**
     * The pattern of a sparse matrix's stored entries (explicit zeros count as entries).
     *
     * @param matrix an EJML compressed-column matrix, at least 1 x 1 (not modified)
     * @return its pattern
     * @throws NullPointerException if matrix is null
     * @throws IllegalArgumentException if it has no rows or no columns
     */
    public static SparsityPattern of(DMatrixSparseCSC matrix) {
        Objects.requireNonNull(matrix, "SparsityPattern.of: matrix must not be null");
        checkShape(matrix.numRows, matrix.numCols, "SparsityPattern.of");
        int[] count = new int[matrix.numRows + 1];
        for (int k = 0; k < matrix.nz_length; k++) {
            count[matrix.nz_rows[k] + 1]++;
        }
        for (int r = 0; r < matrix.numRows; r++) {
            count[r + 1] += count[r];
        }
        int[] fill = Arrays.copyOf(count, matrix.numRows);
        int[] index = new int[matrix.nz_length];
        // columns visited in ascending order, so every row's list comes out sorted
        for (int c = 0; c < matrix.numCols; c++) {
            for (int k = matrix.col_idx[c]; k < matrix.col_idx[c + 1]; k++) {
                index[fill[matrix.nz_rows[k]]++] = c;
            }
        }
        int[][] byRow = new int[matrix.numRows][];
        for (int r = 0; r < matrix.numRows; r++) {
            byRow[r] = Arrays.copyOfRange(index, count[r], count[r + 1]);
        }
        return of(matrix.numRows, matrix.numCols, byRow);
    }

    private static void checkShape(int rows, int cols, String method) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(method + ": the shape is " + rows + " x " + cols
                    + " but needs at least one row and one column");
        }
    }

    /** @return m, the number of rows */
    public int rows() {
        return rows;
    }

    /** @return n, the number of columns */
    public int columns() {
        return cols;
    }

    /** @return the number of entries that may be nonzero */
    public int nonZeros() {
        return index.length;
    }

    /**
     * @param row a row index in [0, rows())
     * @return the columns of that row that may be nonzero, ascending (a new array)
     * @throws IndexOutOfBoundsException if row is out of range
     */
    public int[] columnsOf(int row) {
        Objects.checkIndex(row, rows);
        return Arrays.copyOfRange(index, start[row], start[row + 1]);
    }

    /**
     * @param row a row index in [0, rows())
     * @return how many entries of that row may be nonzero
     */
    public int rowLength(int row) {
        Objects.checkIndex(row, rows);
        return start[row + 1] - start[row];
    }

    /**
     * @param row a row index
     * @param column a column index
     * @return true if entry (row, column) may be nonzero; false also when it is outside the matrix
     */
    public boolean contains(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= cols) {
            return false;
        }
        return Arrays.binarySearch(index, start[row], start[row + 1], column) >= 0;
    }

    /** @return the transposed pattern (n x m) */
    public SparsityPattern transpose() {
        int[] s = new int[cols + 1];
        for (int k : index) {
            s[k + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            s[c + 1] += s[c];
        }
        int[] fill = Arrays.copyOf(s, cols);
        int[] t = new int[index.length];
        for (int r = 0; r < rows; r++) {
            for (int k = start[r]; k < start[r + 1]; k++) {
                t[fill[index[k]]++] = r;
            }
        }
        return new SparsityPattern(cols, rows, s, t);
    }

    /** @return true if the pattern is square and contains (j, i) whenever it contains (i, j) */
    public boolean isSymmetric() {
        return firstAsymmetry() == null;
    }

    /** The first (i, j) whose mirror (j, i) is missing, or null if symmetric (square only). */
    int[] firstAsymmetry() {
        if (rows != cols) {
            return new int[] {-1, -1};
        }
        SparsityPattern t = transpose();
        for (int r = 0; r < rows; r++) {
            if (!Arrays.equals(index, start[r], start[r + 1], t.index, t.start[r], t.start[r + 1])) {
                for (int k = start[r]; k < start[r + 1]; k++) {
                    if (!t.contains(r, index[k])) {
                        return new int[] {r, index[k]};
                    }
                }
                for (int k = t.start[r]; k < t.start[r + 1]; k++) {
                    if (!contains(r, t.index[k])) {
                        return new int[] {t.index[k], r};
                    }
                }
            }
        }
        return null;
    }

    /**
     * An empty compressed-column matrix with this pattern's structure (every value 0), rows sorted
     * within each column.
     *
     * @return a new m x n matrix holding one stored entry per pattern entry
     */
    public DMatrixSparseCSC toMatrix() {
        SparsityPattern t = transpose();
        DMatrixSparseCSC a = new DMatrixSparseCSC(rows, cols, index.length);
        System.arraycopy(t.start, 0, a.col_idx, 0, cols + 1);
        System.arraycopy(t.index, 0, a.nz_rows, 0, index.length);
        a.nz_length = index.length;
        a.indicesSorted = true;
        return a;
    }

    // package-private views for the colorings and evaluators (never modified)
    int[] start() {
        return start;
    }

    int[] index() {
        return index;
    }

    /** @return true for a pattern of the same shape and entries */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SparsityPattern)) {
            return false;
        }
        SparsityPattern p = (SparsityPattern) o;
        return rows == p.rows && cols == p.cols && Arrays.equals(start, p.start) && Arrays.equals(index, p.index);
    }

    /** @return a hash of the shape and entries, consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(index) + 7 * Arrays.hashCode(start);
    }

    /** @return e.g. {@code SparsityPattern[3 x 3, 7 nonzeros]} */
    @Override
    public String toString() {
        return "SparsityPattern[" + rows + " x " + cols + ", " + index.length + " nonzeros]";
    }
}
