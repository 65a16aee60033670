package io.possync.cloud.push;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A host socket that stops answering pings (its machine froze, its cable was pulled) is closed by the cloud. */
class ReaperTest {

  @Test
  void aSocketThatNeverAnswersPingsIsReaped() throws Exception {
    try (TestCloud cloud = TestCloud.start(ReaperTest.class, new JsonObject().put("pushPingSeconds", 1))) {
      ServiceHostRegistry.Registration host = cloud.register(TestCloud.propertyId(cloud.importProperty("Silent Inn")),
          "silent");
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      WebSocket.Listener frozen = new WebSocket.Listener() {
        @Override
        public void onOpen(WebSocket ws) {
          // Request nothing: no frame is read, so no ping is ever answered.
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
          closed.complete(status);
          return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
          closed.complete(-1);
        }
      };
      double before = reapedSoFar(cloud);
      long start = System.currentTimeMillis();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + host.token())
          .buildAsync(URI.create("ws://127.0.0.1:" + cloud.cloud.httpPort() + "/ws/service-host"), frozen).join();
      long end = System.currentTimeMillis() + 10_000;
      boolean reaped = false;
      while (!reaped && System.currentTimeMillis() < end) {
        Thread.sleep(100);
        reaped = reapedSoFar(cloud) > before;
      }
      assertTrue(reaped, "the cloud reaped the silent socket after " + (System.currentTimeMillis() - start) + " ms");
      ws.abort();
      closed.complete(0);
      assertTrue(closed.get(1, TimeUnit.SECONDS) != null);
    }
  }

  static double reapedSoFar(TestCloud cloud) {
    for (String line : cloud.get("/metrics", null).body().split("\n")) {
      if (line.startsWith("possync_push_reaped_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    return 0;
  }
}
