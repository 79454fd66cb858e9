package io.herald.stream;

import io.herald.core.ScratchBytes;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing. Every message is unnamed (no {@code event:} line) so that a browser's
 * {@code onmessage} sees it; the JSON is one line, so one {@code data:} line carries it.
 */
final class SseFrames {
    private SseFrames() {}

    static byte[] message(long id, byte[] json) {
        return message(id, out -> out.write(json));
    }

    /** A message whose one-line JSON {@code json} writes straight into the frame (no copy of it first). */
    static byte[] message(long id, ScratchBytes.Writer json) {
        return ScratchBytes.write(out -> {
            out.ascii("id: ");
            out.decimal(id);
            out.ascii("\ndata: ");
            json.write(out);
            out.append('\n');
            out.append('\n');
        });
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
