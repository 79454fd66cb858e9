package io.herald.delivery.format;
import com.fasterxml.jackson.databind.node.ObjectNode; import io.herald.core.*; import java.time.Instant; import java.util.*; import javax.crypto.Mac; import javax.crypto.spec.SecretKeySpec;
/** STUB */
public final class WebhookFormat { final String p; WebhookFormat(String p) { this.p = p; }
  public byte[] body(StoredEvent e, FormatOptions o) { ObjectNode n = Json.MAPPER.createObjectNode(); n.put("type", e.type()); n.put("timestamp", Timestamps.format(e.createdAt())); n.set("data", e.data()); return Json.bytes(n); }
  public Map<String,String> headers(StoredEvent e, byte[] body, List<Secret> secrets, Instant at) {
    long ts = at.getEpochSecond(); Map<String,String> h = new LinkedHashMap<>(); h.put(p + "id", e.id()); h.put(p + "timestamp", "" + ts);
    try { Mac m = Mac.getInstance("HmacSHA256"); m.init(new SecretKeySpec(secrets.get(0).key(), "HmacSHA256")); m.update((e.id() + "." + ts + ".").getBytes()); h.put(p + "signature", "v1," + Base64.getEncoder().encodeToString(m.doFinal(body))); } catch (Exception x) { throw new IllegalStateException(x); }
    return h; }
}
