package org.netlever.pcrf;

import java.util.List;
import java.util.Objects;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.UrlList;

/**
 * What the BRAS gets when it asks for a subscriber's services (S3.8): the current step's service with what is left
 * of its quotas, and the URL lists its rules name.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber
 * @param service the current step's service
 * @param quota what is left of the step
 * @param urlLists the lists the service's rules use, in rule order
 */
public record ServiceGrant(String subscriberId, PcrfService service, StepQuota quota, List<UrlList> urlLists) {

    /** Copies the lists. */
    public ServiceGrant {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(quota, "quota");
        urlLists = List.copyOf(urlLists);
    }
}
