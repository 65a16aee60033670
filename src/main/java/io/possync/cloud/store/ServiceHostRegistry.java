package io.possync.cloud.store;

import io.possync.core.catalog.ValidationException;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Registers service hosts and issues their tokens; the token is returned once and stored only as SHA-256. */
public final class ServiceHostRegistry {

  public record Registration(UUID serviceHostId, UUID propertyId, String token) {
  }

  /** Fails with a not-found {@link PossyncException} when the property does not exist. */
  public Future<Registration> register(Pool pool, UUID propertyId, String name) {
    if (name == null || name.isBlank()) {
      return Future.failedFuture(new ValidationException("a service host needs a name", "name"));
    }
    UUID id = UUID.randomUUID();
    String token = Tokens.generate();
    return ChangeLog.inTransaction(pool, conn -> ChangeLog.lockReach(conn, propertyId, ChangeLog.Reach.PROPERTY, null)
        .compose(v -> conn.preparedQuery("SELECT 1 FROM properties WHERE id = $1").execute(Tuple.of(propertyId)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(PossyncException.notFound("no property " + propertyId))
            : conn.preparedQuery("INSERT INTO service_hosts (id, property_id, name, services, auth_token, active) "
                    + "VALUES ($1, $2, $3, '{caps,print,kds,payment}', $4, true)")
                .execute(Tuple.of(id, propertyId, name.trim(), Tokens.sha256Hex(token))))
        .map(v -> new Registration(id, propertyId, token)));
  }

  /** Issues a new token for a host; the old one stops working at commit. */
  public Future<String> rotate(Pool pool, UUID serviceHostId) {
    String token = Tokens.generate();
    return pool.preparedQuery("UPDATE service_hosts SET auth_token = $2 WHERE id = $1")
        .execute(Tuple.of(serviceHostId, Tokens.sha256Hex(token)))
        .compose(r -> r.rowCount() == 1 ? Future.succeededFuture(token)
            : Future.failedFuture(PossyncException.notFound("no service host " + serviceHostId)));
  }
}
