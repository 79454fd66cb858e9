package io.herald.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of the event-type catalog (CONTRACT 9): what the type means and an example of its {@code data}. The
 * catalog documents what producers post; it restricts nothing.
 *
 * @param description "" when absent
 * @param example a JSON object, {} when absent; callers must not change it (hand out {@link #exampleCopy()})
 */
public record EventTypeConfig(String name, String description, ObjectNode example) {

    /** The example as a fresh tree: the test route journals it and the API serialises it. */
    public ObjectNode exampleCopy() {
        return example.deepCopy();
    }
}
