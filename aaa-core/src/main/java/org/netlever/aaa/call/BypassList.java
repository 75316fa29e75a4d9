package org.netlever.aaa.call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusException;

/**
 * The softswitch's {@code if_radius_unavaliable} list (S2.3, S2.4; spelled so in the product): called numbers that
 * always go through — emergency services, say — even when the RADIUS server rejects the call, prohibits it, or does
 * not answer. An entry is either an exact number ({@code 112}) or a prefix ending in {@code *} ({@code 10*} matches
 * {@code 101}, {@code 102} …).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BypassList {

    private static final BypassList EMPTY = new BypassList(List.of());

    private final List<String> entries;

    private BypassList(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * A list of exact numbers and prefixes.
     *
     * @param entries e.g. {@code "112", "101", "10*"}
     * @return the list
     * @throws RadiusException if an entry is blank, contains spaces, or has a {@code *} anywhere but at the end
     */
    public static BypassList of(String... entries) {
        List<String> checked = new ArrayList<>();
        for (String entry : Arrays.asList(entries)) {
            Objects.requireNonNull(entry, "entry");
            int star = entry.indexOf('*');
            if (entry.isBlank() || entry.chars().anyMatch(Character::isWhitespace)
                    || (star >= 0 && star != entry.length() - 1) || entry.equals("*")) {
                throw new RadiusException("a bypass entry is a number or a prefix ending in '*', got '" + entry + "'");
            }
            checked.add(entry);
        }
        return new BypassList(checked);
    }

    /**
     * The empty list: nothing bypasses RADIUS.
     *
     * @return the list
     */
    public static BypassList none() {
        return EMPTY;
    }

    /**
     * Whether a called number is on the list.
     *
     * @param called number B
     * @return {@code true} if an entry matches it
     */
    public boolean matches(CallNumber called) {
        String digits = called.digits();
        for (String entry : entries) {
            if (entry.endsWith("*") ? digits.startsWith(entry.substring(0, entry.length() - 1))
                    : digits.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries.
     *
     * @return an unmodifiable list
     */
    public List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "BypassList" + entries;
    }
}
