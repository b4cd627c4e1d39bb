package org.dualad.cli;

import java.util.ArrayList;
import java.util.List;

/** "Did you mean ...?" suggestions by edit distance. */
final class Suggest {
    private Suggest() {
    }

    /**
     * @param name the unknown name
     * @param known the names it might have meant
     * @return " (did you mean a, b?)", or "" when nothing is close: the names at the smallest edit
     *     distance if that is at most 1 (at most 2 for names of 5 letters or more), and names
     *     that start with the unknown one
     */
    static String didYouMean(String name, List<String> known) {
        List<String> close = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            best = Math.min(best, distance(name, k));
        }
        int limit = Math.min(best, name.length() <= 4 ? 1 : 2);
        for (String k : known) {
            if (distance(name, k) <= limit || (name.length() >= 2 && k.startsWith(name))) {
                close.add(k);
            }
        }
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
