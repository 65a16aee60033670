package io.possync.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JSON file a person wrote (a conf file, a property file). A mistake is one line naming the file, the line
 * and the column and what is there, in the user's words rather than the parser's.
 */
public final class JsonFile {

  private JsonFile() {
  }

  /** The file's one JSON object; a {@link ConfException} naming the file ({@code what}, e.g. "conf file") otherwise. */
  public static JsonObject object(String what, Path file) {
    String name = what.isEmpty() ? file.toString() : what + " " + file;
    if (Files.isDirectory(file)) {
      throw new ConfException(name + " is a folder, not a file");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfException(name + " does not exist");
    } catch (IOException e) {
      throw new ConfException("cannot read " + name + ": " + e.getMessage());
    }
    if (text.isBlank()) {
      throw new ConfException(name + " is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ConfException(name + " " + where(text, e.getCause()));
    }
    if (!(value instanceof JsonObject o)) {
      throw new ConfException(name + " must hold one JSON object ({...}), not " + (value instanceof Iterable
          ? "an array" : "a single value"));
    }
    return o;
  }

  /** "line L, column C: what is there", from the parser's location; the parser's own words stay out. */
  static String where(String text, Throwable cause) {
    if (!(cause instanceof JsonProcessingException p) || p.getLocation() == null) {
      return "is not valid JSON";
    }
    JsonLocation at = p.getLocation();
    int offset = (int) Math.min(Math.max(at.getCharOffset(), 0), text.length());
    if (p instanceof JsonEOFException) {
      return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": the file ends before the JSON does";
    }
    int column = at.getColumnNr();
    int start = offset;
    int end = offset + 1;
    if (offset == text.length() || Character.isWhitespace(text.charAt(offset))
        || isWordChar(text.charAt(offset)) && offset > 0 && isWordChar(text.charAt(offset - 1))) {
      // The parser stopped after a word it does not know (tru, nul, an unquoted name): name the whole word.
      end = offset;
      while (end > 0 && Character.isWhitespace(text.charAt(end - 1)) && text.charAt(end - 1) != '\n') {
        end--;
      }
      start = end;
      while (start > 0 && isWordChar(text.charAt(start - 1))) {
        start--;
      }
      if (start == end) {
        return "line " + at.getLineNr() + ", column " + column + ": not valid JSON here";
      }
      column -= offset - start;
    } else {
      while (end < text.length() && isWordChar(text.charAt(offset)) && isWordChar(text.charAt(end))) {
        end++;
      }
    }
    return "line " + at.getLineNr() + ", column " + column + ": unexpected '" + printable(text.substring(start, end))
        + "'";
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '.';
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.length() > 40 ? b.substring(0, 40) + "..." : b.toString();
  }
}
