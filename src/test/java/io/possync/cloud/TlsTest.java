package io.possync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** With a certificate and key in the conf, the cloud speaks TLS 1.3 only. */
class TlsTest {

  /** Connects with only {@code protocol} enabled, sends GET /health, returns the status line. */
  static String get(int port, String protocol) throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] c, String a) { }
      public void checkServerTrusted(X509Certificate[] c, String a) { }
      public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trustAll}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setEnabledProtocols(new String[] {protocol});
      s.setSoTimeout(5000);
      s.startHandshake();
      assertEquals(protocol, s.getSession().getProtocol());
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  @Test
  void tls13IsAcceptedAndTls12Refused() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    try (TestCloud cloud = TestCloud.start(TlsTest.class, new JsonObject().put("tls", new JsonObject()
        .put("certPath", cert.certificatePath()).put("keyPath", cert.privateKeyPath())))) {
      int port = cloud.cloud.httpPort();
      assertTrue(get(port, "TLSv1.3").contains("200"));
      assertThrows(IOException.class, () -> get(port, "TLSv1.2"));
    } finally {
      cert.delete();
    }
  }
}
