package org.netlever.option82.internal;

/**
 * A cursor over ASCII text for the text-format decoders: reads literals, letters and decimal numbers, and says
 * {@code false} / {@code -1} instead of throwing when the text does not match, because a mismatch only means "not
 * this vendor's format". Not thread-safe; one per decode call.
 */
final class TextScanner {

    private final String text;
    private int pos;

    TextScanner(String text, int start) {
        this.text = text;
        this.pos = start;
    }

    boolean atEnd() {
        return pos == text.length();
    }

    boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    /** Consumes {@code literal} if the text continues with it. */
    boolean literal(String literal) {
        if (text.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    /** Consumes one or more ASCII letters; answers whether there was at least one. */
    boolean letters() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos)) && text.charAt(pos) < 0x80) {
            pos++;
        }
        return pos > start;
    }

    /**
     * Consumes a decimal number of one to {@code maxDigits} digits; answers it, or -1 if there is no digit or there
     * are more than {@code maxDigits}.
     */
    int number(int maxDigits) {
        int start = pos;
        int value = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            if (pos - start == maxDigits) {
                return -1;
            }
            value = value * 10 + (text.charAt(pos) - '0');
            pos++;
        }
        return pos > start ? value : -1;
    }
}
