package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    static int check(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return Utf8.firstInvalid(b);
    }

    @Test
    void well_formed_text_of_every_length_passes() {
        assertEquals(-1, Utf8.firstInvalid("ascii / h\u00e9llo \u4e16\u754c \ud83d\ude00 \u07ff \uffff".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, check(0xf4, 0x8f, 0xbf, 0xbf)); // U+10FFFF, the last code point
        assertEquals(-1, check(0xed, 0x9f, 0xbf));       // U+D7FF, just below the surrogates
    }

    @Test
    void the_overlong_slash_c0_af_is_invalid_where_it_starts() {
        assertEquals(2, check('a', '.', 0xc0, 0xaf));
    }

    @Test
    void every_other_overlong_surrogate_or_out_of_range_form_is_invalid() {
        assertEquals(0, check(0xc1, 0xbf));             // overlong 2-byte
        assertEquals(0, check(0xe0, 0x80, 0xaf));       // overlong 3-byte slash
        assertEquals(0, check(0xf0, 0x80, 0x80, 0xaf)); // overlong 4-byte slash
        assertEquals(0, check(0xed, 0xa0, 0x80));       // a UTF-16 surrogate
        assertEquals(0, check(0xf4, 0x90, 0x80, 0x80)); // beyond U+10FFFF
        assertEquals(0, check(0xf5, 0x80, 0x80, 0x80));
        assertEquals(0, check(0xff));
        assertEquals(1, check('a', 0x80));              // a continuation byte first
        assertEquals(0, check(0xe4, 0xb8));             // cut short
        assertEquals(0, check(0xc3, 'a'));              // not followed by a continuation byte
    }
}
