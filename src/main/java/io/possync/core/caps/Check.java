package io.possync.core.caps;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A check (POS-API.md section 3) as an immutable value: what was rung, with the names and prices it was rung with,
 * and its money computed by {@link Totals}. Every change makes a new Check with the next revision. {@link #toJson()}
 * is the wire form and the stored form; the fields after the contract's (tax rates, kitchen names, print classes)
 * keep the check reproducible without the configuration it was rung under.
 */
public record Check(String id, int number, String rvcId, String orderType, int guestCount, String tableName,
                    String status, String employeeId, String workstationId, LocalDate businessDate, Instant openedAt,
                    Instant closedAt, int revision, boolean taxInclusive, List<Line> lines,
                    List<AppliedDiscount> discounts, List<AppliedServiceCharge> serviceCharges, List<Payment> payments,
                    Map<String, String> taxNames, Totals.Result totals) {

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";
  public static final String VOIDED = "voided";

  public static final String PENDING = "pending";
  public static final String SENT = "sent";

  public static final String APPROVED = "approved";
  public static final String STORED = "stored";
  public static final String DECLINED = "declined";

  /** A modifier as rung on a line. */
  public record LineModifier(String modifierId, String name, String kitchenName, long priceCents) {
  }

  /** A rung line; {@code taxRatePercent} is the rate in force when it was rung (null: untaxed). */
  public record Line(String id, String menuItemId, String name, String kitchenName, String printClassId, int quantity,
                     long unitPriceCents, List<LineModifier> modifiers, String taxGroupId, BigDecimal taxRatePercent,
                     String status, String voidReason) {

    public long modifierCents() {
      long m = 0;
      for (LineModifier x : modifiers) {
        m = Math.addExact(m, x.priceCents());
      }
      return m;
    }

    public boolean voided() {
      return VOIDED.equals(status);
    }

    Line withStatus(String s, String reason) {
      return new Line(id, menuItemId, name, kitchenName, printClassId, quantity, unitPriceCents, modifiers, taxGroupId,
          taxRatePercent, s, reason);
    }
  }

  /** A discount on the check ({@code lineId} null) or on a line, with its terms as applied. */
  public record AppliedDiscount(String id, String discountId, String name, String lineId, BigDecimal percent,
                                Long amountCents) {
  }

  /** A service charge with its terms as applied; {@code auto} when the guest count brought it. */
  public record AppliedServiceCharge(String id, String serviceChargeId, String name, BigDecimal percent,
                                     Long amountCents, String taxGroupId, BigDecimal taxRatePercent, boolean auto) {
  }

  /** A payment; the host never holds a card number: only what the terminal and processor give back. */
  public record Payment(String id, String tenderId, String tenderType, long amountCents, long tipCents, String status,
                        String last4, String brand, String authCode, Instant at, String giftCardId) {

    /** The id of the synced gift card that paid ({@code giftCards}), on a gift card payment; else null. */
    public static final String GIFT_CARD_ID = "giftCardId";

    /** A payment by anything but a gift card. */
    public Payment(String id, String tenderId, String tenderType, long amountCents, long tipCents, String status,
                   String last4, String brand, String authCode, Instant at) {
      this(id, tenderId, tenderType, amountCents, tipCents, status, last4, brand, authCode, at, null);
    }

    /** Counts towards what is paid (approved or stored; declined ones count nowhere). */
    public boolean counts() {
      return APPROVED.equals(status) || STORED.equals(status);
    }
  }

  public boolean isOpen() {
    return OPEN.equals(status);
  }

  /** The same check with the number its store gave it. */
  public Check withNumber(int n) {
    return new Check(id, n, rvcId, orderType, guestCount, tableName, status, employeeId, workstationId, businessDate,
        openedAt, closedAt, revision, taxInclusive, lines, discounts, serviceCharges, payments, taxNames, totals);
  }

  /** The same check at another revision (a merge gives the state that stays a revision past both sides'). */
  public Check withRevision(int r) {
    return new Check(id, number, rvcId, orderType, guestCount, tableName, status, employeeId, workstationId, businessDate,
        openedAt, closedAt, r, taxInclusive, lines, discounts, serviceCharges, payments, taxNames, totals);
  }

  /** The same check with its money computed again from what is on it. */
  public Check recomputed() {
    List<Totals.Line> tl = new ArrayList<>();
    Map<String, Totals.TaxRate> rates = new LinkedHashMap<>();
    for (Line l : lines) {
      tl.add(new Totals.Line(l.id(), l.quantity(), l.unitPriceCents(), l.modifierCents(),
          l.taxRatePercent() == null ? null : l.taxGroupId(), l.voided()));
      if (l.taxRatePercent() != null && !l.voided()) {
        rates.putIfAbsent(l.taxGroupId(), new Totals.TaxRate(l.taxGroupId(), l.taxRatePercent()));
      }
    }
    List<Totals.Discount> td = discounts.stream()
        .map(d -> new Totals.Discount(d.id(), d.lineId(), d.percent(), d.amountCents())).toList();
    List<Totals.ServiceCharge> ts = new ArrayList<>();
    for (AppliedServiceCharge s : serviceCharges) {
      String group = s.taxRatePercent() == null ? null : s.taxGroupId();
      ts.add(new Totals.ServiceCharge(s.id(), s.percent(), s.amountCents(), group));
      if (group != null) {
        rates.putIfAbsent(group, new Totals.TaxRate(group, s.taxRatePercent()));
      }
    }
    long paid = 0;
    for (Payment p : payments) {
      if (p.counts()) {
        paid = Math.addExact(paid, p.amountCents());
      }
    }
    Totals.Result r = Totals.compute(tl, td, ts, rates, taxInclusive, paid);
    return new Check(id, number, rvcId, orderType, guestCount, tableName, status, employeeId, workstationId,
        businessDate, openedAt, closedAt, revision, taxInclusive, lines, discounts, serviceCharges, payments, taxNames,
        r);
  }

  /** A builder-style copy: the next revision of this check with some parts replaced. */
  public Change change() {
    return new Change(this);
  }

  /** Copies a check with parts replaced; {@link #done()} bumps the revision and recomputes the money. */
  public static final class Change {
    private final Check c;
    private int guestCount;
    private String status;
    private Instant closedAt;
    private List<Line> lines;
    private List<AppliedDiscount> discounts;
    private List<AppliedServiceCharge> serviceCharges;
    private List<Payment> payments;
    private Map<String, String> taxNames;

    Change(Check c) {
      this.c = c;
      this.guestCount = c.guestCount;
      this.status = c.status;
      this.closedAt = c.closedAt;
      this.lines = c.lines;
      this.discounts = c.discounts;
      this.serviceCharges = c.serviceCharges;
      this.payments = c.payments;
      this.taxNames = c.taxNames;
    }

    public Change status(String s, Instant at) {
      this.status = s;
      this.closedAt = at;
      return this;
    }

    public Change lines(List<Line> l) {
      this.lines = List.copyOf(l);
      return this;
    }

    public Change discounts(List<AppliedDiscount> d) {
      this.discounts = List.copyOf(d);
      return this;
    }

    public Change serviceCharges(List<AppliedServiceCharge> s) {
      this.serviceCharges = List.copyOf(s);
      return this;
    }

    public Change payments(List<Payment> p) {
      this.payments = List.copyOf(p);
      return this;
    }

    public Change taxName(String groupId, String name) {
      if (groupId != null && name != null && !name.equals(taxNames.get(groupId))) {
        Map<String, String> m = new LinkedHashMap<>(taxNames);
        m.put(groupId, name);
        this.taxNames = Map.copyOf(m);
      }
      return this;
    }

    public Check done() {
      return new Check(c.id, c.number, c.rvcId, c.orderType, guestCount, c.tableName, status, c.employeeId,
          c.workstationId, c.businessDate, c.openedAt, closedAt, c.revision + 1, c.taxInclusive, lines, discounts,
          serviceCharges, payments, taxNames, c.totals).recomputed();
    }
  }

  // ---- JSON: the wire and stored form ----

  public JsonObject toJson() {
    JsonArray ls = new JsonArray();
    for (Line l : lines) {
      JsonArray mods = new JsonArray();
      l.modifiers().forEach(m -> mods.add(new JsonObject().put("modifierId", m.modifierId()).put("name", m.name())
          .put("kitchenName", m.kitchenName()).put("priceCents", m.priceCents())));
      ls.add(new JsonObject().put("id", l.id()).put("menuItemId", l.menuItemId()).put("name", l.name())
          .put("kitchenName", l.kitchenName()).put("printClassId", l.printClassId()).put("quantity", l.quantity())
          .put("unitPriceCents", l.unitPriceCents()).put("modifiers", mods)
          .put("amountCents", totals.lineAmounts().getOrDefault(l.id(), 0L)).put("status", l.status())
          .put("voidReason", l.voidReason()).put("taxGroupId", l.taxGroupId())
          .put("taxRatePercent", plain(l.taxRatePercent())));
    }
    JsonArray ds = new JsonArray();
    discounts.forEach(d -> ds.add(new JsonObject().put("id", d.id()).put("discountId", d.discountId())
        .put("name", d.name()).put("lineId", d.lineId())
        .put("amountCents", totals.discountAmounts().getOrDefault(d.id(), 0L))
        .put("percent", plain(d.percent())).put("fixedAmountCents", d.amountCents())));
    JsonArray ss = new JsonArray();
    serviceCharges.forEach(s -> ss.add(new JsonObject().put("id", s.id()).put("serviceChargeId", s.serviceChargeId())
        .put("name", s.name()).put("amountCents", totals.serviceChargeAmounts().getOrDefault(s.id(), 0L))
        .put("auto", s.auto()).put("percent", plain(s.percent())).put("fixedAmountCents", s.amountCents())
        .put("taxGroupId", s.taxGroupId()).put("taxRatePercent", plain(s.taxRatePercent()))));
    JsonArray tx = new JsonArray();
    totals.taxByGroup().forEach((g, a) -> tx.add(new JsonObject().put("taxGroupId", g)
        .put("name", taxNames.getOrDefault(g, g)).put("amountCents", a)));
    JsonArray ps = new JsonArray();
    payments.forEach(p -> ps.add(new JsonObject().put("id", p.id()).put("tenderId", p.tenderId())
        .put("tenderType", p.tenderType()).put("amountCents", p.amountCents()).put("tipCents", p.tipCents())
        .put("status", p.status()).put("last4", p.last4()).put("brand", p.brand()).put("authCode", p.authCode())
        .put("at", p.at() == null ? null : p.at().toString()).put(Payment.GIFT_CARD_ID, p.giftCardId())));
    return new JsonObject().put("id", id).put("number", number).put("rvcId", rvcId).put("orderType", orderType)
        .put("guestCount", guestCount).put("tableName", tableName).put("status", status)
        .put("employeeId", employeeId).put("workstationId", workstationId)
        .put("businessDate", businessDate.toString()).put("openedAt", openedAt.toString())
        .put("closedAt", closedAt == null ? null : closedAt.toString()).put("revision", revision)
        .put("taxInclusive", taxInclusive)
        .put("lines", ls).put("discounts", ds).put("serviceCharges", ss).put("taxes", tx).put("payments", ps)
        .put("subtotalCents", totals.subtotalCents()).put("discountTotalCents", totals.discountTotalCents())
        .put("serviceChargeTotalCents", totals.serviceChargeTotalCents()).put("taxTotalCents", totals.taxTotalCents())
        .put("totalCents", totals.totalCents()).put("paidCents", totals.paidCents())
        .put("balanceDueCents", totals.balanceDueCents()).put("changeDueCents", totals.changeDueCents());
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  private static BigDecimal decimal(Object v) {
    return v == null ? null : new BigDecimal(v.toString());
  }

  private static <T> List<T> list(JsonArray a, Function<JsonObject, T> f) {
    List<T> out = new ArrayList<>();
    if (a != null) {
      for (Object o : a) {
        out.add(f.apply((JsonObject) o));
      }
    }
    return List.copyOf(out);
  }

  /** Reads the stored form back; the money is computed again (and so always follows the rules). */
  public static Check fromJson(JsonObject j) {
    List<Line> lines = list(j.getJsonArray("lines"), l -> new Line(l.getString("id"), l.getString("menuItemId"),
        l.getString("name"), l.getString("kitchenName"), l.getString("printClassId"), l.getInteger("quantity"),
        l.getLong("unitPriceCents"), list(l.getJsonArray("modifiers"), m -> new LineModifier(m.getString("modifierId"),
            m.getString("name"), m.getString("kitchenName"), m.getLong("priceCents"))),
        l.getString("taxGroupId"), decimal(l.getValue("taxRatePercent")), l.getString("status"),
        l.getString("voidReason")));
    List<AppliedDiscount> ds = list(j.getJsonArray("discounts"), d -> new AppliedDiscount(d.getString("id"),
        d.getString("discountId"), d.getString("name"), d.getString("lineId"), decimal(d.getValue("percent")),
        d.getLong("fixedAmountCents")));
    List<AppliedServiceCharge> ss = list(j.getJsonArray("serviceCharges"), s -> new AppliedServiceCharge(
        s.getString("id"), s.getString("serviceChargeId"), s.getString("name"), decimal(s.getValue("percent")),
        s.getLong("fixedAmountCents"), s.getString("taxGroupId"), decimal(s.getValue("taxRatePercent")),
        s.getBoolean("auto", false)));
    List<Payment> ps = list(j.getJsonArray("payments"), p -> new Payment(p.getString("id"), p.getString("tenderId"),
        p.getString("tenderType"), p.getLong("amountCents"), p.getLong("tipCents", 0L), p.getString("status"),
        p.getString("last4"), p.getString("brand"), p.getString("authCode"),
        p.getString("at") == null ? null : Instant.parse(p.getString("at")), p.getString(Payment.GIFT_CARD_ID)));
    Map<String, String> names = new LinkedHashMap<>();
    JsonArray taxes = j.getJsonArray("taxes", new JsonArray());
    for (Object o : taxes) {
      JsonObject t = (JsonObject) o;
      names.put(t.getString("taxGroupId"), t.getString("name"));
    }
    return new Check(j.getString("id"), j.getInteger("number"), j.getString("rvcId"), j.getString("orderType"),
        j.getInteger("guestCount"), j.getString("tableName"), j.getString("status"), j.getString("employeeId"),
        j.getString("workstationId"), LocalDate.parse(j.getString("businessDate")),
        Instant.parse(j.getString("openedAt")), j.getString("closedAt") == null ? null
        : Instant.parse(j.getString("closedAt")), j.getInteger("revision"), j.getBoolean("taxInclusive", false),
        lines, ds, ss, ps, Map.copyOf(names), null).recomputed();
  }
}
