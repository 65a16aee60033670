package io.possync.core.catalog;

/** Which properties a row reaches. */
public enum Scope {
  /** The row's property only. */
  PROPERTY,
  /** Every property of the row's enterprise (a row with a property column set reaches that property only). */
  ENTERPRISE,
  /** Every property. */
  GLOBAL
}
