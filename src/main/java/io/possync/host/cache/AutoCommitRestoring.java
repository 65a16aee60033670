package io.possync.host.cache;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Works around vertx-jdbc-client 5.0.7 leaving a pooled connection in manual-commit mode after every transaction
 * (vert-x3/vertx-jdbc-client#356, fixed upstream after 5.0.7): its commit and rollback are followed by
 * {@code setAutoCommit(false)} where {@code true} was meant. Left alone, every statement run outside
 * {@code withTransaction} afterwards sits in an implicit transaction that nothing commits: not durable, invisible to
 * the file's other connection, and committed or rolled back by whatever transaction comes next. This wrapper turns
 * a {@code setAutoCommit(false)} that directly follows a commit or rollback into {@code setAutoCommit(true)}; a
 * transaction's own {@code setAutoCommit(false)} (its BEGIN) is left as it is.
 */
final class AutoCommitRestoring {

  private AutoCommitRestoring() {
  }

  static DataSource wrap(DataSource ds) {
    return (DataSource) Proxy.newProxyInstance(AutoCommitRestoring.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, m, args) -> {
          Object r = invoke(ds, m, args);
          return r instanceof Connection c && m.getName().equals("getConnection") ? connection(c) : r;
        });
  }

  private static Connection connection(Connection c) {
    boolean[] justEnded = {false};
    InvocationHandler h = (proxy, m, args) -> {
      String name = m.getName();
      if (name.equals("setAutoCommit") && args != null && Boolean.FALSE.equals(args[0]) && justEnded[0]) {
        justEnded[0] = false;
        c.setAutoCommit(true);
        return null;
      }
      Object r = invoke(c, m, args);
      justEnded[0] = name.equals("commit") || name.equals("rollback");
      return r;
    };
    return (Connection) Proxy.newProxyInstance(AutoCommitRestoring.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
