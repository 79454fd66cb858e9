package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.max-body is at most 3 MB (ConfigLoader) so that every event fits one journal entry: its data, and a
 * {@code previous} that can be larger than the body. Here both are as large as the bounds allow.
 */
class LargestBodyTest {
    @TempDir Path dir;

    @Test
    void an_event_of_the_largest_body_is_journaled_even_with_a_previous_larger_than_its_data() {
        int most = 3 << 20;
        String resource = ",\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"}}";
        try (Herald h = Herald.start(dir, "server:\n  host: 127.0.0.1\n  port: 0\n  max-body: 3MB\n")) {
            // old values that grow when written again (1e-6 is written 0.000001), then only new fields: a null each
            h.postEvent(body("a", "1e-6", most - resource.length()) + resource);
            String second = body("b", "0", most - resource.length()) + resource;
            JsonNode made = h.postEvent(second);
            JsonNode read = h.http().get("/api/v1/events/" + made.get("id").asText()).json();
            int previous = read.get("previous").toString().length();
            int data = read.get("data").toString().length();
            assertTrue(previous > 2.4 * data, "previous " + previous + " bytes, data " + data + " bytes");
            assertTrue(previous + data > 3.3 * second.length(), "the entry is over 3 times the body");
        }
    }

    /** {@code {"type":"t","data":{"p0":v,"p1":v,...}} of about {@code size} bytes, without its closing brace. */
    private static String body(String prefix, String value, int size) {
        StringBuilder b = new StringBuilder("{\"type\":\"t\",\"data\":{");
        for (int i = 0; b.length() + prefix.length() + value.length() + 12 < size; i++) {
            if (i > 0) b.append(',');
            b.append('"').append(prefix).append(Integer.toString(i, 36)).append("\":").append(value);
        }
        return b.append('}').toString();
    }
}
