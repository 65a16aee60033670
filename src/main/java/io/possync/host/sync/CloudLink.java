package io.possync.host.sync;

import io.possync.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * What each cloud call's outcome means for the host: reachable or not, and the alerts a person must act on (the
 * cloud out of reach after every retry; the host's token refused). An alert is raised once per episode: one log
 * line, one count in {@code possync.host.alerts}, one event on {@link Addresses#HOST_ALERT}; a line at INFO when it
 * ends. The refused token shows as {@code syncStatus: "error"} with a {@code lastError} on the LAN status.
 */
public final class CloudLink {

  private static final Logger LOG = Logger.getLogger(CloudLink.class.getName());
  public static final String ALERT = "alert";
  public static final String MESSAGE = "message";

  private final Vertx vertx;
  private final HostState state;
  private final HostMetrics metrics;
  private final Clock clock;
  private final Duration offlineLimit;
  private final String cloud;
  private final String tokenFile;
  private final String serviceHostId;
  private Runnable backAfterLongSilence = () -> { };
  private Runnable statusChanged = () -> { };
  private boolean unreachableAlerted;

  /**
   * @param cloud the cloud's URL, for messages
   * @param tokenFile and {@code serviceHostId}: for the refused-token message
   */
  public CloudLink(Vertx vertx, HostState state, HostMetrics metrics, Clock clock, Duration offlineLimit, String cloud,
                   String tokenFile, String serviceHostId) {
    this.vertx = vertx;
    this.state = state;
    this.metrics = metrics;
    this.clock = clock;
    this.offlineLimit = offlineLimit;
    this.cloud = cloud;
    this.tokenFile = tokenFile;
    this.serviceHostId = serviceHostId;
  }

  /** Called when the cloud answers again after more than the offline limit of silence. */
  public void onBackAfterLongSilence(Runnable r) {
    backAfterLongSilence = r;
  }

  /** Called when the token is refused or accepted again (the status word changes). */
  public void onStatusChanged(Runnable r) {
    statusChanged = r;
  }

  /** The cloud answered (with anything but a refusal of the token). */
  public void reached() {
    Instant now = clock.instant();
    Instant before = state.lastContactAt();
    state.cloudReachable(true);
    state.lastContactAt(now);
    if (unreachableAlerted) {
      unreachableAlerted = false;
      state.lastError(null);
      LOG.info("the cloud at " + cloud + " answers again");
    }
    if (state.tokenRefused()) {
      state.tokenRefused(false);
      state.lastError(null);
      LOG.info("the cloud at " + cloud + " accepts the host's token again");
      statusChanged.run();
    }
    if (SyncPlan.fullAfterSilence(before, now, offlineLimit)) {
      backAfterLongSilence.run();
    }
  }

  /** A call failed on the network (it may be retried). */
  public void failed() {
    state.cloudReachable(false);
  }

  /** Every retry of {@code what} failed on the network. */
  public void unreachable(String what, Throwable err) {
    state.cloudReachable(false);
    state.lastError(what + ": " + err.getMessage());
    if (!unreachableAlerted) {
      unreachableAlerted = true;
      metrics.alert(HostMetrics.Alert.CLOUD_UNREACHABLE);
      LOG.severe(what + " failed " + (Retrier.MAX_RETRIES + 1) + " times: cannot reach the cloud at " + cloud
          + " (" + err.getMessage() + "). Check the store's internet connection and cloudUrl in the host conf. "
          + "The host keeps serving from its cache and tries again at every heartbeat.");
      publish(HostMetrics.Alert.CLOUD_UNREACHABLE, what + " failed: " + err.getMessage());
    }
  }

  /** The cloud refuses the token (401 or 403): nothing will sync until a person acts. */
  public void refused(String what, CloudClient.AuthRefusedException err) {
    state.cloudReachable(true);
    state.lastContactAt(clock.instant());
    String error = "the cloud refuses this host's token (" + what + ": " + err.getMessage() + "): issue a new token "
        + "for the service host and put it in the token file";
    state.lastError(error);
    if (!state.tokenRefused()) {
      state.tokenRefused(true);
      metrics.alert(HostMetrics.Alert.TOKEN_REFUSED);
      LOG.severe("the cloud at " + cloud + " refuses this host's token (" + err.getMessage() + "). Nothing will sync "
          + "until a valid token is in place: rotate or re-issue the token of service host " + serviceHostId
          + " (POST /api/admin/service-hosts/" + serviceHostId + "/rotate-token on the cloud), write the new token "
          + "to " + tokenFile + " (move the old one to " + tokenFile + ".previous, so the cache is re-keyed) and "
          + "restart the host. Until then the host keeps serving from its cache.");
      publish(HostMetrics.Alert.TOKEN_REFUSED, error);
      statusChanged.run();
    }
  }

  private void publish(HostMetrics.Alert alert, String message) {
    vertx.eventBus().publish(Addresses.HOST_ALERT, new JsonObject().put(ALERT, alert.wireName).put(MESSAGE, message));
  }
}
