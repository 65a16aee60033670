package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.config.CloudConfig;
import io.possync.core.config.ConfException;
import io.possync.core.config.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfTest {

  @TempDir
  Path dir;

  Path write(String json) throws Exception {
    Path p = dir.resolve("c.json");
    Files.writeString(p, json);
    return p;
  }

  @Test
  void theShippedConfFilesLoad() {
    CloudConfig c = CloudConfig.load(Path.of("conf/cloud.json"), Map.of());
    assertEquals(8080, c.httpPort());
    assertEquals(100, c.maxDeltaGap());
    assertNull(c.postgresUri(), "the shipped cloud conf uses the embedded PostgreSQL");
    HostConfig h = HostConfig.load(Path.of("conf/host.json"), Map.of());
    assertEquals(30, h.heartbeatSeconds());
    assertEquals(24, h.fullSyncAfterOfflineHours());
    assertTrue(h.greenMode(), "GREEN mode is on unless a property turns it off");
  }

  @Test
  void greenModeIsTrueOrFalse() throws Exception {
    String base = "{\"propertyId\": \"7d0c3a52-5f5e-4c69-9a51-2f4f1f6f0a01\", \"serviceHostId\": "
        + "\"7d0c3a52-5f5e-4c69-9a51-2f4f1f6f0a02\", \"cloudUrl\": \"http://127.0.0.1:8080\", \"tokenFile\": \"t\"";
    assertEquals(false, HostConfig.load(write(base + ", \"greenMode\": false}"), Map.of()).greenMode());
    ConfException e = assertThrows(ConfException.class,
        () -> HostConfig.load(write(base + ", \"greenMode\": \"no\"}"), Map.of()));
    assertTrue(e.getMessage().contains("greenMode must be true or false"), e.getMessage());
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    Path p = write("{\"httpPort\": 9000, \"postgres\": {\"uri\": \"postgresql://a@b/c\"}}");
    CloudConfig c = CloudConfig.load(p, Map.of("POSSYNC_HTTP_PORT", "9100", "POSSYNC_PG_URI", "postgresql://x@y/z",
        "POSSYNC_ADMIN_TOKEN", "s3cret", "POSSYNC_DATA_DIR", "/var/lib/possync", "POSSYNC_PG_PORT", "54400"));
    assertEquals(9100, c.httpPort());
    assertEquals("postgresql://x@y/z", c.postgresUri());
    assertEquals("s3cret", c.adminToken());
    assertEquals(Path.of("/var/lib/possync"), c.dataDir());
    assertEquals(54400, c.embeddedPostgresPort(), "POSSYNC_PG_PORT moves the embedded PostgreSQL");

    Path h = write("{\"propertyId\": \"" + java.util.UUID.randomUUID() + "\", \"serviceHostId\": \""
        + java.util.UUID.randomUUID() + "\", \"cloudUrl\": \"http://c\", \"tokenFile\": \"t\"}");
    HostConfig hc = HostConfig.load(h, Map.of("POSSYNC_HEARTBEAT_SECONDS", "5", "POSSYNC_LAN_PORT", "9200",
        "POSSYNC_CLOUD_URL", "https://emc.example", "POSSYNC_VAULT_FILE", "/etc/possync/vault.json"));
    assertEquals(5, hc.heartbeatSeconds());
    assertEquals(9200, hc.lanPort());
    assertEquals("https://emc.example", hc.cloudUrl());
    assertEquals(Path.of("/etc/possync/vault.json"), hc.vaultFile());
  }

  @Test
  void mistakesAreNamedInOneLine() throws Exception {
    ConfException e = assertThrows(ConfException.class,
        () -> CloudConfig.load(write("{\"httpPort\": 8080, \"maxDeltaGapp\": 5}"), Map.of()));
    assertTrue(e.getMessage().contains("unknown setting 'maxDeltaGapp'"), e.getMessage());
    e = assertThrows(ConfException.class, () -> CloudConfig.load(write("{\"httpPort\": \"eighty\"}"), Map.of()));
    assertTrue(e.getMessage().contains("httpPort must be a whole number"), e.getMessage());
    e = assertThrows(ConfException.class, () -> CloudConfig.load(write("{\"httpPort\": 70000}"), Map.of()));
    assertTrue(e.getMessage().contains("between 0 and 65535"), e.getMessage());
    e = assertThrows(ConfException.class, () -> CloudConfig.load(write("{not json"), Map.of()));
    assertTrue(e.getMessage().endsWith("c.json line 1, column 2: unexpected 'not'"), e.getMessage());
    e = assertThrows(ConfException.class, () -> CloudConfig.load(dir.resolve("missing.json"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    e = assertThrows(ConfException.class, () -> CloudConfig.load(write("{}"), Map.of("POSSYNC_HTTP_PORT", "x")));
    assertTrue(e.getMessage().contains("POSSYNC_HTTP_PORT"), e.getMessage());
    e = assertThrows(ConfException.class, () -> HostConfig.load(write("{\"propertyId\": \"nope\"}"), Map.of()));
    assertTrue(e.getMessage().contains("propertyId must be a UUID"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }
}
