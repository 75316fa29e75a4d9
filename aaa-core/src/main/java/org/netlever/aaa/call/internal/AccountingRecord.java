package org.netlever.aaa.call.internal;

import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.SupplementaryUpdate;
import org.netlever.aaa.radius.attr.AcctStatusType;

/**
 * An accounting request, decoded by {@link AccountingCodec}: exactly one of the four records. Immutable and
 * thread-safe.
 */
public sealed interface AccountingRecord {
    /** @param start the record */
    record Start(CallStart start) implements AccountingRecord {
    }

    /** @param interim the record */
    record Interim(CallInterim interim) implements AccountingRecord {
    }

    /** @param update the record */
    record Update(SupplementaryUpdate update) implements AccountingRecord {
    }

    /** @param stop the record */
    record Stop(CallStop stop) implements AccountingRecord {
    }

    /** @param type an Acct-Status-Type with no call record (Accounting-On, -Off …), acknowledged as is */
    record Other(AcctStatusType type) implements AccountingRecord {
    }
}
