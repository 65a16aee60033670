package io.possync.browser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The POS page as a person uses it, through its element ids (listed at the top of {@code webroot/pos/pos.js}): sign
 * in, open a check, ring items with modifiers, send, pay cash, close, and read what the page shows. Every step waits
 * for what the page shows when it is done (explicit waits on elements, never a sleep); a wait that runs out fails
 * with what it waited for, the mode and the page's error.
 */
public final class PosPageDriver {

  public static final Duration WAIT = Duration.ofSeconds(10);

  public final WebDriver driver;

  public PosPageDriver(WebDriver driver) {
    this.driver = driver;
  }

  /** The page's address with its pairing fragment. */
  public static String pairingUrl(String page, String deviceToken, String host, String cloud) {
    return page + "#token=" + enc(deviceToken) + "&host=" + enc(host) + "&cloud=" + enc(cloud);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  /** Opens the page paired with this token, host and cloud. */
  public PosPageDriver open(String page, String deviceToken, String host, String cloud) {
    driver.get(pairingUrl(page, deviceToken, host, cloud));
    await("the page", d -> d.findElement(By.id("mode")).isDisplayed());
    return this;
  }

  // -------------------------------------------------------------------------------------------------- mode, errors

  /** {@code host}, {@code cloud} or {@code offline}. */
  public String mode() {
    return el("mode").getAttribute("data-mode");
  }

  public String modeText() {
    return el("mode").getText();
  }

  public PosPageDriver waitForMode(String mode) {
    return waitForMode(mode, WAIT);
  }

  public PosPageDriver waitForMode(String mode, Duration within) {
    await("mode " + mode, within, d -> mode.equals(mode()));
    return this;
  }

  /** The error the page shows, or "" when it shows none. */
  public String error() {
    WebElement e = el("error");
    return e.isDisplayed() ? e.getText() : "";
  }

  public String waitForError() {
    return await("an error shown", d -> error().isEmpty() ? null : error());
  }

  /** The side a write got no answer from, when the error shown says so (its data-unanswered), else null. */
  public String unansweredSide() {
    WebElement e = el("error");
    return e.isDisplayed() ? e.getAttribute("data-unanswered") : null;
  }

  /** Waits (up to {@link #WAIT}) for the error saying that a write got no answer from this side; its text. */
  public String waitForUnanswered(String side) {
    return await("the error saying the " + side + " did not answer a write",
        d -> side.equals(unansweredSide()) ? error() : null);
  }

  // -------------------------------------------------------------------------------------------------- sign-in

  public boolean signInShown() {
    return el("signin-screen").isDisplayed();
  }

  /** Waits for the sign-in screen (the first one, or after a switch that found no session); its reason. */
  public String waitForSignIn() {
    await("the sign-in screen", d -> signInShown());
    WebElement reason = el("signin-reason");
    return reason.isDisplayed() ? reason.getText() : "";
  }

  /** Signs in and waits for the selling screen. */
  public PosPageDriver signIn(String employeeNumber, String pin) {
    waitForSignIn();
    type("employee-number", employeeNumber);
    type("pin", pin);
    el("sign-in").click();
    await("the selling screen after signing in", d -> el("pos-screen").isDisplayed()
        && el("employee-name").isDisplayed());
    return this;
  }

  public String employeeName() {
    return el("employee-name").getText();
  }

  public PosPageDriver signOut() {
    el("sign-out").click();
    waitForSignIn();
    return this;
  }

  // -------------------------------------------------------------------------------------------------- checks

  /** Opens a new check (guests as the field says) and waits for it; its number. */
  public int openCheck() {
    String before = checkId();
    el("open-check").click();
    await("a new check", d -> {
      String id = checkId();
      return id != null && !id.equals(before) && "open".equals(checkStatus());
    });
    return checkNumber();
  }

  public int openCheck(int guests) {
    type("guest-count", String.valueOf(guests));
    return openCheck();
  }

  /** The id of the check shown, or null. */
  public String checkId() {
    WebElement v = el("check-view");
    return v.isDisplayed() ? v.getAttribute("data-check-id") : null;
  }

  public int checkNumber() {
    return Integer.parseInt(el("check-number").getAttribute("data-number"));
  }

  public String checkStatus() {
    WebElement v = el("check-view");
    return v.isDisplayed() ? el("check-status").getAttribute("data-status") : null;
  }

  /** Shows an open check from the list. */
  public PosPageDriver showOpenCheck(String checkId) {
    By b = By.cssSelector("[data-testid='open-check-item'][data-check-id='" + checkId + "']");
    await("check " + checkId + " in the open checks", d -> !d.findElements(b).isEmpty());
    driver.findElement(b).click();
    await("check " + checkId + " shown", d -> checkId.equals(checkId()));
    return this;
  }

  /** The ids of the checks in the open checks list, in its order. */
  public List<String> openCheckIds() {
    return driver.findElements(By.cssSelector("#open-checks [data-testid='open-check-item']")).stream()
        .map(b -> b.getAttribute("data-check-id")).toList();
  }

  public List<WebElement> lines() {
    return driver.findElements(By.cssSelector("#check-lines [data-testid='check-line']"));
  }

  /** The integer cents an amount shows: subtotal, discounts, service-charges, tax, total, paid, balance-due, change-due. */
  public long cents(String amountId) {
    return Long.parseLong(el(amountId).getAttribute("data-cents"));
  }

  public long totalCents() {
    return cents("total");
  }

  public long balanceDueCents() {
    return cents("balance-due");
  }

  // -------------------------------------------------------------------------------------------------- ringing

  /** Shows the item's menu group and taps the item; for an item with modifier groups, waits for the picker. */
  public PosPageDriver pickItem(String menuItemId) {
    int before = lines().size();
    tapItem(menuItemId);
    await("the modifier picker or a new line", d -> pickerShown() || lines().size() > before);
    return this;
  }

  /** Shows the item's menu group and taps the item, and waits for nothing (the side in use may not answer). */
  public PosPageDriver tapItem(String menuItemId) {
    WebElement item = driver.findElement(By.cssSelector("[data-testid='menu-item'][data-item-id='" + menuItemId + "']"));
    if (!item.isDisplayed()) {
      driver.findElement(By.cssSelector("[data-testid='slu'][data-slu-id='" + item.getAttribute("data-slu-id") + "']"))
          .click();
      await("menu item " + menuItemId + " shown", d -> item.isDisplayed() && item.isEnabled());
    }
    item.click();
    return this;
  }

  public boolean pickerShown() {
    return el("modifier-picker").isDisplayed();
  }

  /** The picker's rule of a group: "choose min..max". */
  public String groupRule(String groupId) {
    return driver.findElement(By.cssSelector("[data-testid='modifier-group'][data-group-id='" + groupId + "'] .rule"))
        .getText();
  }

  /** Sets the picker's choices to exactly these modifiers (defaults the page ticked included). */
  public PosPageDriver chooseModifiers(String... modifierIds) {
    Set<String> wanted = Set.copyOf(Arrays.asList(modifierIds));
    // untick first, so that a one-choice group never sees two at once
    for (WebElement box : modifierBoxes()) {
      if (box.isSelected() && !wanted.contains(box.getAttribute("data-modifier-id"))) {
        box.click();
      }
    }
    for (WebElement box : modifierBoxes()) {
      if (!box.isSelected() && wanted.contains(box.getAttribute("data-modifier-id"))) {
        box.click();
      }
    }
    return this;
  }

  private List<WebElement> modifierBoxes() {
    return driver.findElements(By.cssSelector("#modifier-groups input[data-modifier-id]"));
  }

  /** Taps Add in the picker and waits for nothing (the page may refuse: see {@link #error()}). */
  public PosPageDriver clickAddLine() {
    el("add-line-confirm").click();
    return this;
  }

  /** Taps Add in the picker and waits for the picker to close on a new line. */
  public PosPageDriver confirmLine() {
    int before = lines().size();
    el("add-line-confirm").click();
    await("the line added", d -> !pickerShown() && lines().size() > before);
    return this;
  }

  /** Rings an item with exactly these modifiers and waits for its line. */
  public PosPageDriver ring(String menuItemId, String... modifierIds) {
    int before = lines().size();
    pickItem(menuItemId);
    if (pickerShown()) {
      chooseModifiers(modifierIds).confirmLine();
    } else {
      await("the line added", d -> lines().size() > before);
    }
    return this;
  }

  // -------------------------------------------------------------------------------------------------- actions

  /** Send: waits until no line is pending. */
  public PosPageDriver send() {
    el("send").click();
    await("the lines sent", d -> lines().stream().noneMatch(l -> "pending".equals(l.getAttribute("data-status"))));
    return this;
  }

  /** Cash for the balance due (the amount the page offers). */
  public PosPageDriver payCash() {
    return payCash(null);
  }

  /** Cash of this amount (null: the balance due, as the page offers it); waits for the payment on the check. */
  public PosPageDriver payCash(Long amountCents) {
    long paidBefore = cents("paid");
    el("cash").click();
    await("the cash dialog", d -> el("cash-dialog").isDisplayed());
    if (amountCents != null) {
      type("cash-amount", amountCents / 100 + "." + String.format("%02d", amountCents % 100));
    }
    el("cash-confirm").click();
    await("the cash payment on the check", d -> !el("cash-dialog").isDisplayed() && cents("paid") > paidBefore);
    return this;
  }

  /** Close: waits for the check to show closed. */
  public PosPageDriver close() {
    el("close").click();
    await("the check closed", d -> "closed".equals(checkStatus()));
    return this;
  }

  // -------------------------------------------------------------------------------------------------- helpers

  public WebElement el(String id) {
    return driver.findElement(By.id(id));
  }

  public PosPageDriver type(String id, String text) {
    WebElement e = el(id);
    e.clear();
    e.sendKeys(text);
    return this;
  }

  /** Waits (up to {@link #WAIT}) for a condition to be true or non-null; fails saying what, the mode and the error. */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, WAIT, condition);
  }

  public <T> T await(String what, Duration within, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, within, Duration.ofMillis(50))
          .ignoring(StaleElementReferenceException.class).until(d -> {
        T t = condition.apply(d);
        return t instanceof Boolean b && !b ? null : t;
      });
    } catch (TimeoutException e) {
      String mode;
      String err;
      try {
        mode = mode();
        err = error();
      } catch (RuntimeException x) {
        mode = "?";
        err = "?";
      }
      throw new AssertionError("the POS page did not show " + what + " within " + within.toSeconds() + " s (mode "
          + mode + ", error \"" + err + "\")", e);
    }
  }
}
