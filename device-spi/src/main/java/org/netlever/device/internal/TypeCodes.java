package org.netlever.device.internal;

/**
 * The syntax of device type codes. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class TypeCodes {

    /** The longest type code. */
    public static final int MAX_LENGTH = 64;

    private TypeCodes() {
    }

    /**
     * Why {@code code} is not a valid type code.
     *
     * @param code the candidate, may be {@code null}
     * @return the reason, or the empty string if the code is valid
     */
    public static String problem(String code) {
        if (code == null) {
            return "the type code is null";
        }
        if (code.isEmpty() || code.length() > MAX_LENGTH) {
            return "a type code has 1 to " + MAX_LENGTH + " characters, '" + code + "' has " + code.length();
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) {
                return "type code '" + code + "' has '" + c + "' at index " + i
                        + "; use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit";
            }
        }
        return "";
    }
}
