package io.possync.core.caps;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Money arithmetic of POS-API.md section 4: integer cents, and one rounding, half away from zero to a whole cent,
 * applied once where a rule says {@code round}, exactly (no intermediate rounding, no binary floating point).
 */
public final class Money {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Money() {
  }

  /** {@code round(numerator / denominator)}, half away from zero, computed exactly. */
  public static long roundDiv(BigDecimal numerator, BigDecimal denominator) {
    if (denominator.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    // Scale both to integers, then divide with the remainder in hand: no precision is lost on the way.
    int scale = Math.max(Math.max(numerator.scale(), denominator.scale()), 0);
    BigInteger n = numerator.movePointRight(scale).toBigIntegerExact();
    BigInteger d = denominator.movePointRight(scale).toBigIntegerExact();
    if (d.signum() < 0) {
      n = n.negate();
      d = d.negate();
    }
    BigInteger[] qr = n.divideAndRemainder(d);
    BigInteger q = qr[0];
    // |remainder| * 2 >= d: round away from zero
    if (qr[1].abs().shiftLeft(1).compareTo(d) >= 0) {
      q = q.add(BigInteger.valueOf(n.signum()));
    }
    return q.longValueExact();
  }

  /** {@code round(cents * percent / 100)}. */
  public static long percentOf(long cents, BigDecimal percent) {
    return roundDiv(BigDecimal.valueOf(cents).multiply(percent), HUNDRED);
  }

  /** Tax included in a tax-inclusive amount: {@code round(cents * rate / (100 + rate))}. */
  public static long includedTax(long cents, BigDecimal ratePercent) {
    return roundDiv(BigDecimal.valueOf(cents).multiply(ratePercent), HUNDRED.add(ratePercent));
  }

  /**
   * Splits {@code total} over parts in proportion to {@code weights} by largest remainder: each part gets the floor
   * of its exact share, and the cents left over go one each to the largest fractional remainders, ties to the earlier
   * part. The parts sum to {@code total} exactly. Weights must not be negative; when they are all zero, so are the
   * parts unless total is not zero, in which case it goes to the first part.
   */
  public static long[] spread(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("negative total " + total);
    }
    long[] out = new long[weights.length];
    if (weights.length == 0) {
      return out;
    }
    BigInteger sum = BigInteger.ZERO;
    for (long w : weights) {
      if (w < 0) {
        throw new IllegalArgumentException("negative weight " + w);
      }
      sum = sum.add(BigInteger.valueOf(w));
    }
    if (sum.signum() == 0) {
      out[0] = total;
      return out;
    }
    BigInteger t = BigInteger.valueOf(total);
    BigInteger[] remainders = new BigInteger[weights.length];
    long given = 0;
    for (int i = 0; i < weights.length; i++) {
      BigInteger[] qr = t.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
      out[i] = qr[0].longValueExact();
      remainders[i] = qr[1];
      given += out[i];
    }
    long left = total - given; // 0 <= left < number of parts (total >= 0)
    // largest remainder first, ties to the earlier part (a stable sort keeps index order among equals)
    Integer[] order = new Integer[weights.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> remainders[y].compareTo(remainders[x]));
    for (int k = 0; k < left; k++) {
      out[order[k]]++; // one extra cent per part at most
    }
    return out;
  }
}
