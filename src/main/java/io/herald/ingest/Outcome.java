package io.herald.ingest;

/**
 * What ingest decided about one post it applied at a seq ({@link Ingest#apply}): a new event, a repeat of an
 * earlier one (its first acceptance, marked duplicate), or a refusal because the producer id is already another
 * event's id. A repeat or a refusal leaves its seq a gap.
 *
 * @param accepted the new event or the first acceptance a repeat names; null for a conflict
 * @param conflict why the post was refused (409), or null
 */
public record Outcome(Accepted accepted, String conflict) {
    static Outcome made(Accepted a) {
        return new Outcome(a, null);
    }

    static Outcome refused(String why) {
        return new Outcome(null, why);
    }
}
