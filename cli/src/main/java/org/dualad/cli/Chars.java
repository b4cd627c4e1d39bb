package org.dualad.cli;

/**
 * The one character rule shared by the expression parser, {@code --at}, {@code --dir} and the
 * tolerances: the text is ASCII. A name is an ASCII letter or {@code _} followed by ASCII letters,
 * digits or {@code _}; a number is written with the digits 0-9; spaces, tabs and line breaks
 * separate tokens. Anything else (a Greek letter, a full-width digit, a no-break space, a control
 * character) is refused with a caret under it, so that no look-alike character can reach
 * {@link Double#parseDouble} or become a name that {@code --at} cannot define.
 */
final class Chars {
    /** The rule in words, as the help shows it. */
    static final String RULE = "Names: an ASCII letter or _, then ASCII letters, digits or _ (x1, rate_2)."
            + " Numbers: the digits 0-9 (2, 0.5, .5, 1e-3). Only ASCII is read (write pi for the Greek letter).";

    private Chars() {
    }

    /** @return whether c is one of 0-9 */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** @return whether c may start a name: an ASCII letter or _ */
    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** @return whether c may continue a name: an ASCII letter, digit or _ */
    static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }

    /** @return whether c separates tokens: space, tab, line feed or carriage return */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** @return whether c may appear anywhere in the text: printable ASCII or a space */
    static boolean isAllowed(char c) {
        return (c >= ' ' && c <= '~') || isSpace(c);
    }

    /**
     * Refuses the first character outside the rule.
     *
     * @param text the text to check
     * @param prefix put before the message (e.g. "--at: "), or ""
     * @throws InputException at the first character that is not printable ASCII or a space
     */
    static void requireAscii(String text, String prefix) {
        for (int i = 0; i < text.length(); i++) {
            if (!isAllowed(text.charAt(i))) {
                throw new InputException(prefix + foreign(text.codePointAt(i)), text, i);
            }
        }
    }

    /** Why a character outside printable ASCII is refused, and what to write instead. */
    private static String foreign(int cp) {
        String shown = describe(cp);
        if (Character.isDigit(cp)) {
            return shown + " is not an ASCII digit: numbers are written with the digits 0-9";
        }
        String hint = lookAlike(cp);
        if (hint != null) {
            return "unexpected character " + shown + ": write " + hint;
        }
        if (Character.isLetter(cp)) {
            return shown + " is not an ASCII letter: a name is an ASCII letter or _, then ASCII letters, digits or _";
        }
        if (Character.isSpaceChar(cp) || Character.isWhitespace(cp)) {
            return "unexpected character " + shown + ": only ASCII spaces, tabs and line breaks separate tokens";
        }
        return "unexpected character " + shown + ": expressions are ASCII (operators + - * / ^ **, parentheses,"
                + " commas, ';')";
    }

    /** The ASCII spelling of a few characters that are pasted from typeset formulas. */
    private static String lookAlike(int cp) {
        switch (cp) {
            case 0x3C0: return "pi";             // π
            case 0xD7: case 0x22C5: case 0xB7: return "*"; // × ⋅ ·
            case 0xF7: case 0x2215: return "/";  // ÷ ∕
            case 0x2212: case 0x2013: case 0x2014: return "-"; // − – —
            case 0xB2: return "^2";              // ²
            case 0xB3: return "^3";              // ³
            case 0x221A: return "sqrt(...)";     // √
            default: return null;
        }
    }

    /**
     * @param text a text
     * @param i an index into it
     * @return the character at i for a message: {@code '$'} for printable ASCII,
     *     {@code 'π' (U+03C0)} for other visible characters, {@code U+0000} alone for an invisible one
     */
    static String describe(String text, int i) {
        return describe(text.codePointAt(i));
    }

    private static String describe(int cp) {
        String code = String.format("U+%04X", cp);
        if (cp >= ' ' && cp <= '~') {
            return "'" + (char) cp + "'";
        }
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT || !Character.isDefined(cp)
                || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.ENCLOSING_MARK || Character.getType(cp) == Character.PRIVATE_USE) {
            return code + (Character.isISOControl(cp) ? " (a control character)" : "");
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + code + ")";
    }

    /**
     * The text as one printable line: line breaks, tabs and other control or format characters
     * become one space each, so that a caret line can be aligned under it.
     *
     * @param text a text
     * @return the line, of the same length in chars
     */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean invisible = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
            sb.append(invisible ? ' ' : c);
        }
        return sb.toString();
    }

    /**
     * The number of terminal columns the printable form of text[0, end) takes: two for East Asian
     * wide and full-width characters, none for combining marks, one otherwise.
     *
     * @param text a text
     * @param end the end index (exclusive), at most text.length()
     * @return the columns before index end
     */
    static int width(String text, int end) {
        int w = 0;
        int i = 0;
        while (i < end) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                continue;
            }
            w += wide(cp) ? 2 : 1;
        }
        return w;
    }

    /** East Asian wide and full-width blocks (Unicode's EastAsianWidth W and F, in coarse ranges). */
    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
