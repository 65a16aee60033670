package io.possync.core.caps;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the check logic reads from the applied configuration, as typed records: the one place where CAPS names the
 * synced entities' tables and fields. Built over any source of rows by table (the host's config snapshot, or the
 * cloud's PostgreSQL in GREEN mode). Rows that are inactive are returned too; callers decide (a rung line keeps its
 * item even after the item is deactivated).
 */
public final class PosConfig {

  public record Property(String id, ZoneId zone, LocalTime dayStart, String currency) {
  }

  public record Rvc(String id, String name, List<String> orderTypes, String defaultOrderType, boolean taxInclusive,
                    boolean active) {
  }

  public record MenuItem(String id, String name, String kitchenName, long priceCents, String taxGroupId,
                         String printClassId, boolean active) {
  }

  public record Modifier(String id, String name, String kitchenName, long priceCents, boolean active) {
  }

  public record ModifierGroup(String id, String name, int minSelect, int maxSelect, boolean active) {
  }

  public record TaxGroup(String id, String name, BigDecimal ratePercent, boolean active) {
  }

  public record Tender(String id, String name, String tenderType, boolean opensDrawer, boolean allowsTip,
                       boolean usesProcessor, boolean active) {
    /** The tender type that gives change. */
    public static final String CASH = "cash";
    /** The tender type paid from a gift card's balance. */
    public static final String GIFT_CARD = "gift_card";
  }

  public record Discount(String id, String name, boolean onItem, BigDecimal percent, Long amountCents,
                         String requiredPrivilege, boolean active) {
  }

  public record ServiceCharge(String id, String name, BigDecimal percent, Long amountCents,
                              Integer autoApplyMinGuests, String taxGroupId, boolean active) {
  }

  public record Printer(String id, String name, String host, int port, int lineWidth, String backupPrinterId,
                        boolean active) {
  }

  public record KdsDevice(String id, String name, boolean active) {
  }

  public record Employee(String id, String employeeNumber, String firstName, String lastName, String pinHash,
                         String roleId, boolean active) {
  }

  /** The table of the property's device signing keys. */
  public static final String DEVICE_KEYS = "device_signing_keys";

  private final int version;
  private final Function<String, Map<String, JsonObject>> tables;
  private volatile Map<String, List<JsonObject>> itemGroups;
  private volatile Map<String, List<String>> groupModifiers;

  /** @param tables rows by id of a table (snake_case table name); an empty map when it has none */
  public PosConfig(int version, Function<String, Map<String, JsonObject>> tables) {
    this.version = version;
    this.tables = tables;
  }

  public int version() {
    return version;
  }

  /** Rows of a table by id (snake_case table name). */
  public Map<String, JsonObject> table(String table) {
    return tables.apply(table);
  }

  private Optional<JsonObject> row(String table, String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(tables.apply(table).get(id));
  }

  public Optional<Property> property() {
    return tables.apply("properties").values().stream().findFirst().map(p -> new Property(p.getString("id"),
        ZoneId.of(p.getString("timezone")), LocalTime.parse(p.getString("dayStartTime")), p.getString("currency")));
  }

  /** The vault entry of the property's card processor ({@code paymentCredentialRef}), or null. */
  public String paymentCredentialRef() {
    return tables.apply("properties").values().stream().findFirst().map(p -> p.getString("paymentCredentialRef"))
        .orElse(null);
  }

  /** The property's name (for receipts), or an empty text. */
  public String propertyName() {
    return tables.apply("properties").values().stream().findFirst().map(p -> p.getString("name", "")).orElse("");
  }

  public Optional<Rvc> rvc(String id) {
    return row("rvcs", id).map(r -> new Rvc(r.getString("id"), r.getString("name"),
        strings(r.getJsonArray("orderTypes")), r.getString("defaultOrderType"), r.getBoolean("taxInclusive", false),
        r.getBoolean("active", false)));
  }

  public Optional<MenuItem> menuItem(String id) {
    return row("menu_items", id).map(r -> new MenuItem(r.getString("id"), r.getString("name"),
        r.getString("kitchenName", r.getString("name")), r.getLong("priceCents"), r.getString("taxGroupId"),
        r.getString("printClassId"), r.getBoolean("active", false)));
  }

  public Optional<Modifier> modifier(String id) {
    return row("modifiers", id).map(r -> new Modifier(r.getString("id"), r.getString("name"),
        r.getString("kitchenName", r.getString("name")), r.getLong("priceCents", 0L), r.getBoolean("active", false)));
  }

  public Optional<TaxGroup> taxGroup(String id) {
    return row("tax_groups", id).map(r -> new TaxGroup(r.getString("id"), r.getString("name"),
        decimal(r.getValue("ratePercent")), r.getBoolean("active", false)));
  }

  public Optional<Tender> tender(String id) {
    return row("tenders", id).map(r -> new Tender(r.getString("id"), r.getString("name"), r.getString("tenderType"),
        r.getBoolean("opensDrawer", false), r.getBoolean("allowsTip", false), r.getBoolean("usesProcessor", false),
        r.getBoolean("active", false)));
  }

  public Optional<Discount> discount(String id) {
    return row("discounts", id).map(r -> new Discount(r.getString("id"), r.getString("name"),
        "item".equals(r.getString("appliesTo")), decimal(r.getValue("percent")), r.getLong("amountCents"),
        r.getString("requiredPrivilege"), r.getBoolean("active", false)));
  }

  public Optional<ServiceCharge> serviceCharge(String id) {
    return row("service_charges", id).map(PosConfig::serviceCharge);
  }

  /** A service charge; its tax group only when it is {@code taxable} (POS-API.md section 4: untaxed otherwise). */
  private static ServiceCharge serviceCharge(JsonObject r) {
    return new ServiceCharge(r.getString("id"), r.getString("name"), decimal(r.getValue("percent")),
        r.getLong("amountCents"), r.getInteger("autoApplyMinGuests"),
        r.getBoolean("taxable", false) ? r.getString("taxGroupId") : null, r.getBoolean("active", false));
  }

  /** Active service charges that apply by themselves at a guest count, in name order. */
  public List<ServiceCharge> autoServiceCharges() {
    return tables.apply("service_charges").values().stream().map(PosConfig::serviceCharge)
        .filter(s -> s.active() && s.autoApplyMinGuests() != null)
        .sorted(Comparator.comparing(ServiceCharge::name).thenComparing(ServiceCharge::id)).toList();
  }

  public Optional<Employee> employee(String id) {
    return row("employees", id).map(PosConfig::employee);
  }

  public Optional<Employee> employeeByNumber(String number) {
    return tables.apply("employees").values().stream().filter(r -> number.equals(r.getString("employeeNumber")))
        .findFirst().map(PosConfig::employee);
  }

  private static Employee employee(JsonObject r) {
    return new Employee(r.getString("id"), r.getString("employeeNumber"), r.getString("firstName"),
        r.getString("lastName"), r.getString("pinHash"), r.getString("roleId"), r.getBoolean("active", false));
  }

  public Optional<Printer> printer(String id) {
    return row("printers", id).map(r -> new Printer(r.getString("id"), r.getString("name"), r.getString("host"),
        r.getInteger("port", 9100), r.getInteger("lineWidth", 42), r.getString("backupPrinterId"),
        r.getBoolean("active", false)));
  }

  public Optional<KdsDevice> kdsDevice(String id) {
    return row("kds_devices", id).map(r -> new KdsDevice(r.getString("id"), r.getString("name"),
        r.getBoolean("active", false)));
  }

  /** The workstation's receipt printer id, or null. */
  public String receiptPrinterOf(String workstationId) {
    return row("workstations", workstationId).map(r -> r.getString("receiptPrinterId")).orElse(null);
  }

  /**
   * The active order devices a print class goes to in a revenue center ({@code printClassRouting}), each with its
   * printers and KDS displays (ids, active ones only).
   */
  public List<OrderDevice> route(String rvcId, String printClassId) {
    List<OrderDevice> out = new ArrayList<>();
    if (rvcId == null || printClassId == null) {
      return out;
    }
    tables.apply("print_class_routing").values().stream()
        .filter(r -> rvcId.equals(r.getString("rvcId")) && printClassId.equals(r.getString("printClassId")))
        .map(r -> r.getString("orderDeviceId")).distinct().sorted()
        .forEach(od -> row("order_devices", od).filter(d -> d.getBoolean("active", false)).ifPresent(d -> {
          List<String> printers = tables.apply("order_device_printers").values().stream()
              .filter(x -> od.equals(x.getString("orderDeviceId"))).map(x -> x.getString("printerId"))
              .filter(p -> printer(p).map(Printer::active).orElse(false)).sorted().toList();
          List<String> kds = tables.apply("order_device_kds").values().stream()
              .filter(x -> od.equals(x.getString("orderDeviceId"))).map(x -> x.getString("kdsDeviceId"))
              .filter(k -> kdsDevice(k).map(KdsDevice::active).orElse(false)).sorted().toList();
          out.add(new OrderDevice(od, d.getString("name"), printers, kds));
        }));
    return out;
  }

  /** An order device as routing reaches it. */
  public record OrderDevice(String id, String name, List<String> printerIds, List<String> kdsDeviceIds) {
  }

  /** The active device signing keys' public halves (the private halves never leave the cloud). */
  public List<io.possync.core.auth.DeviceTokens.VerifyingKey> deviceKeys() {
    return tables.apply(DEVICE_KEYS).values().stream().filter(r -> r.getBoolean("active", false))
        .map(r -> new io.possync.core.auth.DeviceTokens.VerifyingKey(r.getString("id"), r.getString("publicKey")))
        .sorted(Comparator.comparing(io.possync.core.auth.DeviceTokens.VerifyingKey::keyId)).toList();
  }

  /** Whether a workstation or KDS device of this id is in the configuration and active. */
  public boolean deviceActive(String deviceId) {
    return row("workstations", deviceId).or(() -> row("kds_devices", deviceId))
        .map(r -> r.getBoolean("active", false)).orElse(false);
  }

  /** "workstation" or "kds" for an active device of the configuration, or null. */
  public String deviceType(String deviceId) {
    if (row("workstations", deviceId).map(r -> r.getBoolean("active", false)).orElse(false)) {
      return "workstation";
    }
    return row("kds_devices", deviceId).map(r -> r.getBoolean("active", false)).orElse(false) ? "kds" : null;
  }

  /** The privilege codes of an active role; empty for an unknown or inactive one. */
  public List<String> privileges(String roleId) {
    return row("roles", roleId).filter(r -> r.getBoolean("active", false))
        .map(r -> strings(r.getJsonArray("privilegeCodes"))).orElse(List.of());
  }

  /** The active modifier groups of a menu item, each with the ids of its modifiers, in sort order. */
  public List<ModifierGroupOf> modifierGroupsOf(String menuItemId) {
    Map<String, List<JsonObject>> byItem = itemGroups;
    Map<String, List<String>> byGroup = groupModifiers;
    if (byItem == null) {
      // Indexed once per configuration: ringing a line looks up links among thousands of rows.
      Map<String, List<JsonObject>> items = new HashMap<>();
      tables.apply("menu_item_modifier_groups").values()
          .forEach(l -> items.computeIfAbsent(l.getString("menuItemId"), k -> new ArrayList<>()).add(l));
      items.values().forEach(l -> l.sort(Comparator.comparing((JsonObject x) -> x.getInteger("sortOrder", 0))
          .thenComparing(x -> x.getString("id"))));
      Map<String, List<String>> groups = new HashMap<>();
      tables.apply("modifier_group_modifiers").values().stream()
          .sorted(Comparator.comparing((JsonObject x) -> x.getInteger("sortOrder", 0)).thenComparing(x -> x.getString("id")))
          .forEach(m -> groups.computeIfAbsent(m.getString("modifierGroupId"), k -> new ArrayList<>())
              .add(m.getString("modifierId")));
      groupModifiers = byGroup = groups;
      itemGroups = byItem = items;
    }
    List<ModifierGroupOf> out = new ArrayList<>();
    for (JsonObject l : byItem.getOrDefault(menuItemId, List.of())) {
      JsonObject g = tables.apply("modifier_groups").get(l.getString("modifierGroupId"));
      if (g != null && g.getBoolean("active", false)) {
        out.add(new ModifierGroupOf(new ModifierGroup(g.getString("id"), g.getString("name"),
            g.getInteger("minSelect", 0), g.getInteger("maxSelect", Integer.MAX_VALUE), true),
            byGroup.getOrDefault(g.getString("id"), List.of())));
      }
    }
    return out;
  }

  /** A modifier group as a menu item offers it. */
  public record ModifierGroupOf(ModifierGroup group, List<String> modifierIds) {
  }

  private static List<String> strings(JsonArray a) {
    return a == null ? List.of() : a.stream().map(String::valueOf).toList();
  }

  private static BigDecimal decimal(Object v) {
    return v == null ? null : new BigDecimal(v.toString());
  }
}
