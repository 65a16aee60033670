package io.possync.core.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked reads from a JSON conf file with environment overrides. Every key the file holds must be read by
 * the config class, so a misspelt key is an error rather than a silently ignored setting.
 */
public final class ConfReader {

  private final String source;
  private final JsonObject json;
  private final Map<String, String> env;
  private final Set<String> known = new TreeSet<>();

  public ConfReader(String source, JsonObject json, Map<String, String> env) {
    this.source = source;
    this.json = json;
    this.env = env;
  }

  public static ConfReader file(Path path, Map<String, String> env) {
    return new ConfReader(path.toString(), JsonFile.object("conf file", path), env);
  }

  /** The first line of a parser's message (Jackson adds a source excerpt on the next lines). */
  public static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }

  private Object raw(String dotted) {
    known.add(dotted);
    String[] parts = dotted.split("\\.");
    JsonObject o = json;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = o.getValue(parts[i]);
      if (next == null) {
        return null;
      }
      if (!(next instanceof JsonObject)) {
        throw new ConfException(source + ": " + parts[i] + " must be an object");
      }
      o = (JsonObject) next;
    }
    return o.getValue(parts[parts.length - 1]);
  }

  private String fromEnv(String var) {
    String v = var == null ? null : env.get(var);
    return v == null || v.isBlank() ? null : v.trim();
  }

  public String string(String key, String envVar, String dflt) {
    Object v = raw(key);
    if (v != null && !(v instanceof String)) {
      throw new ConfException(source + ": " + key + " must be a string");
    }
    String e = fromEnv(envVar);
    if (e != null) {
      return e;
    }
    return v == null ? dflt : (String) v;
  }

  public String requiredString(String key, String envVar) {
    String v = string(key, envVar, null);
    if (v == null || v.isBlank()) {
      throw new ConfException(source + ": " + key + " is required"
          + (envVar == null ? "" : " (or set " + envVar + ")"));
    }
    return v;
  }

  public int integer(String key, String envVar, int dflt, int min, int max) {
    Object fileValue = raw(key);
    String e = fromEnv(envVar);
    long value;
    if (e != null) {
      try {
        value = Long.parseLong(e);
      } catch (NumberFormatException ex) {
        throw new ConfException(envVar + " must be a whole number, not '" + e + "'");
      }
    } else {
      Object v = fileValue;
      if (v == null) {
        return dflt;
      }
      if (!(v instanceof Integer || v instanceof Long)) {
        throw new ConfException(source + ": " + key + " must be a whole number");
      }
      value = ((Number) v).longValue();
    }
    if (value < min || value > max) {
      throw new ConfException((e != null ? envVar : source + ": " + key) + " must be between " + min + " and " + max
          + ", not " + value);
    }
    return (int) value;
  }

  public boolean bool(String key, boolean dflt) {
    Object v = raw(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw new ConfException(source + ": " + key + " must be true or false");
    }
    return b;
  }

  /** Call last: names the first key the file holds that no setting read. */
  public void rejectUnknownKeys() {
    check(json, "");
  }

  private void check(JsonObject o, String prefix) {
    for (String k : o.fieldNames()) {
      String dotted = prefix + k;
      if (k.startsWith("_")) {
        continue; // "_comment" and the like
      }
      Object v = o.getValue(k);
      if (v instanceof JsonObject child && known.stream().anyMatch(n -> n.startsWith(dotted + "."))) {
        check(child, dotted + ".");
      } else if (!known.contains(dotted)) {
        throw new ConfException(source + ": unknown setting '" + dotted + "'");
      }
    }
  }
}
