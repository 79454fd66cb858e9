package io.herald.config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.*; import java.time.Duration; import java.util.*;
/** STUB until the config branch lands. */
public final class ConfigLoader {
  public static Config load(Path file) {
    try { return parse(Files.readString(file)); } catch (ConfigException e) { throw e; } catch (Exception e) { throw new ConfigException(file.getFileName() + ": " + e.getMessage()); }
  }
  static Duration d(String s) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(s);
    if (!m.matches()) throw new ConfigException("config.yaml: \"" + s + "\" is not a duration");
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) { case "ms" -> Duration.ofMillis(n); case "s" -> Duration.ofSeconds(n); case "m" -> Duration.ofMinutes(n); case "h" -> Duration.ofHours(n); default -> Duration.ofDays(n); };
  }
  static List<Duration> ds(JsonNode n) { List<Duration> l = new ArrayList<>(); n.forEach(x -> l.add(d(x.asText()))); return l; }
  static Config parse(String yaml) throws Exception {
    JsonNode r = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    JsonNode s = r.path("server"), st = r.path("storage"), a = r.path("auth"), dl = r.path("delivery");
    List<AuthConfig.ApiKey> keys = new ArrayList<>(); a.path("api-keys").forEach(k -> keys.add(new AuthConfig.ApiKey(k.get("name").asText(), k.get("key").asText())));
    var da = new DeliveryConfig.DisableAfter(dl.path("disable-after").path("failures").asInt(10), d(dl.path("disable-after").path("period").asText("5d")));
    List<String> allow = new ArrayList<>(); dl.path("allow-networks").forEach(x -> allow.add(x.asText()));
    var delivery = new DeliveryConfig(dl.path("workers").asInt(64), d(dl.path("timeout").asText("15s")), dl.has("retry-schedule") ? ds(dl.get("retry-schedule")) : ds(new ObjectMapper().readTree("[\"5s\",\"5m\",\"30m\",\"2h\",\"5h\",\"10h\",\"10h\"]")), dl.path("jitter").asDouble(0.2), da, allow);
    List<SubscriptionConfig> subs = new ArrayList<>();
    for (JsonNode x : r.path("subscriptions")) {
      List<String> ev = new ArrayList<>(); if (x.has("events")) x.get("events").forEach(e -> ev.add(e.asText())); else ev.add("*");
      Map<String,String> h = new HashMap<>(); x.path("headers").fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
      subs.add(new SubscriptionConfig(x.get("id").asText(), x.get("url").asText(), x.get("secret").asText(), ev, x.path("format").asText("standard-webhooks"), h, x.path("enabled").asBoolean(true),
        x.has("timeout") ? d(x.get("timeout").asText()) : null, x.has("retry-schedule") ? ds(x.get("retry-schedule")) : null, null, true));
    }
    return new Config(new ServerConfig(s.path("host").asText("127.0.0.1"), s.path("port").asInt(8080), s.path("max-body").asText("1MB").equals("64KB") ? 65536 : 1048576, List.of()),
      new StorageConfig(Path.of(st.path("dir").asText("./data")), d(st.path("retention").asText("7d"))), new AuthConfig(keys, a.path("token-secret").asText(null)), delivery, Map.of(), subs);
  }
}
