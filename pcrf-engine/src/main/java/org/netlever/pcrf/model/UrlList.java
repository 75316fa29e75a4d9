package org.netlever.pcrf.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named list of URLs (S3.1): plain URLs, which match every URL that starts with them (the scheme and host compared
 * without regard to case), and Java regular expressions, which match when they are found in the URL (anchor them with
 * {@code ^} as the seed's {@code white_list} does).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the list's name, e.g. {@code white_list}
 * @param urls plain URLs
 * @param regexes regular expressions, compiled
 */
public record UrlList(String name, List<String> urls, List<Pattern> regexes) {

    /**
     * Copies the lists.
     */
    public UrlList {
        Objects.requireNonNull(name, "name");
        urls = List.copyOf(urls);
        regexes = List.copyOf(regexes);
    }

    /**
     * A list of plain URLs.
     *
     * @param name the name
     * @param urls the URLs
     * @return the list
     */
    public static UrlList ofUrls(String name, String... urls) {
        return new UrlList(name, List.of(urls), List.of());
    }

    /**
     * A list of regular expressions.
     *
     * @param name the name
     * @param regexes the expressions
     * @return the list
     * @throws java.util.regex.PatternSyntaxException if one does not compile
     */
    public static UrlList ofRegexes(String name, String... regexes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) {
            patterns.add(Pattern.compile(regex));
        }
        return new UrlList(name, List.of(), patterns);
    }

    /**
     * Whether a URL is on the list.
     *
     * @param url a full URL, e.g. {@code https://eltex-co.ru/news}
     * @return {@code true} if a plain entry is a prefix of it or a regular expression is found in it
     */
    public boolean matches(String url) {
        Objects.requireNonNull(url, "url");
        String lower = url.toLowerCase(Locale.ROOT);
        for (String plain : urls) {
            if (lower.startsWith(plain.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        for (Pattern regex : regexes) {
            if (regex.matcher(url).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlList other && other.name.equals(name) && other.urls.equals(urls)
                && other.regexes.stream().map(Pattern::pattern).toList()
                        .equals(regexes.stream().map(Pattern::pattern).toList());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, urls, regexes.stream().map(Pattern::pattern).toList());
    }
}
