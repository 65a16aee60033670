package io.possync.cloud.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.CloudHttpVerticle;
import io.possync.cloud.LogCapture;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A broken WebSocket handshake on the push path, sent over a raw socket with a good token, is a bad request: 400
 * with the JSON error shape, and nothing logged.
 */
class WebSocketHandshakeTest {

  static TestCloud cloud;
  static ServiceHostRegistry.Registration host;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(WebSocketHandshakeTest.class, null);
    UUID property = TestCloud.propertyId(cloud.importProperty("Handshake Place"));
    host = cloud.register(property, "Handshake office");
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  record Case(String name, List<String> headers) {
  }

  @TestFactory
  List<DynamicTest> brokenHandshakesAre400() {
    String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
    return List.of(
        new Case("Upgrade without Connection: Upgrade", List.of("Upgrade: websocket", key,
            "Sec-WebSocket-Version: 13")),
        new Case("no Sec-WebSocket-Key", List.of("Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Version: 13")),
        new Case("Sec-WebSocket-Version 99", List.of("Upgrade: websocket", "Connection: Upgrade", key,
            "Sec-WebSocket-Version: 99")),
        new Case("no Sec-WebSocket-Version", List.of("Upgrade: websocket", "Connection: keep-alive, Upgrade", key))
    ).stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
      try (LogCapture log = LogCapture.of("")) {
        String[] answer = send(c.headers);
        assertEquals("400", answer[0], c.name + ": " + answer[1]);
        JsonObject body = new JsonObject(answer[1]);
        assertEquals("invalid", body.getString("error"), c.name);
        assertTrue(body.getString("message") != null, c.name);
        assertEquals(List.of(), log.atLeast(Level.WARNING).stream().map(r -> r.getMessage()).toList(),
            c.name + ": nothing logged");
      }
    })).toList();
  }

  /** Sends the GET with these headers; the status code and the body of the answer. */
  static String[] send(List<String> headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", cloud.cloud.httpPort())) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder("GET " + CloudHttpVerticle.PUSH_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + host.token() + "\r\n");
      headers.forEach(h -> req.append(h).append("\r\n"));
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
      String h = head.toString(StandardCharsets.US_ASCII);
      int length = 0;
      for (String line : h.split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      String status = h.length() > 12 ? h.substring(9, 12) : h;
      return new String[] {status, new String(in.readNBytes(length), StandardCharsets.UTF_8)};
    }
  }
}
