package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    void decimal_writes_what_long_to_string_does() {
        long[] values = {0, 1, 9, 10, 99, 100, 123456789, 1_000_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : values) {
            assertEquals("<" + v + ">", text(out -> {
                out.json().writeRaw('<'); // pending generator output goes first
                out.decimal(v);
                out.append('>');
            }));
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

    @Test
    void a_thread_that_writes_more_than_its_block_keeps_one_that_holds_it_up_to_the_kept_limit() throws Exception {
        // a fresh thread: its builder starts at the first block's size
        int[] blocks = new int[4];
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                blocks[0] = ScratchBytes.keptBlock();
                String answer = "a".repeat(6000); // a batch's answer
                assertEquals(answer, text(out -> out.ascii(answer)));
                blocks[1] = ScratchBytes.keptBlock();
                assertEquals("b", text(out -> out.ascii("b")));
                blocks[2] = ScratchBytes.keptBlock();
                String huge = "c".repeat(ScratchBytes.KEPT + 1);
                assertEquals(huge, text(out -> out.ascii(huge)));
                blocks[3] = ScratchBytes.keptBlock();
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.start();
        t.join();
        assertNull(failed[0]);
        assertEquals(ScratchBytes.FIRST, blocks[0]);
        assertEquals(8192, blocks[1]);
        assertEquals(8192, blocks[2], "a smaller write keeps the grown block");
        assertTrue(blocks[3] <= ScratchBytes.KEPT, "beyond the limit nothing large is kept: " + blocks[3]);
    }

    @Test
    void ascii_strings_across_block_boundaries_come_out_whole_and_in_order() {
        java.util.Random random = new java.util.Random(18);
        for (int round = 0; round < 200; round++) {
            List<String> parts = new ArrayList<>();
            StringBuilder expected = new StringBuilder();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(random.nextBoolean() ? 30 : 3000);
                StringBuilder part = new StringBuilder();
                for (int c = 0; c < length; c++) part.append((char) (0x20 + random.nextInt(0x5f)));
                parts.add(part.toString());
                expected.append(part).append(',');
            }
            assertEquals(expected.toString(), text(out -> {
                for (String part : parts) {
                    out.ascii(part);
                    out.append(',');
                }
            }));
        }
    }

    @Test
    void a_string_is_the_json_string_the_mapper_writes_whether_copied_as_is_or_escaped() throws Exception {
        for (String s : List.of("", "evt_01HZX-3:a", "2026-12-03T17:18:14.123Z", "say \"hi\"", "back\\slash",
                "tab\there", "caf\u00e9", "\u2028", "~\u007f", "\ud83d\ude00 emoji")) {
            String expected = new String(Json.MAPPER.writeValueAsBytes(s), StandardCharsets.UTF_8); // as before: bytes
            assertEquals(expected + "," + expected, text(out -> {
                out.string(s);
                out.append(',');
                out.string(s);
            }), s);
        }
    }

    private static String text(ScratchBytes.Writer writer) {
        return new String(ScratchBytes.write(writer), StandardCharsets.UTF_8);
    }
}
