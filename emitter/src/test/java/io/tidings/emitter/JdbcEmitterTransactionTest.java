package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JDBC path's guarantee, on real pgjdbc connections: an emit inside a transaction is delivered at commit
 * and never on rollback (no attachment row left either), in the transaction's order and in commit order
 * across transactions; in autocommit mode at once. "Not yet delivered" is shown without waiting: a marker
 * NOTIFY committed by another session afterwards is delivered first, and delivery follows commit order.
 */
@Tag("postgres")
class JdbcEmitterTransactionTest {

  private static final String ROOT = "socket.io#/";
  private PgTarget db;
  private JdbcEmitter emitter;

  @BeforeEach
  void database() throws SQLException {
    db = TestPostgres.newDatabase();
    emitter = JdbcEmitter.create();
    try (Connection c = TestPostgres.connect(db)) {
      emitter.createAttachmentTable(c);
    }
  }

  @Test
  void anEmitInsideATransactionIsDeliveredOnlyOnceItCommits() throws Exception {
    try (NotifyListener wire = new NotifyListener(db, ROOT); Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      emitter.on(c).to("room1").emit("inTransaction", 1);
      emitter.on(c).emit("binaryInTransaction", (Object) new byte[] {1, 2});

      wire.send(ROOT, "marker-before-commit");
      wire.awaitExactly("marker-before-commit");
      assertThat(wire.payloads()).containsExactly("marker-before-commit");

      c.commit();
      wire.await(p -> p.contains("inTransaction"));
      wire.await(p -> p.contains("attachmentId"));
      assertThat(wire.payloads()).hasSize(3).first().isEqualTo("marker-before-commit");
      assertThat(emitter.stats().sent()).isEqualTo(2);
    }
  }

  @Test
  void aRolledBackEmitIsNeverDeliveredAndLeavesNoAttachmentRow() throws Exception {
    try (NotifyListener wire = new NotifyListener(db, ROOT); Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      emitter.on(c).emit("rolledBackSmall", 1);
      emitter.on(c).emit("rolledBackBinary", (Object) new byte[] {1});
      emitter.on(c).emit("rolledBackLarge", "x".repeat(9_000));
      assertThat(TestPostgres.countRows(db, "socket_io_attachments")).as("uncommitted rows are invisible").isZero();
      c.rollback();

      wire.send(ROOT, "marker-after-rollback");
      wire.awaitExactly("marker-after-rollback");
      assertThat(wire.payloads()).containsExactly("marker-after-rollback");
      assertThat(TestPostgres.countRows(db, "socket_io_attachments")).isZero();
    }
  }

  @Test
  void inAutocommitModeAnEmitIsSentAtOnce() throws Exception {
    try (NotifyListener wire = new NotifyListener(db, ROOT); Connection c = TestPostgres.connect(db)) {
      assertThat(c.getAutoCommit()).isTrue();

      emitter.on(c).emit("autocommitted", 1);
      emitter.on(c).emit("autocommittedBinary", (Object) new byte[] {3});

      wire.await(p -> p.contains("autocommitted"));
      wire.await(p -> p.contains("attachmentId"));
      assertThat(TestPostgres.countRows(db, "socket_io_attachments")).isEqualTo(1);
    }
  }

  @Test
  void theEmitsOfOneTransactionArriveInTheirOrderAndTransactionsInCommitOrder() throws Exception {
    try (NotifyListener wire = new NotifyListener(db, ROOT);
         Connection first = TestPostgres.connect(db); Connection second = TestPostgres.connect(db)) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      emitter.on(first).emit("first-1");
      emitter.on(second).emit("second-1");
      emitter.on(first).emit("first-2", (Object) new byte[] {2});
      emitter.on(second).to("r").socketsJoin("r2");
      emitter.on(first).emit("first-3", "y".repeat(9_000));
      emitter.on(first).emit("first-4");
      second.commit(); // second commits first, so its messages come first
      first.commit();

      wire.await(p -> p.contains("first-4"));
      List<String> got = wire.payloads().stream().map(JdbcEmitterTransactionTest::what).toList();
      assertThat(got).containsExactly("second-1", "join", "first-1", "attachment", "attachment", "first-4");
    }
  }

  @Test
  void identicalEmitsInOneTransactionAreDeliveredOnceAsPostgresDocuments() throws Exception {
    // The caveat JdbcEmitter documents: PostgreSQL folds identical notifications of one transaction into one.
    try (NotifyListener wire = new NotifyListener(db, ROOT); Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      emitter.on(c).emit("same", 1);
      emitter.on(c).emit("same", 1);
      emitter.on(c).emit("same", 2);
      c.commit();
      wire.send(ROOT, "marker");

      wire.awaitExactly("marker");
      assertThat(wire.payloads().stream().filter(p -> p.contains("\"same\""))).hasSize(2);
    }
  }

  @Test
  void aFailedStatementThrowsWithTheSqlExceptionIsCountedAndAbortsTheTransaction() throws Exception {
    JdbcEmitter noTable = JdbcEmitter.create(EmitterOptions.builder().tableName("no_such_table").build());
    try (NotifyListener wire = new NotifyListener(db, ROOT); Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      noTable.on(c).emit("fine", 1);

      assertThatThrownBy(() -> noTable.on(c).emit("needsTheTable", (Object) new byte[] {1}))
          .isInstanceOf(EmitterException.class)
          .hasCauseInstanceOf(SQLException.class)
          .hasMessageContaining("BROADCAST \"needsTheTable\" in namespace /")
          .hasMessageContaining("no_such_table");
      assertThatThrownBy(() -> noTable.on(c).emit("afterTheFailure", 1))
          .as("the transaction is aborted").isInstanceOf(EmitterException.class)
          .hasMessageContaining("current transaction is aborted");
      c.rollback();

      assertThat(noTable.stats().sent()).isEqualTo(1);
      assertThat(noTable.stats().failed()).isEqualTo(2);
      wire.send(ROOT, "marker");
      wire.awaitExactly("marker");
      assertThat(wire.payloads()).containsExactly("marker");
    }
  }

  /** The event of a BROADCAST, "join" for SOCKETS_JOIN, "attachment" for a header. */
  private static String what(String payload) {
    if (payload.contains("attachmentId")) return "attachment";
    if (payload.startsWith("{\"type\":4")) return "join";
    return payload.replaceFirst("^.*?\"data\":\\[\"([^\"]+)\".*$", "$1");
  }
}
