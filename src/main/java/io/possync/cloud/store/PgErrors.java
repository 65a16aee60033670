package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.PossyncException;
import io.vertx.pgclient.PgException;

/**
 * The one place a PostgreSQL refusal of a configuration write becomes a domain failure, by SQLSTATE (never by its
 * message): the entity and field come from the error's table, column and constraint, read against the catalog.
 */
public final class PgErrors {

  private PgErrors() {
  }

  /**
   * A write's failure in domain terms. A foreign key violation is a 400 naming the field when the write made a row
   * point at nothing ({@code deleting} false) and a 409 when it removed a row others still point at; a unique
   * violation is a 409; a value the column refuses is a 400; a deadlock or serialization victim is {@code busy}.
   * Anything else (a database that does not answer included: {@link DatabaseHealth} tells that) is returned as it
   * is.
   */
  public static Throwable translate(Throwable err, Catalog catalog, boolean deleting) {
    if (!(err instanceof PgException pg) || pg.getSqlState() == null) {
      return err;
    }
    String state = pg.getSqlState();
    EntityType table = pg.getTable() == null ? null : catalog.byTable(pg.getTable()).orElse(null);
    String where = table == null ? "" : table.key() + ": ";
    String detail = pg.getDetail() == null ? "" : " (" + pg.getDetail() + ")";
    if (state.equals("23503")) {
      Column c = foreignKey(table, pg.getConstraint());
      if (deleting) {
        return PossyncException.conflict("still referenced by " + (table == null ? "another entity" : table.table())
            + (c == null ? "" : "." + c.field()) + detail);
      }
      String field = c == null ? null : c.field();
      return new ValidationException("rejected by the database: " + where
          + (field == null ? "" : "field \"" + field + "\" ") + "references a row that does not exist" + detail, field);
    }
    if (state.equals("23505")) {
      return PossyncException.conflict("rejected by the database: " + where + "a unique value is taken" + detail);
    }
    if (state.startsWith("22") || state.startsWith("23")) { // data exceptions; not-null and check violations
      Column c = table == null || pg.getColumn() == null ? null : table.byName().get(pg.getColumn());
      String field = c == null ? null : c.field();
      return new ValidationException("rejected by the database: " + where
          + (field == null ? "" : "field \"" + field + "\": ") + pg.getErrorMessage() + detail, field);
    }
    if (ChangeLog.retryable(err)) { // what the transaction runner's retries did not get through
      return PossyncException.busy("concurrent writes of the same rows; retry shortly",
          DatabaseHealth.RETRY_AFTER_SECONDS);
    }
    return err;
  }

  /** The column of a foreign key constraint named as PostgreSQL names them ({@code <table>_<column>_fkey}). */
  private static Column foreignKey(EntityType table, String constraint) {
    if (table == null || constraint == null) {
      return null;
    }
    for (Column c : table.columns()) {
      if (c.ref() != null && constraint.equals(table.table() + "_" + c.name() + "_fkey")) {
        return c;
      }
    }
    return null;
  }
}
