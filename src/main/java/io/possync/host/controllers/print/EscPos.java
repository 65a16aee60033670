package io.possync.host.controllers.print;

import io.vertx.core.buffer.Buffer;
import java.text.Normalizer;

/**
 * Every ESC/POS byte sequence possync sends, in one place (Epson's ESC/POS command reference), and a small builder
 * of a printout. Text is sent as plain ASCII: accents are dropped and other characters become '?', since a kitchen
 * printer's code page is rarely known.
 */
public final class EscPos {

  /** ESC @: initialize the printer. */
  public static final byte[] INIT = {0x1B, 0x40};
  /** GS V 65 0: feed to the cutter and cut (partial). */
  public static final byte[] CUT = {0x1D, 0x56, 0x41, 0x00};
  /** ESC p 0 25 250: kick drawer 1 (pulse 50 ms on, 500 ms off). */
  public static final byte[] DRAWER_KICK = {0x1B, 0x70, 0x00, 0x19, (byte) 0xFA};
  /** DLE EOT 1: transmit the printer status (one byte back). */
  public static final byte[] STATUS_REQUEST = {0x10, 0x04, 0x01};
  /** In the status byte: the printer is offline (cover open, paper out, error). */
  public static final int STATUS_OFFLINE = 0x08;
  static final byte[] BOLD_ON = {0x1B, 0x45, 0x01};
  static final byte[] BOLD_OFF = {0x1B, 0x45, 0x00};
  static final byte[] DOUBLE_ON = {0x1D, 0x21, 0x11};
  static final byte[] DOUBLE_OFF = {0x1D, 0x21, 0x00};
  static final byte[] CENTER = {0x1B, 0x61, 0x01};
  static final byte[] LEFT = {0x1B, 0x61, 0x00};
  static final byte LF = 0x0A;

  private EscPos() {
  }

  /** The fixed bits of a DLE EOT 1 reply: bits 1 and 4 set, bits 0 and 7 clear. */
  static final int STATUS_FIXED_MASK = 0x93;
  static final int STATUS_FIXED = 0x12;

  /** Whether a byte can be a DLE EOT 1 status reply (its fixed bits hold); anything else is line noise. */
  public static boolean isStatus(int b) {
    return (b & STATUS_FIXED_MASK) == STATUS_FIXED;
  }

  /** Whether a status reply byte says the job printed (the offline bit clear). */
  public static boolean printed(int status) {
    return (status & STATUS_OFFLINE) == 0;
  }

  /** ASCII text for the printer. */
  static String ascii(String s) {
    String plain = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(plain.length());
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }

  /** Builds one printout, wrapping text at the printer's line width. */
  public static final class Doc {
    private final Buffer out = Buffer.buffer(512);
    private final int width;

    public Doc(int width) {
      this.width = Math.max(16, width);
      out.appendBytes(INIT);
    }

    public Doc line(String text) {
      String s = ascii(text);
      if (s.isEmpty()) {
        out.appendByte(LF);
      }
      while (!s.isEmpty()) {
        int n = Math.min(width, s.length());
        if (n < s.length()) {
          int space = s.lastIndexOf(' ', n);
          if (space > width / 2) {
            n = space;
          }
        }
        out.appendString(s.substring(0, n)).appendByte(LF);
        s = s.substring(n).stripLeading();
      }
      return this;
    }

    /** Left text and right text on one line (a price column). */
    public Doc columns(String left, String right) {
      String r = ascii(right);
      String l = ascii(left);
      int room = width - r.length() - 1;
      if (l.length() > room) {
        line(l);
        l = "";
      }
      return line(l + " ".repeat(Math.max(1, width - l.length() - r.length())) + r);
    }

    public Doc big(String text) {
      out.appendBytes(DOUBLE_ON);
      int w = width;
      String s = ascii(text);
      out.appendString(s.length() > w / 2 ? s.substring(0, w / 2) : s).appendByte(LF);
      out.appendBytes(DOUBLE_OFF);
      return this;
    }

    public Doc bold(String text) {
      out.appendBytes(BOLD_ON);
      line(text);
      out.appendBytes(BOLD_OFF);
      return this;
    }

    public Doc center(String text) {
      out.appendBytes(CENTER);
      line(text);
      out.appendBytes(LEFT);
      return this;
    }

    public Doc rule() {
      return line("-".repeat(width));
    }

    public Doc drawerKick() {
      out.appendBytes(DRAWER_KICK);
      return this;
    }

    /** The printout, fed and cut. */
    public Buffer cut() {
      out.appendByte(LF).appendByte(LF).appendBytes(CUT);
      return out;
    }
  }
}
