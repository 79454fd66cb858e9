package io.herald.stream;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing. Every message is unnamed (no {@code event:} line) so that a browser's
 * {@code onmessage} sees it; the JSON is one line, so one {@code data:} line carries it.
 */
final class SseFrames {
    private SseFrames() {}

    static byte[] message(long id, byte[] json) {
        byte[] head = ("id: " + id + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
