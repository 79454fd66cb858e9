// Where a P5 spread message's time goes, read off the wire: a loopback capture (tcpdump -w) taken while
// `Fanout spread` runs against a server, split into the client's part before its POST is on the wire and the
// server's part from that POST to the stream frame that carries the same event out. The server's part covers
// everything a server does per message (waking up, reading, parsing, its own work, the write) and nothing of the
// client's, so servers compare on it without the client's noise:
//   tcpdump -i lo -s 1500 -w spread.pcap tcp port PORT     (for a few seconds of the measured window)
//   java bench/ServerTime.java spread.pcap PORT
// Events are matched by their sentMicros (Fanout puts it in each post's data; Herald's frame has it in "current",
// nchan's and plain Jetty's frames are the posted data itself). Reads pcap files of microsecond or nanosecond
// stamps, link types Ethernet, Linux cooked (any) and loopback (null).
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ServerTime {
    static final Pattern SENT = Pattern.compile("\"sentMicros\":(\\d+)");
    static final Pattern CURRENT_SENT = Pattern.compile("\"current\":\\{[^}]*?\"sentMicros\":(\\d+)");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: ServerTime FILE.pcap SERVER_PORT");
        int port = Integer.parseInt(args[1]);
        Map<Long, Double> posted = new HashMap<>();  // sentMicros -> when the POST was on the wire (µs)
        Map<Long, Double> framed = new HashMap<>();  // sentMicros -> when its frame was
        try (DataInputStream in = new DataInputStream(Files.newInputStream(Path.of(args[0])))) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(24)).order(ByteOrder.LITTLE_ENDIAN);
            int magic = header.getInt(0);
            boolean nanos = magic == 0xa1b23c4d;
            if (magic != 0xa1b2c3d4 && !nanos) throw new IOException("not a little-endian pcap file (tcpdump -w)");
            int link = header.getInt(20);
            int linkHeader = switch (link) {
                case 1 -> 14;   // Ethernet
                case 113 -> 16; // Linux cooked
                case 0 -> 4;    // loopback (BSD null)
                default -> throw new IOException("link type " + link + " is not one this reads");
            };
            while (true) {
                byte[] rec;
                try {
                    rec = in.readNBytes(16);
                } catch (EOFException e) {
                    break;
                }
                if (rec.length < 16) break;
                ByteBuffer r = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
                double at = (r.getInt(0) & 0xffffffffL) * 1e6 + (r.getInt(4) & 0xffffffffL) / (nanos ? 1000.0 : 1.0);
                byte[] packet = in.readNBytes(r.getInt(8));
                segment(packet, linkHeader, port, at, posted, framed);
            }
        }
        double[] client = new double[posted.size()];
        double[] server = new double[posted.size()];
        int n = 0;
        for (Map.Entry<Long, Double> p : posted.entrySet()) {
            Double f = framed.get(p.getKey());
            if (f == null) continue;
            client[n] = p.getValue() - p.getKey();
            server[n++] = f - p.getValue();
        }
        System.out.printf("messages=%d client_to_wire_us=%s server_post_to_frame_us=%s%n", n, pcts(client, n),
                pcts(server, n));
    }

    /** One IPv4 TCP segment: a post to the server or a frame from it, by the sentMicros it carries. */
    static void segment(byte[] p, int at0, int port, double at, Map<Long, Double> posted, Map<Long, Double> framed) {
        if (p.length < at0 + 20 || (p[at0] >> 4) != 4) return;
        int tcp = at0 + (p[at0] & 15) * 4;
        if (p.length < tcp + 20) return;
        int src = ((p[tcp] & 255) << 8) | (p[tcp + 1] & 255);
        int dst = ((p[tcp + 2] & 255) << 8) | (p[tcp + 3] & 255);
        int payload = tcp + ((p[tcp + 12] >> 4) & 15) * 4;
        if (payload >= p.length) return;
        String text = new String(p, payload, p.length - payload, StandardCharsets.ISO_8859_1);
        if (dst == port) {
            for (Matcher m = SENT.matcher(text); m.find(); ) posted.putIfAbsent(Long.parseLong(m.group(1)), at);
        } else if (src == port) {
            Pattern which = CURRENT_SENT.matcher(text).find() ? CURRENT_SENT : SENT; // Herald's "previous" has one too
            for (Matcher m = which.matcher(text); m.find(); ) framed.putIfAbsent(Long.parseLong(m.group(1)), at);
        }
    }

    static String pcts(double[] a, int n) {
        if (n == 0) return "n/a";
        double[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        StringBuilder b = new StringBuilder();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            b.append(b.length() == 0 ? "" : "/").append(Math.round(s[Math.min(n - 1, (int) Math.ceil(q * n) - 1)]));
        }
        return b + "(p50/p90/p99)";
    }
}
