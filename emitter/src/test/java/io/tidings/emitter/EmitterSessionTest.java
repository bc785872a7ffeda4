package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.bus.BusPublisher;
import io.tidings.bus.MessageType;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emitter's own session: one thread's emits leave in order and each once (identical ones included), the
 * options (key, table) hold for every namespace {@code of} derives, and a publisher the caller gave stays the
 * caller's.
 */
@Tag("postgres")
class EmitterSessionTest {

  @Test
  void emitsFromOneThreadArriveInTheirOrderEachOnceIdenticalOnesIncluded() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    try (Emitter emitter = Emitter.create(TestEmitters.options(db).build());
         NotifyListener wire = new NotifyListener(db, "socket.io#/")) {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        sent.add(i % 3 == 0 ? emitter.emit("same") : emitter.emit("n", i));
      }
      sent.add(emitter.emit("last"));
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      wire.await(p -> p.contains("\"last\""));
      List<String> got = wire.payloads().stream().map(p -> p.replaceFirst("^.*?\"data\":\\[(\"[a-z]+\"(,[0-9]+)?)\\].*$", "$1")).toList();
      List<String> expected = new ArrayList<>(IntStream.range(0, 300).mapToObj(i -> i % 3 == 0 ? "\"same\"" : "\"n\"," + i).toList());
      expected.add("\"last\"");
      assertThat(got).containsExactlyElementsOf(expected);
      assertThat(emitter.stats().sent()).isEqualTo(301);
    }
  }

  @Test
  void theKeyAndTableHoldForEveryNamespaceOfDerives() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    EmitterOptions options = TestEmitters.options(db).key("myapp").tableName("my_attachments").build();
    try (Emitter emitter = Emitter.create(options);
         NotifyListener wire = new NotifyListener(db, "myapp#/chat");
         Connection c = TestPostgres.connect(db)) {
      emitter.of("chat").emit("viaSession", (Object) new byte[] {1}).get(10, TimeUnit.SECONDS);
      emitter.of("chat").on(c).emit("viaJdbc", (Object) new byte[] {2});

      assertThat(wire.await(p -> p.contains("attachmentId")).channel()).isEqualTo("myapp#/chat");
      wire.await(p -> p.contains("attachmentId") && !p.equals(wire.payloads().get(0)));
      assertThat(TestPostgres.countRows(db, "my_attachments")).isEqualTo(2);
    }
  }

  @Test
  void aPublisherTheCallerGaveStaysOpenWhenTheEmitterCloses() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PostgresBusConfig config = PostgresBusConfig.builder().host(db.host()).port(db.port()).database(db.database())
        .user(db.user()).password(db.password()).build();
    try (BusPublisher publisher = PostgresBus.publisher(config).get(30, TimeUnit.SECONDS);
         NotifyListener wire = new NotifyListener(db, "socket.io#/")) {
      Emitter emitter = Emitter.create(publisher, EmitterOptions.defaults());
      emitter.emit("fromEmitter").get(10, TimeUnit.SECONDS);
      emitter.close();

      assertThat(publisher.send("/", MessageType.BROADCAST, null, Duration.ofSeconds(10))).succeedsWithin(Duration.ofSeconds(10));
      wire.await(p -> p.contains("fromEmitter"));
      wire.await(p -> p.equals("{\"type\":3,\"uid\":\"emitter\",\"nsp\":\"/\"}"));
    }
  }
}
