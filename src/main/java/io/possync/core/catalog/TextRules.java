package io.possync.core.catalog;

/**
 * What every string possync accepts from outside must satisfy, wherever it arrives (admin API, import, heartbeat,
 * transactions, host): no NUL character (PostgreSQL text cannot hold one) and no unpaired UTF-16 surrogate (it has
 * no UTF-8 form and would turn into {@code ?} on the way). One check, so a value one entry point accepts is one
 * every other stores and reads back identically.
 */
public final class TextRules {

  private TextRules() {
  }

  /** Null when {@code s} may be stored, else what is wrong with it, phrased to follow "field \"x\" ". */
  public static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain a NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must not contain an unpaired surrogate (invalid Unicode)";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain an unpaired surrogate (invalid Unicode)";
      }
    }
    return null;
  }
}
