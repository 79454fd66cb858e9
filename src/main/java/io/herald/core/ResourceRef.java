package io.herald.core;

/** The resource an event describes; ties it to the resource's stored state and stream. */
public record ResourceRef(String type, String id) {
    public String key() {
        return type + "/" + id;
    }
}
