package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A clean clone's documents link only to files the clone holds, and the architecture page has its picture. */
class DocsLinksTest {

  static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");

  static List<Path> documents() throws Exception {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.walk(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() throws Exception {
    Path repo = Path.of("").toAbsolutePath().normalize();
    List<String> broken = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(Files.readString(doc));
      while (m.find()) {
        String target = m.group(1).replaceAll("#.*$", "");
        if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
          continue; // an anchor on the same page, or a web address
        }
        Path resolved = doc.toAbsolutePath().getParent().resolve(target).normalize();
        if (!resolved.startsWith(repo) || !Files.exists(resolved)) {
          broken.add(doc + " -> " + m.group(1));
        }
      }
    }
    assertTrue(broken.isEmpty(), "links a clone cannot follow:\n" + String.join("\n", broken));
  }

  @Test
  void theArchitecturePageShowsTheDataFlowAsAnImage() throws Exception {
    Path page = Path.of("docs/architecture.md");
    assertTrue(Files.exists(page), "docs/architecture.md");
    Matcher m = Pattern.compile("!\\[[^\\]]+\\]\\(([^)]+\\.(svg|png))\\)").matcher(Files.readString(page));
    assertTrue(m.find(), "an image on the architecture page");
    Path image = page.getParent().resolve(m.group(1));
    assertTrue(Files.size(image) > 1000 && Files.size(image) < 200_000, image + " is a small picture");
    assertTrue(Files.readString(Path.of("README.md")).contains("(docs/architecture.md)"),
        "the README links the architecture page");
  }
}
