package io.possync.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * conf/cloud.json (DESIGN.md section 3).
 *
 * @param postgresUri PostgreSQL to use; null starts the embedded one with its data under dataDir/pg
 * @param embeddedPostgresPort port of the embedded PostgreSQL, 0 for any free port
 * @param adminToken bearer token of the EMC admin API; null disables the admin API
 */
public record CloudConfig(String host, int httpPort, String tlsCertPath, String tlsKeyPath, String postgresUri,
                          int poolSize, int embeddedPostgresPort, Path dataDir, int maxDeltaGap, int maxDeltaChanges,
                          int maxConcurrentFullBuilds, int compactionIntervalMinutes, int retentionHours,
                          int tombstoneHours, int metricsRetentionDays, String adminToken, int maxRequestBytes,
                          int snapshotCacheMb, int hostOfflineSeconds, int pushPingSeconds, int httpInstances) {

  public static final String ENV_PG_URI = "POSSYNC_PG_URI";
  public static final String ENV_HTTP_PORT = "POSSYNC_HTTP_PORT";
  public static final String ENV_ADMIN_TOKEN = "POSSYNC_ADMIN_TOKEN";
  public static final String ENV_DATA_DIR = "POSSYNC_DATA_DIR";
  public static final String ENV_PG_PORT = "POSSYNC_PG_PORT";
  public static final String KEY_HTTP_PORT = "httpPort";
  public static final String KEY_PG_PORT = "postgres.embeddedPort";

  public static CloudConfig load(Path file, Map<String, String> env) {
    return read(ConfReader.file(file, env));
  }

  static CloudConfig read(ConfReader r) {
    CloudConfig c = new CloudConfig(
        r.string("host", null, "0.0.0.0"),
        r.integer(KEY_HTTP_PORT, ENV_HTTP_PORT, 8080, 0, 65535),
        r.string("tls.certPath", null, null),
        r.string("tls.keyPath", null, null),
        r.string("postgres.uri", ENV_PG_URI, null),
        r.integer("postgres.poolSize", null, 8, 1, 200),
        r.integer(KEY_PG_PORT, ENV_PG_PORT, 0, 0, 65535),
        Path.of(r.string("dataDir", ENV_DATA_DIR, "data/cloud")),
        r.integer("maxDeltaGap", null, 100, 1, 1_000_000),
        r.integer("maxDeltaChanges", null, 5000, 1, 10_000_000),
        r.integer("maxConcurrentFullBuilds", null, 4, 1, 1000),
        r.integer("compaction.intervalMinutes", null, 60, 1, 100_000),
        r.integer("compaction.retentionHours", null, 168, 0, 1_000_000),
        r.integer("compaction.tombstoneHours", null, 168, 0, 1_000_000),
        r.integer("metricsRetentionDays", null, 7, 1, 3650),
        r.string("adminToken", ENV_ADMIN_TOKEN, null),
        r.integer("maxRequestBytes", null, 8 * 1024 * 1024, 1024, Integer.MAX_VALUE),
        r.integer("snapshotCacheMb", null, 256, 1, 1_000_000),
        r.integer("hostOfflineSeconds", null, 90, 1, 1_000_000),
        r.integer("pushPingSeconds", null, 20, 1, 3600),
        r.integer("httpInstances", null, Runtime.getRuntime().availableProcessors(), 1, 256));
    r.rejectUnknownKeys();
    if ((c.tlsCertPath == null) != (c.tlsKeyPath == null)) {
      throw new ConfException("tls.certPath and tls.keyPath go together: set both or neither");
    }
    return c;
  }

  public boolean tlsEnabled() {
    return tlsCertPath != null;
  }

  public CloudConfig withAdminToken(String token) {
    return new CloudConfig(host, httpPort, tlsCertPath, tlsKeyPath, postgresUri, poolSize, embeddedPostgresPort,
        dataDir, maxDeltaGap, maxDeltaChanges, maxConcurrentFullBuilds, compactionIntervalMinutes, retentionHours,
        tombstoneHours, metricsRetentionDays, token, maxRequestBytes, snapshotCacheMb, hostOfflineSeconds,
        pushPingSeconds, httpInstances);
  }

  public CloudConfig withPostgresUri(String uri) {
    return new CloudConfig(host, httpPort, tlsCertPath, tlsKeyPath, uri, poolSize, embeddedPostgresPort, dataDir,
        maxDeltaGap, maxDeltaChanges, maxConcurrentFullBuilds, compactionIntervalMinutes, retentionHours,
        tombstoneHours, metricsRetentionDays, adminToken, maxRequestBytes, snapshotCacheMb, hostOfflineSeconds,
        pushPingSeconds, httpInstances);
  }
}
