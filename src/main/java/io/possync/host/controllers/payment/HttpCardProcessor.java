package io.possync.host.controllers.payment;

import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.function.Supplier;

/**
 * The HTTP processor adapter of POS-API.md section 6: {@code POST {url}/v1/authorizations} with the vault's API key
 * as a bearer token and the payment id as {@code Idempotency-Key}. Connect and answer times are bounded; a refused
 * connection, a timeout or a 5xx is {@link CardProcessor.UnreachableException}. Any other answer that is not a
 * well-formed approval or decline is {@link ProcessorAnswerException}: the outcome is unknown (the card may have been
 * charged), so the caller keeps its intent and asks again under the same key.
 */
public final class HttpCardProcessor implements CardProcessor {

  static final String PATH = "/v1/authorizations";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String AMOUNT_CENTS = "amountCents";
  static final String CURRENCY = "currency";
  static final String CARD = "card";
  static final String ENCRYPTED_DATA = "encryptedData";
  static final String LAST4 = "last4";
  static final String BRAND = "brand";
  static final String STATUS = "status";
  static final String APPROVED = "approved";
  static final String DECLINED = "declined";
  static final String AUTH_CODE = "authCode";
  static final String PROCESSOR_REF = "processorRef";

  private final WebClient client;
  private final Supplier<Vault.Credential> credential;
  private final long timeoutMs;

  /**
   * @param credential the property's credential as the vault gives it now (null: the vault has none for it)
   * @param timeoutMs the most a call may take, connecting included
   */
  public HttpCardProcessor(Vertx vertx, Supplier<Vault.Credential> credential, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) Math.min(timeoutMs,
        Integer.MAX_VALUE)).setIdleTimeout(0).setKeepAlive(true));
    this.credential = credential;
    this.timeoutMs = timeoutMs;
  }

  /** The body of an authorization (the wire form). */
  static JsonObject body(Request r) {
    return new JsonObject().put(AMOUNT_CENTS, r.amountCents()).put(CURRENCY, r.currency())
        .put(CARD, new JsonObject().put(ENCRYPTED_DATA, r.card().encryptedData()).put(LAST4, r.card().last4())
            .put(BRAND, r.card().brand()));
  }

  @Override
  public Future<Answer> authorize(Request r) {
    Vault.Credential c = credential.get();
    if (c == null) {
      return Future.failedFuture(PossyncException.busy("card payments are not set up on this host: the vault has no "
          + "credential for the property's paymentCredentialRef", 60));
    }
    Future<HttpResponse<io.vertx.core.buffer.Buffer>> sent;
    try {
      sent = client.postAbs(c.url() + PATH).timeout(timeoutMs)
          .putHeader("Authorization", "Bearer " + c.apiKey())
          .putHeader(IDEMPOTENCY_KEY, r.paymentId())
          .sendJsonObject(body(r));
    } catch (RuntimeException e) {
      return Future.failedFuture(new UnreachableException("processor URL cannot be used: "
          + e.getClass().getSimpleName()));
    }
    return sent.transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(new UnreachableException("processor unreachable: "
            + ar.cause().getClass().getSimpleName()));
      }
      HttpResponse<io.vertx.core.buffer.Buffer> resp = ar.result();
      if (resp.statusCode() >= 500) {
        return Future.failedFuture(new UnreachableException("processor answered " + resp.statusCode()));
      }
      JsonObject b;
      try {
        b = resp.statusCode() == 200 ? resp.bodyAsJsonObject() : null;
      } catch (RuntimeException e) {
        b = null;
      }
      String status = b == null ? null : b.getValue(STATUS) instanceof String s ? s : null;
      if (APPROVED.equals(status) || DECLINED.equals(status)) {
        return Future.succeededFuture(new Answer(APPROVED.equals(status), text(b, AUTH_CODE),
            text(b, PROCESSOR_REF)));
      }
      return Future.failedFuture(new ProcessorAnswerException("the card processor gave an answer that is neither "
          + "an approval nor a decline (HTTP " + resp.statusCode() + ")"));
    });
  }

  private static String text(JsonObject b, String f) {
    return b.getValue(f) instanceof String s ? s : null;
  }

  /** The processor answered something this adapter cannot read: the outcome is unknown, nothing is added. */
  public static final class ProcessorAnswerException extends PossyncException {
    public ProcessorAnswerException(String message) {
      super(io.possync.core.error.ErrorCode.BUSY, message, null, 30);
    }
  }
}
