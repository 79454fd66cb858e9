package io.herald.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the JSON files Herald keeps under storage.dir and says what is wrong with a damaged one in words a user can
 * act on ("the file is empty", "cut short at line 3, column 18"). Whether damage is fatal is the caller's call:
 * what can be rebuilt from the journal is, with a warning; what cannot becomes a {@link StateException}.
 */
public final class StateFile {
    private StateFile() {}

    /** What is wrong with a state file's content: "the file is empty". */
    public static final class Damaged extends Exception {
        public Damaged(String problem) {
            super(problem, null, false, false);
        }
    }

    /**
     * The file's top-level JSON object, or null when there is no file (a fresh start).
     * @throws Damaged when it cannot be read, is empty, is not JSON or is not an object
     */
    public static ObjectNode readObject(Path file) throws Damaged {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new Damaged("cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) throw new Damaged("the file is empty");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (JsonEOFException e) {
            throw new Damaged("the file is cut short (it ends inside its JSON, " + where(e) + ")");
        } catch (JsonProcessingException e) {
            throw new Damaged("the file is not valid JSON (" + where(e) + ")");
        } catch (IOException e) {
            throw new Damaged("cannot read the file (" + e.getMessage() + ")");
        }
        if (!(root instanceof ObjectNode o)) throw new Damaged("the file holds JSON " + root.getNodeType().name().toLowerCase()
                + ", not an object");
        return o;
    }

    /** {@code n.field}, which must be there (null is there). */
    public static JsonNode required(JsonNode n, String field, String where) throws Damaged {
        JsonNode v = n.get(field);
        if (v == null) throw new Damaged(where + " has no \"" + field + "\"");
        return v;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null ? "position unknown" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
