package io.herald.format;

import com.fasterxml.jackson.databind.JsonNode;

/** A user-defined payload format (CONTRACT 5.6): a body template and how it is signed. */
public record FormatConfig(JsonNode body, SignatureConfig signature) {

    /**
     * @param scheme hmac-sha256 | none
     * @param encoding hex | base64
     * @param prefix "" when absent
     * @param content what is signed, with {id} {timestamp} {body}
     * @param idHeader null when absent
     * @param timestampHeader null when absent
     * @param timestampUnit s | ms
     */
    public record SignatureConfig(String scheme, String encoding, String header, String prefix, String content,
                                  String idHeader, String timestampHeader, String timestampUnit) {}
}
