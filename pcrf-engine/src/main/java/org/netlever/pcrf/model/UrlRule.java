package org.netlever.pcrf.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One URL-filter rule of a service (S3.2): an action for the URLs of a list. Rules are evaluated in order; the first
 * whose list matches decides; if none does, the service's default action applies.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param action what to do with a matching URL
 * @param list the name of a {@link UrlList}
 * @param redirectUrl where to send the client, for {@link RuleAction#REDIRECT} (empty: the service's default URL)
 */
public record UrlRule(RuleAction action, String list, Optional<String> redirectUrl) {

    /** Checks that nothing is missing. */
    public UrlRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(redirectUrl, "redirectUrl");
    }

    /**
     * A rule that lets a list's URLs through.
     *
     * @param list the list's name
     * @return the rule
     */
    public static UrlRule permit(String list) {
        return new UrlRule(RuleAction.PERMIT, list, Optional.empty());
    }
}
