package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ColoringTest {
    /** Null if no row holds two columns of one color, else a description of the conflict. */
    static String columnConflict(SparsityPattern p, Coloring c) {
        for (int r = 0; r < p.rows(); r++) {
            int[] cols = p.columnsOf(r);
            for (int a = 0; a < cols.length; a++) {
                for (int b = a + 1; b < cols.length; b++) {
                    if (c.color(cols[a]) == c.color(cols[b])) {
                        return "row " + r + " holds columns " + cols[a] + " and " + cols[b] + " of color " + c.color(cols[a]);
                    }
                }
            }
        }
        return null;
    }

    /** Null if c is a star coloring of p's graph (distance-1, no bicolored path on 4 vertices). */
    static String starViolation(SparsityPattern p, Coloring c) {
        int n = p.rows();
        for (int u = 0; u < n; u++) {
            for (int v : p.columnsOf(u)) {
                if (v == u) {
                    continue;
                }
                if (c.color(u) == c.color(v)) {
                    return "edge " + u + "-" + v + " in one color";
                }
                for (int w : p.columnsOf(v)) {
                    if (w == v || w == u || c.color(w) != c.color(u)) {
                        continue;
                    }
                    for (int x : p.columnsOf(w)) {
                        if (x != w && x != v && x != u && c.color(x) == c.color(v)) {
                            return "bicolored path " + u + "-" + v + "-" + w + "-" + x;
                        }
                    }
                }
            }
        }
        return null;
    }

    @Test
    void tridiagonalNeedsThreeColorsEitherWay() {
        SparsityPattern t = PatternTest.band(50, 1);
        Coloring cols = Coloring.columns(t);
        assertNull(columnConflict(t, cols));
        assertEquals(3, cols.count());
        Coloring star = Coloring.star(t);
        assertNull(starViolation(t, star));
        assertEquals(3, star.count());
        assertEquals("Coloring[50 columns, 3 colors]", star.toString());
    }

    @Test
    void arrowheadStarNeedsTwoColors() {
        int n = 1000;
        int[][] rows = new int[n][];
        rows[0] = new int[n];
        for (int i = 0; i < n; i++) {
            rows[0][i] = i;
        }
        for (int i = 1; i < n; i++) {
            rows[i] = new int[] {0, i};
        }
        SparsityPattern p = SparsityPattern.of(n, n, rows);
        Coloring star = Coloring.star(p);
        assertNull(starViolation(p, star));
        assertEquals(2, star.count());
    }

    @Test
    void fivePointStencilStarColoring() {
        SparsityPattern p = PatternTest.fivePoint(30);
        Coloring star = Coloring.star(p);
        assertNull(starViolation(p, star));
        assertTrue(star.count() <= 6, star.toString());
        Coloring cols = Coloring.columns(p);
        assertNull(columnConflict(p, cols));
        assertTrue(cols.count() <= 8, cols.toString());
    }

    @Test
    void aDenseLargePatternGetsOneColorPerColumn() {
        int n = Coloring.DENSE_FROM;
        boolean[][] mask = new boolean[n][n];
        for (boolean[] row : mask) {
            java.util.Arrays.fill(row, true);
        }
        SparsityPattern p = SparsityPattern.of(mask);
        assertEquals(n, Coloring.star(p).count());
        assertEquals(n, Coloring.columns(p).count());
        assertNull(starViolation(PatternTest.band(8, 7), Coloring.star(PatternTest.band(8, 7))));
    }

    @Test
    void starRejectsNonSymmetricPatterns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Coloring.star(SparsityPattern.of(3, 3, new int[][] {{0, 2}, {1}, {2}})));
        assertEquals("Coloring.star: the pattern is not symmetric: it holds (0, 2) but not (2, 0); a Hessian"
                + " pattern must hold both or neither", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Coloring.star(SparsityPattern.of(2, 3, new int[][] {{0}, {1}})));
        assertTrue(e.getMessage().contains("2 x 3 but a Hessian pattern must be square"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Coloring.columns(null));
    }

    /** A random symmetric pattern from a list of edges (i, j) modulo n. */
    static SparsityPattern symmetric(int n, List<int[]> edges) {
        boolean[][] m = new boolean[n][n];
        for (int[] e : edges) {
            int i = Math.floorMod(e[0], n);
            int j = Math.floorMod(e[1], n);
            m[i][j] = true;
            m[j][i] = true;
        }
        return SparsityPattern.of(m);
    }

    @Property(tries = 200)
    void greedyColoringsAreValidOnRandomPatterns(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @Size(max = 120) List<@Size(2) List<@IntRange(min = 0, max = 1000) Integer>> edges) {
        List<int[]> e = edges.stream().map(l -> new int[] {l.get(0), l.get(1)}).toList();
        SparsityPattern p = symmetric(n, e);
        Coloring star = Coloring.star(p);
        assertNull(starViolation(p, star));
        Coloring cols = Coloring.columns(p);
        assertNull(columnConflict(p, cols));
        for (int j = 0; j < n; j++) {
            assertTrue(star.color(j) >= 0 && star.color(j) < star.count());
        }
        // every color is used
        boolean[] used = new boolean[star.count()];
        for (int c : star.colors()) {
            used[c] = true;
        }
        for (boolean u : used) {
            assertTrue(u);
        }
    }
}
