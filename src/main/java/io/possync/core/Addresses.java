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

  /**
   * Published when a host's token or active flag changed, by the push hub (PostgreSQL's notification) and by the
   * node that rotated it: {@code {"serviceHostId"}}; token caches forget it and its push sockets are closed.
   */
  public static final String CLOUD_AUTH_CHANGED = "possync.cloud.auth-changed";

  /**
   * Published by the push hub when its LISTEN connection to PostgreSQL is lost and when it listens again:
   * {@code {"listening": true | false}}. Notifications sent meanwhile are lost, so token caches forget everything
   * and stop caching until the node listens again.
   */
  public static final String CLOUD_NOTIFICATIONS = "possync.cloud.notifications";

  /**
   * Published by the cloud's push hub for every check a cloud node committed (GREEN mode), seen on PostgreSQL so
   * that every node hears it: {@code {"propertyId", "checkId", "revision", "origin": "cloud" | "host"}}. Workstation
   * sockets get {@code check:updated}; the property's host, when the change was made on the cloud, is told to
   * exchange checks.
   */
  public static final String CLOUD_CHECK_CHANGED = "possync.cloud.check-changed";

  /** Fields of {@link #CLOUD_CHECK_CHANGED}. */
  public static final String PROPERTY_ID = "propertyId";
  public static final String CHECK_ID = "checkId";
  public static final String REVISION = "revision";
  public static final String ORIGIN = "origin";

  /**
   * Published by the cloud's push hub for every KDS frame a node sent to a display (GREEN mode), so that each node
   * hands it to the display's screens connected there: {@code {"propertyId", "displayId", "frame"}}, no frame when
   * the display's screens are to get a fresh snapshot.
   */
  public static final String CLOUD_KDS_FRAME = "possync.cloud.kds-frame";
  public static final String DISPLAY_ID = "displayId";
  /** The node that sent a KDS frame (it handed the frame to its own screens already). */
  public static final String NODE = "node";
  public static final String FRAME = "frame";

  /** Ask the host to exchange checks with the cloud now (local only; no body). */
  public static final String HOST_CHECKS_EXCHANGE = "possync.host.checks.exchange";

  /** The field of {@link #CLOUD_NOTIFICATIONS}. */
  public static final String LISTENING = "listening";

  /**
   * Request to the host's cache writer, the only writer of the config cache: a {@code core.wire.ApplyRequest} (full,
   * delta, repair or status word), passed locally by reference. Replies a {@code core.wire.ApplyResult} whose typed
   * outcome says what happened.
   */
  public static final String HOST_CACHE_APPLY = "possync.host.cache.apply";

  /** Published (local only) after every apply and at start: the new immutable ConfigSnapshot. */
  public static final String HOST_CONFIG = "possync.host.config";

  /** Ask the sync manager to sync now: {@code {"kind": "delta" | "full", "reason"}}. */
  public static final String HOST_SYNC_REQUEST = "possync.host.sync.request";

  /** Published (local only) when a closed or voided check was queued for the cloud: upload now if it answers. */
  public static final String HOST_UPLOAD = "possync.host.upload";

  /** Published when the host raises an alert a person must act on: {@code {"alert", "message"}}. */
  public static final String HOST_ALERT = "possync.host.alert";
}
