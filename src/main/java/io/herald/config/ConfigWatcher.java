package io.herald.config;
import java.nio.file.*; import java.util.function.Consumer;
/** STUB */
public final class ConfigWatcher implements AutoCloseable {
  private final Thread t; private volatile boolean stop;
  public ConfigWatcher(Path file, Consumer<Config> onChange) {
    t = new Thread(() -> { String last = read(file); while (!stop) { try { Thread.sleep(300); } catch (InterruptedException e) { return; } String now = read(file);
      if (now != null && !now.equals(last)) { last = now; try { onChange.accept(ConfigLoader.load(file)); } catch (ConfigException e) { org.slf4j.LoggerFactory.getLogger(ConfigWatcher.class).warn("config_reload_refused reason=\"{}\"", e.getMessage()); } } } }, "config-watcher");
    t.setDaemon(true); t.start();
  }
  static String read(Path f) { try { return Files.readString(f); } catch (Exception e) { return null; } }
  public void close() { stop = true; t.interrupt(); }
}
