package io.herald.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A payload format (CONTRACT 5.6): a body template and how it is signed. Its words (scheme, encoding, unit) are
 * the enums below; its placeholders and content tokens are compiled by {@link Formats#check}.
 */
public record FormatConfig(JsonNode body, SignatureConfig signature) {

    public enum Scheme {
        HMAC_SHA256, NONE;

        /** @throws IllegalArgumentException "must be hmac-sha256 or none" */
        public static Scheme parse(String text) {
            return FormatConfig.parse(values(), text);
        }
    }

    public enum Encoding {
        HEX, BASE64;

        /** @throws IllegalArgumentException "must be hex or base64" */
        public static Encoding parse(String text) {
            return FormatConfig.parse(values(), text);
        }
    }

    public enum TimestampUnit {
        S, MS;

        /** @throws IllegalArgumentException "must be s or ms" */
        public static TimestampUnit parse(String text) {
            return FormatConfig.parse(values(), text);
        }
    }

    /** How config.yaml spells a word: its name in lower case, '-' for '_' ({@code hmac-sha256}). */
    public static String spelling(Enum<?> word) {
        return word.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E parse(E[] values, String text) {
        for (E v : values) {
            if (spelling(v).equals(text)) return v;
        }
        throw new IllegalArgumentException("must be "
                + Arrays.stream(values).map(FormatConfig::spelling).collect(Collectors.joining(" or ")));
    }

    /**
     * @param prefix "" when absent
     * @param content what is signed, with {id} {timestamp} {body}
     * @param header null for scheme none
     * @param idHeader null when absent
     * @param timestampHeader null when absent
     */
    public record SignatureConfig(Scheme scheme, Encoding encoding, String header, String prefix, String content,
                                  String idHeader, String timestampHeader, TimestampUnit timestampUnit) {}
}
