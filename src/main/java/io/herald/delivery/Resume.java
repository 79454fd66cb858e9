package io.herald.delivery;

import io.herald.core.StoredEvent;
import io.herald.subscription.Subscription;
import java.time.temporal.ChronoUnit;

/**
 * Where fan-out picks up after a start ({@link Checkpoint}).
 *
 * @param after fan-out resumes with the event after this seq
 * @param journalEnd the journal's last seq at the start: events up to it may be fanned out a second time
 */
record Resume(long after, long journalEnd) {

    /**
     * Whether a second fan-out of {@code event} must make no new delivery for {@code sub}, which did not exist yet
     * when the event was made: after a rebuilt checkpoint, fan-out starts again from the journal's beginning and
     * would send a subscription the events of the days before it. Live events are never checked: a wall clock
     * stepped back must not cost one its delivery. Event times are whole milliseconds.
     */
    boolean predates(StoredEvent event, Subscription sub) {
        return event.seq() <= journalEnd && sub.createdAt() != null
                && event.createdAt().isBefore(sub.createdAt().truncatedTo(ChronoUnit.MILLIS));
    }
}
