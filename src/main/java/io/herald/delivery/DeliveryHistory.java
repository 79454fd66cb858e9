package io.herald.delivery;

import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads deliveries back from the delivery log. A linear scan for now: fine for the core's needs (one delivery
 * by id); the management API will want an index per subscription.
 */
public final class DeliveryHistory {
    private final Journal deliveryLog;

    public DeliveryHistory(Journal deliveryLog) {
        this.deliveryLog = deliveryLog;
    }

    /** The delivery, or null if the log has no record of it. */
    public DeliveryView find(DeliveryId id) {
        List<AttemptRecord> records = new ArrayList<>();
        try (Journal.Reader r = deliveryLog.reader(0)) {
            for (JournalEntry e; (e = r.next()) != null; ) {
                AttemptRecord rec = AttemptRecord.decode(e.bytes());
                if (rec.delivery().equals(id)) records.add(rec);
            }
        }
        return records.isEmpty() ? null : DeliveryView.of(records);
    }
}
