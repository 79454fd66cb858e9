package io.herald.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes a value into a builder the thread keeps, with a JSON generator the thread keeps over it, and copies it out
 * once, exactly sized. A post's journal entry, its stream frame and its answer each took a fresh builder block sized
 * by guess, a generator with its context and buffers, and a copy: a fifth of what a post allocated (P5 spread, a
 * young collection every ~10 s at 1,000 posts/s).
 *
 * <p>A write inside a write (a writer that itself calls {@link #write}) gets a fresh {@link Out}, so nesting is
 * safe. A builder that grew past {@link #KEPT} is dropped after use rather than kept: a thread that once wrote a
 * large answer does not hold its memory for good. A write that failed drops its generator too, whatever state the
 * failure left it in.
 */
public final class ScratchBytes {
    /** The largest builder block a thread keeps between writes. */
    static final int KEPT = 16 * 1024;

    /** The first block of a thread's builder: a post's entry, frame and single answer fit. */
    static final int FIRST = 2048;

    private static final ThreadLocal<Out> KEPT_OUT = ThreadLocal.withInitial(() -> new Out(FIRST));

    private ScratchBytes() {}

    /** What a value is written with. */
    public interface Writer {
        void write(Out out) throws IOException;
    }

    /** The bytes {@code writer} wrote, in an array of exactly their length. */
    public static byte[] write(Writer writer) {
        Out out = KEPT_OUT.get();
        if (out.busy) return writeTo(new Out(FIRST), writer);
        out.busy = true;
        byte[] written = null;
        try {
            out.bytes.reset();
            written = writeTo(out, writer);
            return written;
        } finally {
            out.busy = false;
            if (written == null || out.bytes.getCurrentSegment().length > KEPT) {
                KEPT_OUT.remove();
            } else if (written.length > out.bytes.getCurrentSegment().length && written.length <= KEPT) {
                // The builder grows by new blocks (and a list node each) and, once reset, keeps only the last: a
                // batch's answer (~6 KB) took three blocks at every write, 2.5-3% of batch ingest's CPU (P2). One
                // block that holds what this thread writes, and writes of that size take no more.
                KEPT_OUT.set(new Out(Integer.highestOneBit(written.length - 1) << 1));
            }
        }
    }

    /** Printable ASCII with nothing to escape in a JSON string: most ids, types, keys and timestamps. */
    static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
        }
        return true;
    }

    /** For tests: the size of the block the thread's builder holds between writes. */
    static int keptBlock() {
        return KEPT_OUT.get().bytes.getCurrentSegment().length;
    }

    private static byte[] writeTo(Out out, Writer writer) {
        try {
            writer.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayBuilder does not fail
        }
        // one block (the usual case): copied straight, without toByteArray's iterator over no earlier blocks (3% of
        // what batch ingest allocated)
        int n = out.bytes.size();
        return n == out.bytes.getCurrentSegmentLength() ? Arrays.copyOf(out.bytes.getCurrentSegment(), n)
                : out.bytes.toByteArray();
    }

    /**
     * Bytes and JSON, in the order written: the generator's buffered output is passed to the bytes before any raw
     * byte is appended after it.
     */
    public static final class Out {
        private final ByteArrayBuilder bytes;
        private JsonGenerator json;
        private SerializerProvider provider;
        /** whether the generator may hold output the bytes do not have yet */
        private boolean pending;
        private boolean busy;

        private Out(int firstBlock) {
            bytes = new ByteArrayBuilder(firstBlock);
        }

        public void append(char c) throws IOException {
            flush();
            bytes.append(c);
        }

        /**
         * {@code s}, which holds only ASCII, copied straight into the builder's blocks: {@code getBytes(charset)} first
         * was a tenth of a post's garbage, and char by char was 6% of batch ingest's CPU (P2).
         */
        @SuppressWarnings("deprecation") // the low byte of each char is the byte wanted: s is ASCII
        public void ascii(String s) throws IOException {
            flush();
            int from = 0;
            while (from < s.length()) {
                byte[] block = bytes.getCurrentSegment();
                int at = bytes.getCurrentSegmentLength();
                if (at == block.length) {
                    bytes.finishCurrentSegment();
                    continue;
                }
                int to = Math.min(s.length(), from + block.length - at);
                s.getBytes(from, to, block, at);
                bytes.setCurrentSegmentLength(at + to - from);
                from = to;
            }
        }

        /**
         * {@code s} as a JSON string: copied as it is between quotes when it needs no escape (printable ASCII
         * without a quote or backslash: ids and timestamps), else written by the generator.
         */
        public void string(String s) throws IOException {
            if (!plain(s)) {
                json().writeString(s);
                return;
            }
            append('"');
            ascii(s);
            bytes.append('"');
        }

        /** {@code n} in decimal, without a String on the way (a post's seq in its answer). */
        public void decimal(long n) throws IOException {
            if (n < 0) {
                ascii(Long.toString(n));
                return;
            }
            flush();
            long unit = 1;
            while (unit <= n / 10) unit *= 10;
            for (; unit > 0; unit /= 10) bytes.append((int) ('0' + n / unit % 10));
        }

        public void write(byte[] b) throws IOException {
            flush();
            bytes.write(b, 0, b.length);
        }

        /**
         * The generator over these bytes, with the mapper's settings; one root value after another, unseparated. Kept
         * for the next write: never closed by a writer.
         */
        public JsonGenerator json() throws IOException {
            if (json == null) {
                json = Json.MAPPER.createGenerator(bytes);
                json.setRootValueSeparator(null);
            }
            pending = true;
            return json;
        }

        /** The mapper's serializer provider, for {@code JsonNode.serialize} (kept, as the generator is). */
        public SerializerProvider provider() {
            if (provider == null) provider = Json.MAPPER.getSerializerProviderInstance();
            return provider;
        }

        private void flush() throws IOException {
            if (pending) {
                json.flush();
                pending = false;
            }
        }
    }
}
