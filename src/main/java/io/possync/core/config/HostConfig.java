package io.possync.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** conf/host.json, one per property (DESIGN.md section 3). */
public record HostConfig(UUID propertyId, UUID serviceHostId, String cloudUrl, Path tokenFile, Path dataDir,
                         int heartbeatSeconds, int fullSyncAfterOfflineHours, String lanHost, int lanPort,
                         String lanTlsCertPath, String lanTlsKeyPath, Path vaultFile, boolean greenMode) {

  public static final String ENV_PROPERTY_ID = "POSSYNC_PROPERTY_ID";
  public static final String ENV_SERVICE_HOST_ID = "POSSYNC_SERVICE_HOST_ID";
  public static final String ENV_CLOUD_URL = "POSSYNC_CLOUD_URL";
  public static final String ENV_TOKEN_FILE = "POSSYNC_TOKEN_FILE";
  public static final String ENV_DATA_DIR = "POSSYNC_DATA_DIR";
  public static final String ENV_LAN_PORT = "POSSYNC_LAN_PORT";
  public static final String ENV_HEARTBEAT_SECONDS = "POSSYNC_HEARTBEAT_SECONDS";
  public static final String ENV_VAULT_FILE = "POSSYNC_VAULT_FILE";
  public static final String KEY_LAN_PORT = "lan.port";

  public static HostConfig load(Path file, Map<String, String> env) {
    return read(ConfReader.file(file, env));
  }

  static HostConfig read(ConfReader r) {
    HostConfig c = new HostConfig(
        uuid(r.requiredString("propertyId", ENV_PROPERTY_ID), "propertyId"),
        uuid(r.requiredString("serviceHostId", ENV_SERVICE_HOST_ID), "serviceHostId"),
        r.requiredString("cloudUrl", ENV_CLOUD_URL),
        Path.of(r.requiredString("tokenFile", ENV_TOKEN_FILE)),
        Path.of(r.string("dataDir", ENV_DATA_DIR, "data/host")),
        r.integer("heartbeatSeconds", ENV_HEARTBEAT_SECONDS, 30, 1, 3600),
        r.integer("fullSyncAfterOfflineHours", null, 24, 1, 24 * 365),
        r.string("lan.host", null, "0.0.0.0"),
        r.integer(KEY_LAN_PORT, ENV_LAN_PORT, 8081, 0, 65535),
        r.string("lan.tls.certPath", null, null),
        r.string("lan.tls.keyPath", null, null),
        Path.of(r.string("vaultFile", ENV_VAULT_FILE, "data/host/vault.json")),
        r.bool("greenMode", true));
    r.rejectUnknownKeys();
    if (!c.cloudUrl.startsWith("http://") && !c.cloudUrl.startsWith("https://")) {
      throw new ConfException("cloudUrl must start with http:// or https://, not '" + c.cloudUrl + "'");
    }
    return c;
  }

  static UUID uuid(String s, String key) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new ConfException(key + " must be a UUID, not '" + s + "'");
    }
  }
}
