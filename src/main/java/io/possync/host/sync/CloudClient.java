package io.possync.host.sync;

import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.UUID;

/** The host's calls to the cloud sync API. Failures come back typed, so the sync manager can tell them apart. */
public final class CloudClient {

  /** The cloud could not be reached or did not answer in time: retried with backoff. */
  public static final class NetworkException extends RuntimeException {
    public NetworkException(String message) {
      super(message, null, false, false);
    }
  }

  /** The cloud answered something that is not a usable answer: logged, reported, skipped. */
  public static final class InvalidResponseException extends RuntimeException {
    public InvalidResponseException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * 401 or 403: the cloud refuses this host's token (rotated, host deactivated, or another property's token). Not
   * retried with backoff: nothing changes until a person issues a token and puts it in the token file.
   */
  public static final class AuthRefusedException extends RuntimeException {
    public final int status;

    public AuthRefusedException(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** 410: the history needed for a delta is gone; a full sync is required. */
  public static final class FullSyncRequiredException extends RuntimeException {
    public final String reason;

    public FullSyncRequiredException(String reason) {
      super("full sync required: " + reason, null, false, false);
      this.reason = reason;
    }
  }

  private final WebClient web;
  private final URI base;
  private final UUID serviceHostId;
  private volatile String token;

  public CloudClient(Vertx vertx, String cloudUrl, UUID serviceHostId, String token, int timeoutMs) {
    this.base = URI.create(cloudUrl.endsWith("/") ? cloudUrl.substring(0, cloudUrl.length() - 1) : cloudUrl);
    boolean tls = base.getScheme().equals("https");
    this.web = WebClient.create(vertx, new WebClientOptions().setSsl(tls).setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs / 1000 + 1).setDecompressionSupported(true).setKeepAlive(true));
    this.serviceHostId = serviceHostId;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  private final int timeoutMs;

  public URI base() {
    return base;
  }

  public String token() {
    return token;
  }

  private int port() {
    return base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
  }

  public Future<JsonObject> heartbeat(JsonObject body) {
    return web.post(port(), base.getHost(), "/api/service-hosts/" + serviceHostId + "/heartbeat")
        .bearerTokenAuthentication(token).timeout(timeoutMs).sendJsonObject(body)
        .transform(ar -> answer(ar.succeeded() ? ar.result() : null, ar.cause(), false));
  }

  public Future<JsonObject> uploadTransactions(JsonObject batch) {
    return web.post(port(), base.getHost(), "/api/sync/transactions").bearerTokenAuthentication(token)
        .timeout(timeoutMs).sendJsonObject(batch)
        .transform(ar -> answer(ar.succeeded() ? ar.result() : null, ar.cause(), false));
  }

  /** {@code POST /api/sync/checks}: the check exchange of GREEN mode's merge. */
  public Future<JsonObject> exchangeChecks(JsonObject request) {
    return web.post(port(), base.getHost(), io.possync.core.wire.CheckExchange.PATH).bearerTokenAuthentication(token)
        .timeout(timeoutMs).sendJsonObject(request)
        .transform(ar -> answer(ar.succeeded() ? ar.result() : null, ar.cause(), false));
  }

  public Future<JsonObject> full() {
    return web.get(port(), base.getHost(), "/api/sync/config/full").bearerTokenAuthentication(token)
        .timeout(timeoutMs * 4L).send()
        .transform(ar -> answer(ar.succeeded() ? ar.result() : null, ar.cause(), false));
  }

  public Future<JsonObject> delta(int since) {
    return web.get(port(), base.getHost(), "/api/sync/config/delta").addQueryParam("since", String.valueOf(since))
        .bearerTokenAuthentication(token).timeout(timeoutMs).send()
        .transform(ar -> answer(ar.succeeded() ? ar.result() : null, ar.cause(), true));
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> res, Throwable err, boolean delta) {
    if (res == null) {
      return Future.failedFuture(new NetworkException(err == null ? "no answer" : err.getMessage()));
    }
    if (res.statusCode() == 401 || res.statusCode() == 403) {
      return Future.failedFuture(new AuthRefusedException(res.statusCode(), "the cloud answered " + res.statusCode()
          + " (" + (res.statusCode() == 401 ? "token not accepted" : "token not allowed here") + ")"));
    }
    JsonObject body;
    try {
      Buffer b = res.body();
      body = b == null ? null : new JsonObject(b);
    } catch (DecodeException | ClassCastException e) {
      if (res.statusCode() >= 500) {
        return Future.failedFuture(new NetworkException("cloud answered " + res.statusCode()));
      }
      return Future.failedFuture(new InvalidResponseException("the cloud's answer is not valid JSON (status "
          + res.statusCode() + ")"));
    }
    if (res.statusCode() == 410 && delta) {
      return Future.failedFuture(new FullSyncRequiredException(body == null ? "?" : body.getString(Wire.REASON)));
    }
    if (res.statusCode() == 429 || res.statusCode() >= 500) {
      return Future.failedFuture(new NetworkException("cloud answered " + res.statusCode()));
    }
    if (res.statusCode() != 200 || body == null) {
      return Future.failedFuture(new InvalidResponseException("cloud answered " + res.statusCode()
          + (body == null ? "" : ": " + body.getString(Wire.MESSAGE))));
    }
    return Future.succeededFuture(body);
  }

  public void close() {
    web.close();
  }
}
