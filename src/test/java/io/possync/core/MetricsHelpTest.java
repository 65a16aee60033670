package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.metrics.Metrics;
import io.possync.host.HostRuntime;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every possync metric a person scrapes says what it counts: a {@code # HELP} line with words in it. */
class MetricsHelpTest {

  static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) \\S+$", Pattern.MULTILINE);
  static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$", Pattern.MULTILINE);

  @TempDir
  Path dir;

  @Test
  void everyPossyncMetricOnBothRolesHasHelpText() throws Exception {
    try (TestCloud cloud = TestCloud.start(MetricsHelpTest.class, null)) {
      JsonObject file = cloud.importProperty("Help Kitchen");
      UUID property = TestCloud.propertyId(file);
      ServiceHostRegistry.Registration reg = cloud.register(property, "help host");
      HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(),
          300), Clock.systemUTC());
      try {
        assertNotNull(TestHost.await(host, s -> s != null && s.version() == cloud.version(property)), "synced");
        List<String> problems = new ArrayList<>();
        problems.addAll(check("cloud", scrape(cloud.base() + "/metrics")));
        problems.addAll(check("host", scrape("http://127.0.0.1:" + host.lanPort() + "/metrics")));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
      } finally {
        host.close();
      }
    }
  }

  /** Meters registered lazily (a 410, a compaction) are not on a fresh scrape: every name has its words anyway. */
  @Test
  void everyMetricNameHasADescription() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Field f : Metrics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String name = (String) f.get(null);
        String d = Metrics.description(name);
        if (d == null || d.isBlank()) {
          missing.add(name);
        }
      }
    }
    assertTrue(missing.isEmpty(), "no description for " + missing);
  }

  static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** One problem line per possync metric family without a HELP line that says more than its name. */
  static List<String> check(String role, String text) {
    Map<String, String> help = new TreeMap<>();
    Matcher h = HELP.matcher(text);
    while (h.find()) {
      help.put(h.group(1), h.group(2).strip());
    }
    List<String> problems = new ArrayList<>();
    Matcher t = TYPE.matcher(text);
    int families = 0;
    while (t.find()) {
      String family = t.group(1);
      if (!family.startsWith("possync_")) {
        continue;
      }
      families++;
      String words = help.get(family);
      String bare = family.replaceAll("_(total|seconds|max|info)$", "");
      if (words == null || words.isEmpty() || words.replace(' ', '_').equals(bare) || words.equals(family)
          || words.split("\\s+").length < 3) {
        problems.add(role + ": " + family + " has no help text (" + words + ")");
      }
    }
    assertFalse(families == 0, role + " serves possync metrics:\n" + text);
    return problems;
  }
}
