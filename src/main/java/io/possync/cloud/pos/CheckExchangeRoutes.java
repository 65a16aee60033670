package io.possync.cloud.pos;

import io.possync.cloud.sync.HostAuth;
import io.possync.cloud.sync.SyncRoutes;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.possync.core.wire.CheckExchange;
import io.vertx.ext.web.Router;

/** {@code POST /api/sync/checks}: a service host exchanges its checks with the cloud ({@link CheckMerger}). */
public final class CheckExchangeRoutes {

  private final HostAuth auth;
  private final CheckMerger merger;

  public CheckExchangeRoutes(HostAuth auth, CheckMerger merger) {
    this.auth = auth;
    this.merger = merger;
  }

  /** @param maxBytes the node's ceiling for any body */
  public void mount(Router router, int maxBytes) {
    router.post(CheckExchange.PATH).handler(SyncRoutes.bodyLimit(SyncRoutes.TRANSACTIONS_MAX_BYTES, maxBytes))
        .handler(ctx -> auth.authenticate(ctx.request()).compose(host -> {
          CheckExchange request;
          try {
            request = CheckExchange.fromJson(HttpErrors.jsonBody(ctx));
          } catch (IllegalArgumentException e) {
            throw PossyncException.invalid(e.getMessage());
          }
          return merger.exchange(host.propertyId(), request);
        }).onSuccess(answer -> ctx.json(answer.toJson())).onFailure(err -> HttpErrors.fail(ctx, err)));
  }
}
