package io.possync.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes conf/properties/harbor-grill.json: {@code scripts/make-sample.sh}. */
public final class SampleProperties {

  private SampleProperties() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "conf/properties/harbor-grill.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, new PropertyGenerator("Harbor Grill", PropertyGenerator.Size.SAMPLE).generate()
        .encodePrettily() + "\n");
    System.out.println("wrote " + out);
  }
}
