package io.herald.core;

import java.util.Objects;

/**
 * The resource an event describes; ties it to the resource's stored state and stream. A value, equal by type and
 * id, like the record it was: a class only so that its {@link #key} is made once. Ingest and the stream hub look a
 * post's resource up four times by key, and a record made the string (and its hash) anew each time.
 */
public final class ResourceRef {
    private final String type;
    private final String id;
    private final String key;

    public ResourceRef(String type, String id) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.key = type + "/" + id;
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** {@code type/id}: the resource's name in maps and logs (a type holds no slash). */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceRef r && type.equals(r.type) && id.equals(r.id);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "ResourceRef[type=" + type + ", id=" + id + "]";
    }
}
