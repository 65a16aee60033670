package io.possync.core;

/** Event bus addresses, in one place. */
public final class Addresses {

  private Addresses() {
  }

  /**
   * Published by the cloud's push hub for every configuration commit or admin sync request seen on PostgreSQL:
   * {@code {"propertyId", "version", "type": "config:updated" | "config:urgent" | "sync:required"}}.
   */
  public static final String CLOUD_CONFIG_CHANGED = "possync.cloud.config-changed";

  /** Published when a host's token or active flag changed: {@code {"serviceHostId"}}; token caches forget it. */
  public static final String CLOUD_AUTH_CHANGED = "possync.cloud.auth-changed";
}
