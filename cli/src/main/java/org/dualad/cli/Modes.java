package org.dualad.cli;

import java.util.ArrayList;
import java.util.List;

/** The modes this build offers: adding one is one line in {@link #ALL}. */
final class Modes {
    /** Every available mode, in the order help lists them. */
    static final List<Mode> ALL = List.of(new ForwardMode(), new ReverseMode(), new HybridMode());

    /** The mode used without {@code --mode} (a constant, so that the help text can name it). */
    static final String DEFAULT = "forward";

    /** Every mode name the command knows of, available in this build or not. */
    private static final List<String> KNOWN = List.of("forward", "reverse", "hybrid");

    private Modes() {
    }

    /**
     * @param name a {@code --mode} value, or null for the default
     * @return the mode
     * @throws InputException if there is no such mode in this build
     */
    static Mode byName(String name) {
        if (name == null) {
            return byName(DEFAULT);
        }
        List<String> available = new ArrayList<>();
        for (Mode m : ALL) {
            if (m.name().equals(name)) {
                return m;
            }
            available.add(m.name());
        }
        if (KNOWN.contains(name)) {
            throw InputException.atOption("--mode " + name + " is not available in this build yet; available: "
                    + String.join(", ", available), "--mode");
        }
        throw new InputException("unknown --mode '" + name + "'" + Suggest.didYouMean(name, KNOWN)
                + "; the modes are " + String.join(", ", KNOWN), name, 0);
    }
}
