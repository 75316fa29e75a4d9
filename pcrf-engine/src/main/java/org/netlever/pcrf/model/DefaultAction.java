package org.netlever.pcrf.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a service does with traffic no URL rule matched (S3.2): permit it, or redirect it to a URL.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param action {@link RuleAction#PERMIT} or {@link RuleAction#REDIRECT}
 * @param redirectUrl the default URL, present exactly for a redirect
 */
public record DefaultAction(RuleAction action, Optional<String> redirectUrl) {

    private static final DefaultAction PERMIT = new DefaultAction(RuleAction.PERMIT, Optional.empty());

    /**
     * Checks that a redirect has its URL and a permit has none.
     *
     * @throws IllegalArgumentException if not
     */
    public DefaultAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(redirectUrl, "redirectUrl");
        if (action == RuleAction.DENY) {
            throw new IllegalArgumentException("a default action is permit or redirect, not deny");
        }
        if ((action == RuleAction.REDIRECT) != redirectUrl.isPresent()) {
            throw new IllegalArgumentException("a redirect has a default URL and a permit has none");
        }
    }

    /**
     * Permit everything no rule matched.
     *
     * @return the action
     */
    public static DefaultAction permit() {
        return PERMIT;
    }

    /**
     * Redirect everything no rule matched.
     *
     * @param url the default URL
     * @return the action
     */
    public static DefaultAction redirect(String url) {
        return new DefaultAction(RuleAction.REDIRECT, Optional.of(url));
    }
}
