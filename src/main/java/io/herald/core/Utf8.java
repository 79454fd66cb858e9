package io.herald.core;

/**
 * Strict UTF-8 (RFC 3629): the JSON parser decodes the overlong {@code C0 AF} as '/', which lets a byte
 * sequence that no validator upstream calls a slash become one. One pass, no allocation: ASCII goes straight
 * through.
 */
public final class Utf8 {
    private Utf8() {}

    /** The offset of the first byte that is not part of a well-formed sequence, or -1 when all are. */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int len;
            int min2 = 0x80;
            int max2 = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                len = 2;
            } else if (c >= 0xe0 && c <= 0xef) {
                len = 3;
                if (c == 0xe0) min2 = 0xa0;      // overlong
                else if (c == 0xed) max2 = 0x9f; // UTF-16 surrogates
            } else if (c >= 0xf0 && c <= 0xf4) {
                len = 4;
                if (c == 0xf0) min2 = 0x90;      // overlong
                else if (c == 0xf4) max2 = 0x8f; // beyond U+10FFFF
            } else {
                return i; // a continuation byte first, C0/C1 (always overlong) or F5..FF
            }
            if (i + len > n) return i;
            int second = b[i + 1] & 0xff;
            if (second < min2 || second > max2) return i;
            for (int k = 2; k < len; k++) {
                int cont = b[i + k] & 0xff;
                if (cont < 0x80 || cont > 0xbf) return i;
            }
            i += len;
        }
        return -1;
    }
}
