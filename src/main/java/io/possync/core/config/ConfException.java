package io.possync.core.config;

/** A bad conf file, value or argument: the command prints the message as one line and exits 2. */
public class ConfException extends RuntimeException {

  public ConfException(String message) {
    super(message);
  }
}
