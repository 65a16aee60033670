package io.possync.core.catalog;

import java.util.List;
import java.util.Set;

/**
 * What the code relies on, checked when the catalog loads: one property root and at most one enterprise root, scope
 * columns that exist and point at the roots, import modes that fit the scope, feature flags that are boolean columns
 * of the property root, an active column where urgency depends on one, and shared rows that reference only rows
 * shared at least as widely. Each refusal names the entity and the
 * attribute.
 */
final class CatalogRules {

  private static final Set<String> URGENCY = Set.of("always", "deactivate", "never");

  private CatalogRules() {
  }

  static void check(List<EntityType> entities) {
    List<EntityType> propertyRoots = entities.stream().filter(e -> e.root() == EntityType.Root.PROPERTY).toList();
    List<EntityType> enterpriseRoots = entities.stream().filter(e -> e.root() == EntityType.Root.ENTERPRISE).toList();
    if (propertyRoots.size() != 1) {
      throw new IllegalStateException("catalog: exactly one entity must say \"root\": \"property\" (found "
          + propertyRoots.stream().map(EntityType::table).toList() + ")");
    }
    if (enterpriseRoots.size() > 1) {
      throw new IllegalStateException("catalog: at most one entity may say \"root\": \"enterprise\" (found "
          + enterpriseRoots.stream().map(EntityType::table).toList() + ")");
    }
    EntityType property = propertyRoots.get(0);
    EntityType enterprise = enterpriseRoots.isEmpty() ? null : enterpriseRoots.get(0);
    java.util.Map<String, EntityType> byTable = new java.util.HashMap<>();
    entities.forEach(e -> byTable.put(e.table(), e));
    for (EntityType e : entities) {
      scope(e, property, enterprise);
      sharedReferences(e, byTable);
      imports(e);
      urgency(e);
      if (e.featureFlag() != null) {
        Column flag = property.byName().get(e.featureFlag());
        if (flag == null || flag.type() != ColumnType.BOOL) {
          throw fail(e, "featureFlag", "\"" + e.featureFlag() + "\" must be a bool column of " + property.table());
        }
      }
    }
  }

  private static void scope(EntityType e, EntityType property, EntityType enterprise) {
    String pc = e.propertyColumn();
    String ec = e.enterpriseColumn();
    column(e, "propertyColumn", pc);
    column(e, "enterpriseColumn", ec);
    if (e.isRoot()) {
      boolean isProperty = e.root() == EntityType.Root.PROPERTY;
      Scope want = isProperty ? Scope.PROPERTY : Scope.ENTERPRISE;
      String idAttribute = isProperty ? "propertyColumn" : "enterpriseColumn";
      if (!e.single() || e.scope() != want || !"id".equals(isProperty ? pc : ec)) {
        throw fail(e, "root", "a " + want.name().toLowerCase() + " root must be single, have scope \""
            + want.name().toLowerCase() + "\" and \"" + idAttribute + "\": \"id\"");
      }
    } else if ("id".equals(pc) || "id".equals(ec)) {
      throw fail(e, "id".equals(pc) ? "propertyColumn" : "enterpriseColumn", "only a root names its owner by its id");
    }
    if (e.root() == EntityType.Root.PROPERTY) {
      if (enterprise != null) {
        references(e, "enterpriseColumn", ec, enterprise);
      } else if (ec != null) {
        throw fail(e, "enterpriseColumn", "there is no enterprise root for it to name");
      }
      return;
    }
    switch (e.scope()) {
      case PROPERTY -> {
        if (pc == null || ec != null) {
          throw fail(e, "scope", "a property-scoped entity needs a propertyColumn and no enterpriseColumn");
        }
        references(e, "propertyColumn", pc, property);
      }
      case ENTERPRISE -> {
        if (enterprise == null || ec == null) {
          throw fail(e, "scope", "an enterprise-scoped entity needs an enterprise root and an enterpriseColumn");
        }
        if (!e.isRoot()) {
          references(e, "enterpriseColumn", ec, enterprise);
        }
        if (pc != null) {
          references(e, "propertyColumn", pc, property);
        }
      }
      case GLOBAL -> {
        if (pc != null || ec != null) {
          throw fail(e, "scope", "a global entity has no propertyColumn and no enterpriseColumn");
        }
      }
    }
  }

  /**
   * A row that reaches several properties (enterprise-wide or global) references only rows that reach at least as
   * far (other than through its owner columns): else it would point at a row most properties it reaches never see.
   * An enterprise-wide row may reference enterprise-wide and global rows, a global row only global ones.
   */
  private static void sharedReferences(EntityType e, java.util.Map<String, EntityType> byTable) {
    if (e.scope() == Scope.PROPERTY) {
      return;
    }
    for (Column c : e.columns()) {
      if (c.ref() == null || c.name().equals(e.propertyColumn()) || c.name().equals(e.enterpriseColumn())) {
        continue;
      }
      EntityType target = byTable.get(c.ref());
      boolean fits = target != null && (target.scope() == Scope.GLOBAL
          || (e.scope() == Scope.ENTERPRISE && target.scope() == Scope.ENTERPRISE));
      if (!fits) {
        throw fail(e, "ref", "of column " + c.name() + " names " + c.ref() + ": a " + e.scope().name().toLowerCase()
            + "-scoped row may reference only " + (e.scope() == Scope.GLOBAL ? "global" : "enterprise or global")
            + " rows (besides its owner columns)");
      }
    }
  }

  private static void imports(EntityType e) {
    if (e.upsertOnImport()) {
      return;
    }
    if (!e.propertyOwned()) {
      throw fail(e, "import", "its rows are not one property's (a root, or shared with other properties): an "
          + "import must not delete them, so it needs \"import\": \"upsert\"");
    }
    if (!e.secretColumns().isEmpty()) {
      throw fail(e, "import", "it holds secret columns a file never carries, so it needs \"import\": \"upsert\"");
    }
  }

  private static void urgency(EntityType e) {
    if (!URGENCY.contains(e.urgent())) {
      throw fail(e, "urgent", "\"" + e.urgent() + "\" must be one of " + URGENCY);
    }
    boolean deactivate = e.urgent().equals("deactivate");
    if (deactivate != (e.activeColumn() != null)) {
      throw fail(e, "activeColumn", "is required with \"urgent\": \"deactivate\" and only then");
    }
    if (deactivate) {
      Column c = e.byName().get(e.activeColumn());
      if (c == null || c.type() != ColumnType.BOOL) {
        throw fail(e, "activeColumn", "\"" + e.activeColumn() + "\" must be a bool column of " + e.table());
      }
    }
  }

  private static void column(EntityType e, String attribute, String name) {
    if (name != null && !e.byName().containsKey(name)) {
      throw fail(e, attribute, "\"" + name + "\" is not a column of " + e.table());
    }
  }

  private static void references(EntityType e, String attribute, String name, EntityType root) {
    if (name == null || !root.table().equals(e.byName().get(name).ref())) {
      throw fail(e, attribute, (name == null ? "is required" : "\"" + name + "\" must reference " + root.table())
          + " (the " + root.root().name().toLowerCase() + " root)");
    }
  }

  private static IllegalStateException fail(EntityType e, String attribute, String problem) {
    return new IllegalStateException("catalog: " + e.table() + ": \"" + attribute + "\" " + problem);
  }
}
