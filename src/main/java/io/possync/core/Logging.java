package io.possync.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** One line per log record on stderr, quiet libraries; {@code -Djava.util.logging.config.file} still wins. */
public final class Logging {

  private Logging() {
  }

  public static void configure() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Logging.class.getResourceAsStream("/logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      // keep the JDK defaults
    }
  }
}
