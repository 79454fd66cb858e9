package io.herald.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Herald's own events (CONTRACT 4.5), journaled and delivered like any other. */
@FunctionalInterface
public interface OpsEvents {
    /** Posts a {@code herald.*} event; never throws (a full disk must not break the caller). */
    void post(String type, ObjectNode data);
}
