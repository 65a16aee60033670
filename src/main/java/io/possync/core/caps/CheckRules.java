package io.possync.core.caps;

import io.possync.core.caps.Check.AppliedDiscount;
import io.possync.core.caps.Check.AppliedServiceCharge;
import io.possync.core.caps.Check.Line;
import io.possync.core.caps.Check.LineModifier;
import io.possync.core.caps.Check.Payment;
import io.possync.core.caps.PosConfig.ModifierGroupOf;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rules of CAPS (POS-API.md sections 3 and 4) as pure functions: a check and a request in, the next check out,
 * or a {@link PossyncException} with the contract's code. No I/O: the check service loads, calls these, and stores.
 */
public final class CheckRules {

  /** Fields of the {@code modifier_rule} error body. */
  public static final String MODIFIER_GROUP_ID = "modifierGroupId";
  public static final String MODIFIER_GROUP = "modifierGroup";
  public static final String MODIFIER_ID = "modifierId";

  /** Most lines one check holds (a long bar tab fits; a runaway client does not). */
  public static final int MAX_LINES = 500;
  /** Most discounts, service charges or payments one check holds. */
  public static final int MAX_EACH = 50;

  private final PosConfig config;
  private final Supplier<String> ids;

  /** @param ids makes new ids (random UUIDs in production) */
  public CheckRules(PosConfig config, Supplier<String> ids) {
    this.config = config;
    this.ids = ids;
  }

  /** A new open check; its number comes from the store, unique per business date. */
  public Check open(Actor actor, Requests.OpenCheck r, String checkId, int number, Instant now) {
    PosConfig.Rvc rvc = config.rvc(r.rvcId()).filter(PosConfig.Rvc::active)
        .orElseThrow(() -> new ValidationException("field \"rvcId\" names no active revenue center", "rvcId"));
    String orderType = r.orderType() == null ? rvc.defaultOrderType() : r.orderType();
    if (!rvc.orderTypes().contains(orderType)) {
      throw new ValidationException("field \"orderType\" must be one of " + rvc.orderTypes() + " at " + rvc.name(),
          "orderType");
    }
    PosConfig.Property p = property();
    Check c = new Check(checkId, number, rvc.id(), orderType, r.guestCount(), r.tableName(), Check.OPEN,
        actor.employeeId(), actor.workstationId(), BusinessDate.at(now, p.zone(), p.dayStart()), now, null, 0,
        rvc.taxInclusive(), List.of(), List.of(), List.of(), List.of(), Map.of(), null);
    List<AppliedServiceCharge> auto = autoServiceCharges(r.guestCount());
    Check.Change ch = c.change().serviceCharges(auto);
    for (AppliedServiceCharge s : auto) {
      config.taxGroup(s.taxGroupId()).ifPresent(t -> ch.taxName(t.id(), t.name()));
    }
    return ch.done(); // revision 1
  }

  /** The business date a check opened now would get. */
  public java.time.LocalDate businessDate(Instant now) {
    PosConfig.Property p = property();
    return BusinessDate.at(now, p.zone(), p.dayStart());
  }

  private PosConfig.Property property() {
    return config.property().orElseThrow(() -> new IllegalStateException("the configuration has no property row"));
  }

  private List<AppliedServiceCharge> autoServiceCharges(int guests) {
    List<AppliedServiceCharge> out = new ArrayList<>();
    for (PosConfig.ServiceCharge s : config.autoServiceCharges()) {
      if (guests >= s.autoApplyMinGuests()) {
        out.add(applied(s, true));
      }
    }
    return out;
  }

  private AppliedServiceCharge applied(PosConfig.ServiceCharge s, boolean auto) {
    PosConfig.TaxGroup tax = s.taxGroupId() == null ? null : config.taxGroup(s.taxGroupId()).orElse(null);
    return new AppliedServiceCharge(ids.get(), s.id(), s.name(), s.percent(), s.amountCents(),
        tax == null ? null : tax.id(), tax == null ? null : tax.ratePercent(), auto);
  }

  /** Rings a menu item with its modifiers at today's prices; the line keeps them. */
  public Check addLine(Check c, Requests.AddLine r) {
    open(c);
    PosConfig.MenuItem item = config.menuItem(r.menuItemId()).filter(PosConfig.MenuItem::active)
        .orElseThrow(() -> new ValidationException("field \"menuItemId\" names no active menu item", "menuItemId"));
    List<ModifierGroupOf> groups = config.modifierGroupsOf(item.id());
    Map<String, Integer> chosen = new HashMap<>();
    List<LineModifier> mods = new ArrayList<>();
    for (String modId : r.modifierIds()) {
      PosConfig.Modifier m = config.modifier(modId).filter(PosConfig.Modifier::active)
          .orElseThrow(() -> new ValidationException("field \"modifierIds\": " + modId + " is no active modifier",
              "modifierIds"));
      ModifierGroupOf g = groups.stream().filter(x -> x.modifierIds().contains(modId)).findFirst()
          .orElseThrow(() -> new PossyncException(ErrorCode.MODIFIER_RULE, "modifier \"" + m.name()
              + "\" is in none of the modifier groups of \"" + item.name() + "\"",
              new JsonObject().put(MODIFIER_ID, modId), null));
      chosen.merge(g.group().id(), 1, Integer::sum);
      mods.add(new LineModifier(m.id(), m.name(), m.kitchenName(), m.priceCents()));
    }
    for (ModifierGroupOf g : groups) {
      int n = chosen.getOrDefault(g.group().id(), 0);
      if (n < g.group().minSelect() || n > g.group().maxSelect()) {
        throw new PossyncException(ErrorCode.MODIFIER_RULE, "\"" + g.group().name() + "\" needs "
            + g.group().minSelect() + " to " + g.group().maxSelect() + " choices, not " + n,
            new JsonObject().put(MODIFIER_GROUP_ID, g.group().id()).put(MODIFIER_GROUP, g.group().name()), null);
      }
    }
    PosConfig.TaxGroup tax = item.taxGroupId() == null ? null : config.taxGroup(item.taxGroupId()).orElse(null);
    Line line = new Line(ids.get(), item.id(), item.name(), item.kitchenName(), item.printClassId(), r.quantity(),
        item.priceCents(), List.copyOf(mods), tax == null ? null : tax.id(), tax == null ? null : tax.ratePercent(),
        Check.PENDING, null);
    full(c.lines().size(), MAX_LINES, "lines");
    List<Line> lines = new ArrayList<>(c.lines());
    lines.add(line);
    Check.Change ch = c.change().lines(lines);
    if (tax != null) {
      ch.taxName(tax.id(), tax.name());
    }
    return ch.done();
  }

  public Check voidLine(Actor actor, Check c, String lineId, Requests.Reason r) {
    open(c);
    actor.require(Actor.VOID_ITEM);
    List<Line> lines = new ArrayList<>();
    boolean found = false;
    for (Line l : c.lines()) {
      if (l.id().equals(lineId)) {
        found = true;
        if (l.voided()) {
          return c; // already void: nothing changes
        }
        lines.add(l.withStatus(Check.VOIDED, r.reason()));
      } else {
        lines.add(l);
      }
    }
    if (!found) {
      throw PossyncException.notFound("no line " + lineId + " on check " + c.number());
    }
    return c.change().lines(lines).done();
  }

  public Check addDiscount(Actor actor, Check c, Requests.AddDiscount r) {
    open(c);
    PosConfig.Discount d = config.discount(r.discountId()).filter(PosConfig.Discount::active)
        .orElseThrow(() -> new ValidationException("field \"discountId\" names no active discount", "discountId"));
    actor.require(d.requiredPrivilege());
    if (d.onItem()) {
      if (r.lineId() == null || c.lines().stream().noneMatch(l -> l.id().equals(r.lineId()) && !l.voided())) {
        throw new ValidationException("field \"lineId\" must name a line of this check that is not void: \""
            + d.name() + "\" is an item discount", "lineId");
      }
    } else if (r.lineId() != null) {
      throw new ValidationException("field \"lineId\" must be left out: \"" + d.name() + "\" is a check discount",
          "lineId");
    }
    full(c.discounts().size(), MAX_EACH, "discounts");
    List<AppliedDiscount> ds = new ArrayList<>(c.discounts());
    ds.add(new AppliedDiscount(ids.get(), d.id(), d.name(), r.lineId(), d.percent(), d.amountCents()));
    return c.change().discounts(ds).done();
  }

  public Check addServiceCharge(Check c, Requests.AddServiceCharge r) {
    open(c);
    PosConfig.ServiceCharge s = config.serviceCharge(r.serviceChargeId()).filter(PosConfig.ServiceCharge::active)
        .orElseThrow(() -> new ValidationException("field \"serviceChargeId\" names no active service charge",
            "serviceChargeId"));
    full(c.serviceCharges().size(), MAX_EACH, "service charges");
    List<AppliedServiceCharge> ss = new ArrayList<>(c.serviceCharges());
    AppliedServiceCharge a = applied(s, false);
    ss.add(a);
    Check.Change ch = c.change().serviceCharges(ss);
    config.taxGroup(a.taxGroupId()).ifPresent(t -> ch.taxName(t.id(), t.name()));
    return ch.done();
  }

  /** The check with its pending lines sent; the same check when none is pending. */
  public Check send(Check c) {
    open(c);
    if (c.lines().stream().noneMatch(l -> Check.PENDING.equals(l.status()))) {
      return c;
    }
    return c.change().lines(c.lines().stream()
        .map(l -> Check.PENDING.equals(l.status()) ? l.withStatus(Check.SENT, null) : l).toList()).done();
  }

  /** Lines that {@link #send} would send (pending ones), for the kitchen. */
  public static List<Line> pending(Check c) {
    return c.lines().stream().filter(l -> Check.PENDING.equals(l.status())).toList();
  }

  /**
   * A payment the tender settles here (cash and other local tenders). Tenders that go through a processor or a gift
   * card are the payment controller's; it builds the payment and calls {@link #addPayment(Check, Payment)}.
   */
  public Check addLocalPayment(Check c, Requests.AddPayment r, Instant now) {
    open(c);
    PosConfig.Tender t = tender(r.tenderId());
    if (t.usesProcessor() || PosConfig.Tender.GIFT_CARD.equals(t.tenderType())) {
      throw new ValidationException("field \"tenderId\": \"" + t.name() + "\" is paid through the payment "
          + "controller", "tenderId");
    }
    checkTip(t, r);
    if (!PosConfig.Tender.CASH.equals(t.tenderType()) && r.amountCents() > c.totals().balanceDueCents()) {
      throw new ValidationException("field \"amountCents\" is above the balance due of "
          + c.totals().balanceDueCents() + " (only cash gives change)", "amountCents");
    }
    return addPayment(c, new Payment(ids.get(), t.id(), t.tenderType(), r.amountCents(), r.tipCents(), Check.APPROVED,
        null, null, null, now));
  }

  /** The tender of a payment request, active. */
  public PosConfig.Tender tender(String tenderId) {
    return config.tender(tenderId).filter(PosConfig.Tender::active)
        .orElseThrow(() -> new ValidationException("field \"tenderId\" names no active tender", "tenderId"));
  }

  /** Tips only on tenders that allow them. */
  public static void checkTip(PosConfig.Tender t, Requests.AddPayment r) {
    if (r.tipCents() > 0 && !t.allowsTip()) {
      throw new ValidationException("field \"tipCents\": \"" + t.name() + "\" takes no tips", "tipCents");
    }
  }

  public Check addPayment(Check c, Payment p) {
    open(c);
    full(c.payments().size(), MAX_EACH, "payments");
    List<Payment> ps = new ArrayList<>(c.payments());
    ps.add(p);
    return c.change().payments(ps).done();
  }

  /**
   * The check with the payment of the same id replaced (a stored payment settled after the fact), whatever the
   * check's status; the same check when there is no such payment or it is already so.
   */
  public static Check replacePayment(Check c, Payment p) {
    List<Payment> ps = new ArrayList<>();
    boolean changed = false;
    for (Payment x : c.payments()) {
      if (x.id().equals(p.id()) && !x.equals(p)) {
        ps.add(p);
        changed = true;
      } else {
        ps.add(x);
      }
    }
    return changed ? c.change().payments(ps).done() : c;
  }

  /** Closes a paid check; pending lines are sent with it. */
  public Check close(Check c, Instant now) {
    open(c);
    if (c.totals().balanceDueCents() > 0) {
      throw new PossyncException(ErrorCode.BALANCE_DUE, "check " + c.number() + " still has "
          + c.totals().balanceDueCents() + " cents due", new JsonObject().put("balanceDueCents",
          c.totals().balanceDueCents()), null);
    }
    return send(c).change().status(Check.CLOSED, now).done();
  }

  public Check voidCheck(Actor actor, Check c, Requests.Reason r, Instant now) {
    open(c);
    actor.require(Actor.VOID_CHECK);
    if (c.payments().stream().anyMatch(Payment::counts)) {
      throw new PossyncException(ErrorCode.HAS_PAYMENTS, "check " + c.number() + " has payments: refund them first");
    }
    return c.change().lines(c.lines().stream().map(l -> l.voided() ? l : l.withStatus(Check.VOIDED, r.reason()))
        .toList()).status(Check.VOIDED, now).done();
  }

  private static void full(int size, int max, String what) {
    if (size >= max) {
      throw PossyncException.conflict("a check holds at most " + max + " " + what + ": open another check");
    }
  }

  private static void open(Check c) {
    if (!c.isOpen()) {
      throw new PossyncException(ErrorCode.CHECK_CLOSED, "check " + c.number() + " is " + c.status());
    }
  }
}
