package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.BusPublishException;
import io.tidings.bus.BusPublisher;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.ChannelName;
import io.tidings.bus.wire.OutboundMessage;
import io.tidings.bus.wire.Publication;
import io.tidings.testing.PgTarget;
import io.tidings.testing.RestartablePostgres;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish-only handle (an emitter) on a real database: what it publishes reaches Tidings nodes with the
 * uid "emitter" and no sequence number, inline or through the attachment table, and it is never a node; it
 * holds one session and listens to nothing. The same encoding works on a plain JDBC connection.
 */
@Tag("postgres")
class PostgresBusPublisherTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static PgTarget db;
  @RegisterExtension
  final TestBuses buses = new TestBuses();

  @BeforeAll
  static void database() {
    db = TestPostgres.newDatabase();
  }

  private static BusPublisher emitter() throws Exception {
    return PostgresBus.publisher(TestBuses.config(db).build()).get(30, TimeUnit.SECONDS);
  }

  private static ObjectNode emit(String event, Object arg) {
    ObjectNode data = JSON.objectNode();
    var args = data.putObject("packet").put("type", 2).putArray("data").add(event);
    if (arg instanceof String s) args.add(s);
    if (arg instanceof byte[] b) args.add(b);
    ObjectNode opts = data.putObject("opts");
    opts.putArray("rooms");
    opts.putArray("except");
    opts.putObject("flags");
    return data;
  }

  @Test
  void itsMessagesSmallLargeAndBinaryReachANodeWhichNeverCountsItAsAPeer() throws Exception {
    PostgresBus node = buses.start(db);
    RecordingListener listener = new RecordingListener();
    BusNamespace ns = node.join("/", listener);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().publishedMessages() >= 1); // listening
    try (BusPublisher emitter = emitter()) {
      assertThat(emitter.publish("/", MessageType.BROADCAST, emit("small", "x"))).isTrue();
      assertThat(emitter.publish("/", MessageType.BROADCAST, emit("large", "y".repeat(9_000)))).isTrue();
      assertThat(emitter.publish("/", MessageType.BROADCAST, emit("binary", new byte[] {9, 9}))).isTrue();
      assertThat(emitter.publishRaw("/", MessageType.SERVER_SIDE_EMIT, "{\"packet\":[\"plain\",\"from-emitter\"]}")).isTrue();

      await().atMost(Duration.ofSeconds(20)).until(() -> listener.fromPeers(MessageType.BROADCAST).size() == 3
          && listener.fromPeers(MessageType.SERVER_SIDE_EMIT).size() == 1);
      assertThat(emitter.stats().attachmentsWritten()).isEqualTo(2);
      assertThat(emitter.stats().droppedMessages()).isZero();
    }
    List<BusMessage> got = listener.fromPeers(MessageType.BROADCAST);
    assertThat(got).allSatisfy(m -> {
      assertThat(m.uid()).isEqualTo("emitter");
      assertThat(m.seq()).isEqualTo(-1);
      assertThat(m.nsp()).isEqualTo("/");
    });
    assertThat(got).extracting(m -> m.data().at("/packet/data/0").asText()).containsExactly("small", "large", "binary");
    assertThat(got.get(1).data().at("/packet/data/1").asText()).hasSize(9_000);
    assertThat(got.get(2).data().at("/packet/data/1").binaryValue()).containsExactly(9, 9);
    assertThat(ns.peers()).isEmpty();
    assertThat(listener.events).isEmpty();
    assertThat(node.stats().missedMessages()).isZero();
    assertThat(node.stats().undecodableMessages()).isZero();
  }

  @Test
  void itsNotificationsCarryTheTopLevelNspAndNoSequenceNumber() throws Exception {
    try (RawChannel wire = new RawChannel(db, "socket.io#/custom"); BusPublisher emitter = emitter()) {
      emitter.publish("/custom", MessageType.BROADCAST, emit("nsMsg", "7"));

      String payload = wire.await(p -> p.contains("nsMsg"), 10_000);
      assertThat(payload).isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"nsMsg\",\"7\"]},"
          + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"emitter\",\"nsp\":\"/custom\"}");
    }
  }

  @Test
  void itHoldsOneSessionAndListensToNothing() throws Exception {
    try (BusPublisher emitter = emitter()) {
      emitter.publish("/", MessageType.BROADCAST, emit("x", "y"));
      await().atMost(Duration.ofSeconds(10)).until(() -> emitter.stats().publishedMessages() == 1);

      try (Connection c = TestPostgres.connect(db);
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*), count(*) FILTER (WHERE query ILIKE 'LISTEN%') "
               + "FROM pg_stat_activity WHERE application_name = 'tidings-bus emitter'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isZero();
      }
    }
  }

  @Test
  void thePublicEncoderPublishesOnAPlainJdbcConnectionToo() throws Exception {
    PostgresBus node = buses.start(db);
    RecordingListener listener = new RecordingListener();
    node.join("/jdbc", listener);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().publishedMessages() >= 1);
    String channel = ChannelName.of(PostgresBusConfig.DEFAULT_CHANNEL_PREFIX, "/jdbc");

    try (Connection c = TestPostgres.connect(db)) {
      for (ObjectNode data : List.of(emit("inline", "a"), emit("attached", "b".repeat(8_100)))) {
        switch (OutboundMessage.of(MessageType.BROADCAST, data, BusPublisher.EMITTER_UID, "/jdbc")
            .publication(-1, PostgresBusConfig.DEFAULT_PAYLOAD_THRESHOLD)) {
          case Publication.Notify n -> notify(c, channel, n.payload());
          case Publication.Attachment a -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO socket_io_attachments (payload) VALUES (?) RETURNING id")) {
              ps.setBytes(1, a.row());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
              }
            }
            notify(c, channel, a.header(id));
          }
        }
      }
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.fromPeers(MessageType.BROADCAST).size() == 2);
    assertThat(listener.fromPeers(MessageType.BROADCAST)).extracting(m -> m.data().at("/packet/data/0").asText())
        .containsExactly("inline", "attached");
    assertThat(node.stats().attachmentsRead()).isEqualTo(1);
  }

  private static void notify(Connection c, String channel, String payload) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }

  @Test
  void publishingAfterShutdownIsRefusedAndCounted() throws Exception {
    BusPublisher emitter = emitter();
    emitter.shutdown().get(30, TimeUnit.SECONDS);

    assertThat(emitter.publish("/", MessageType.BROADCAST, emit("late", "x"))).isFalse();
    assertThat(emitter.stats().droppedMessages()).isEqualTo(1);
  }

  @Test
  void aSentMessageCompletesItsFutureOnceCommittedInlineOrThroughTheTable() throws Exception {
    try (RawChannel wire = new RawChannel(db, "socket.io#/sent"); BusPublisher emitter = emitter()) {
      CompletableFuture<Void> small = emitter.send("/sent", MessageType.BROADCAST, emit("small", "x"), Duration.ofSeconds(10));
      CompletableFuture<Void> binary = emitter.send("/sent", MessageType.BROADCAST, emit("bin", new byte[] {1}), Duration.ofSeconds(10));

      small.get(10, TimeUnit.SECONDS);
      binary.get(10, TimeUnit.SECONDS);
      wire.await(p -> p.contains("\"small\""), 10_000);
      wire.await(p -> p.contains("attachmentId"), 10_000);
      assertThat(emitter.stats().droppedMessages()).isZero();
    }
  }

  @Test
  void aStatementPostgresRefusesFailsTheFutureOfItsMessageAsRefused() throws Exception {
    try (BusPublisher emitter = emitter()) {
      TestPostgres.execute(db, "ALTER TABLE socket_io_attachments RENAME TO socket_io_attachments_away");
      try {
        CompletableFuture<Void> binary = emitter.send("/", MessageType.BROADCAST, emit("bin", new byte[] {1}), Duration.ofSeconds(10));

        BusPublishException e = failure(binary);
        assertThat(e.reason()).isEqualTo(BusPublishException.Reason.REFUSED);
        assertThat(e.getMessage()).contains("socket_io_attachments");
        assertThat(emitter.stats().droppedMessages()).isEqualTo(1);
        // The publisher goes on with the next message.
        emitter.send("/", MessageType.BROADCAST, emit("after", "x"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
      } finally {
        TestPostgres.execute(db, "ALTER TABLE socket_io_attachments_away RENAME TO socket_io_attachments");
      }
    }
  }

  @Test
  void whileTheDatabaseIsDownAMessageIsWithdrawnAtItsSendTimeoutAndNeverSentAfterwards() throws Exception {
    try (RestartablePostgres server = TestPostgres.dedicated()) {
      PgTarget target = server.target();
      BusPublisher emitter = PostgresBus.publisher(TestBuses.config(target).build()).get(30, TimeUnit.SECONDS);
      try {
        server.stop();
        CompletableFuture<Void> lost = emitter.send("/", MessageType.BROADCAST, emit("during-outage", "x"), Duration.ofMillis(500));

        BusPublishException e = failure(lost);
        assertThat(e.reason()).isEqualTo(BusPublishException.Reason.NOT_SENT_IN_TIME);
        assertThat(emitter.stats().publishStatements()).isZero();
        assertThat(emitter.stats().droppedMessages()).isEqualTo(1);

        server.start();
        try (RawChannel wire = new RawChannel(target, "socket.io#/")) {
          emitter.send("/", MessageType.BROADCAST, emit("after-outage", "x"), Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
          wire.await(p -> p.contains("after-outage"), 10_000);
          assertThat(wire.seen()).noneMatch(p -> p.contains("during-outage"));
        }
      } finally {
        emitter.shutdown().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void sendingAfterShutdownFailsAtOnce() throws Exception {
    BusPublisher emitter = emitter();
    emitter.shutdown().get(30, TimeUnit.SECONDS);

    CompletableFuture<Void> late = emitter.send("/", MessageType.BROADCAST, emit("late", "x"), Duration.ofSeconds(10));

    assertThat(late).isCompletedExceptionally();
    assertThat(failure(late).reason()).isEqualTo(BusPublishException.Reason.SHUT_DOWN);
  }

  @Test
  void identicalMessagesSentTogetherAreDeliveredOnceEach() throws Exception {
    // An emitter's messages carry no sequence number, and PostgreSQL delivers identical payloads NOTIFYed in
    // one transaction once: the publisher must not put two of them in one statement.
    try (RawChannel wire = new RawChannel(db, "socket.io#/same"); BusPublisher emitter = emitter()) {
      List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sent.add(emitter.send("/same", MessageType.BROADCAST, emit("same", "x"), Duration.ofSeconds(10)));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      emitter.send("/same", MessageType.BROADCAST, emit("last", "x"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

      wire.await(p -> p.contains("\"last\""), 10_000);
      assertThat(wire.seen().stream().filter(p -> p.contains("\"same\""))).hasSize(50);
    }
  }

  private static BusPublishException failure(CompletableFuture<Void> f) {
    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    assertThat(e).as("the send failed").isNotNull();
    assertThat(e.getCause()).isInstanceOf(BusPublishException.class);
    return (BusPublishException) e.getCause();
  }
}
