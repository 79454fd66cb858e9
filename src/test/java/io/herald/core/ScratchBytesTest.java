package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The thread's kept builder and generator never let one write's bytes into another's. */
class ScratchBytesTest {

    @Test
    void raw_bytes_and_json_come_out_in_the_order_written_and_each_write_alone() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            String s = text(out -> {
                out.ascii("id: " + n + "\ndata: ");
                JsonGenerator g = out.json();
                g.writeStartObject();
                g.writeNumberField("n", n);
                g.writeEndObject();
                out.append('\n');
                Json.MAPPER.readTree("[1, \"\u00e9\"]").serialize(out.json(), out.provider());
                out.write(new byte[] {'!'});
            });
            assertEquals("id: " + n + "\ndata: {\"n\":" + n + "}\n[1,\"\u00e9\"]!", s, "no separator, nothing left over");
        }
    }

    @Test
    void a_write_inside_a_write_gets_its_own_bytes() {
        String outer = text(out -> {
            out.ascii("a");
            String inner = text(in -> {
                in.ascii("b");
                in.json().writeString("c");
            });
            out.json().writeString(inner);
            out.ascii("d");
        });
        assertEquals("a\"b\\\"c\\\"\"d", outer);
    }

    @Test
    void a_write_that_failed_half_way_leaves_the_next_one_clean() {
        assertThrows(IllegalStateException.class, () -> ScratchBytes.write(out -> {
            JsonGenerator g = out.json();
            g.writeStartObject();
            g.writeFieldName("half");
            throw new IllegalStateException("failed half way");
        }));
        assertEquals("{\"whole\":true}", text(out -> {
            JsonGenerator g = out.json();
            g.writeStartObject();
            g.writeBooleanField("whole", true);
            g.writeEndObject();
        }));
    }

    @Test
    void a_large_write_is_whole_and_the_next_small_one_exact() {
        String large = "x".repeat(3 * ScratchBytes.KEPT);
        assertEquals(large, text(out -> out.ascii(large)));
        assertEquals("y", text(out -> out.ascii("y")));
    }

    private static String text(ScratchBytes.Writer writer) {
        return new String(ScratchBytes.write(writer), StandardCharsets.UTF_8);
    }
}
