package org.dualad.notebook;

import java.io.InputStream;

/**
 * Helpers the notebooks share: checked values (a wrong number throws, so the notebook run fails)
 * and data files from the class path.
 */
public final class Notebook {
    private Notebook() {
    }

    /**
     * Prints what and got, after checking |got - want| &lt;= relTol * max(1, |want|).
     *
     * @param what what the value is
     * @param got the value computed
     * @param want the value expected
     * @param relTol the tolerance, relative for |want| &gt; 1 and absolute below
     * @throws AssertionError naming what, got and want if the value is off (or NaN)
     */
    public static void check(String what, double got, double want, double relTol) {
        if (!(Math.abs(got - want) <= relTol * Math.max(1, Math.abs(want)))) {
            throw new AssertionError(what + ": got " + got + ", want " + want + " (tolerance " + relTol + ")");
        }
        System.out.printf("%-40s %s%n", what, got);
    }

    /**
     * {@link #check(String, double, double, double)} with the tolerance 1e-14: equal to rounding.
     *
     * @param what what the value is
     * @param got the value computed
     * @param want the value expected
     * @throws AssertionError naming what, got and want if the value is off
     */
    public static void check(String what, double got, double want) {
        check(what, got, want, 1e-14);
    }

    /**
     * A file from the class path, e.g. the NIST problems that optim's tests also read
     * ({@code org/dualad/optim/nist/Gauss1.json}; notebooks/run.sh puts optim's test resources on
     * the kernel's class path).
     *
     * @param path the resource's path, without a leading slash
     * @return the open stream; the caller closes it
     * @throws IllegalStateException naming the path if it is not on the class path
     */
    public static InputStream resource(String path) {
        InputStream in = ClassLoader.getSystemResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("Notebook.resource: " + path + " is not on the kernel's class path ("
                    + System.getProperty("java.class.path") + "); start the kernel from the kernelspec that"
                    + " notebooks/run.sh writes, which adds optim/src/test/resources");
        }
        return in;
    }
}
