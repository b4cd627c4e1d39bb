package org.dualad.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dualad.verification.Mode;
import org.ejml.data.DMatrixRMaj;

/**
 * The modes the command offers, taken from the mode registry ({@link Mode}: which mode computes
 * what, through which facade); offering another is one entry in {@link #ALL}.
 */
final class Modes {
    /** Every mode {@code --mode} accepts, in the order help lists them. */
    static final List<Mode> ALL = List.of(Mode.FORWARD, Mode.REVERSE, Mode.HYBRID);

    /** The mode used without {@code --mode} (a constant, so that the help text can name it). */
    static final String DEFAULT = "forward";

    private Modes() {
    }

    /**
     * @param name a {@code --mode} value, or null for the default
     * @param command the command, named when the mode cannot compute it
     * @param computes whether a mode computes what the command needs
     * @return the mode
     * @throws InputException if there is no such mode, or it does not compute what the command needs
     */
    static Mode byName(String name, String command, Predicate<Mode> computes) {
        String wanted = name == null ? DEFAULT : name;
        List<String> names = new ArrayList<>();
        for (Mode m : ALL) {
            if (m.label().equals(wanted)) {
                if (!computes.test(m)) {
                    throw InputException.atOption("mode " + m.label() + " does not compute " + command
                            + " (--mode forward computes every command)", "--mode");
                }
                return m;
            }
            names.add(m.label());
        }
        throw new InputException("unknown --mode '" + wanted + "'" + Suggest.didYouMean(wanted, names)
                + "; the modes are " + String.join(", ", names), wanted, 0);
    }

    /** A matrix as row arrays, the form {@link Report} prints. */
    static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, r[i], 0, m.numCols);
        }
        return r;
    }
}
