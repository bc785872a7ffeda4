package io.tidings.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pusher.client.Pusher;
import com.pusher.client.channel.PusherEvent;
import io.tidings.server.support.ChannelRecorder;
import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.PusherClients;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API never answers 200 for an event it then drops: when the bus's outgoing queue is full, events
 * are refused with 503 and {@code Retry-After: 1} and reach nobody, on this node or another; every event
 * answered 200 reaches subscribers on both nodes.
 *
 * <p>Two nodes on a real PostgreSQL, node A with an outgoing queue of 4 messages. The queue is made to fill
 * for real: a session holds an exclusive lock on the attachment table, so A's publisher stalls on the
 * INSERT of a large event (the bus sends in order, so everything after it waits) while the test keeps
 * posting; then the lock goes and everything queued flows.
 */
@Tag("postgres")
class EventsWhenTheBusIsFullTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANNEL = "news";

  @Test
  void eventsTheBusCannotTakeAreRefusedWith503AndReachNobodyWhileEveryAcceptedOneReachesBothNodes() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    Map<String, String> tiny = new HashMap<>(env);
    tiny.put("SOKETI_ADAPTER_POSTGRES_OUTGOING_QUEUE_LIMIT", "4");
    tiny.put("SOKETI_METRICS_ENABLED", "true");
    try (TestServer a = TestServer.start(tiny);
         TestServer b = TestServer.start(env);
         PusherClients clientsOfA = new PusherClients(a);
         PusherClients clientsOfB = new PusherClients(b)) {
      ChannelRecorder onA = subscribe(clientsOfA.connect(null, null));
      ChannelRecorder onB = subscribe(clientsOfB.connect(null, null));
      SignedApi api = SignedApi.forDefaultApp(a);
      // The path works, both ways of A's publisher are open, and B hears A.
      assertThat(post(api, "warm").statusCode()).isEqualTo(200);
      awaitEvent(onB, "warm");

      List<String> accepted = new ArrayList<>(List.of("warm"));
      List<String> refused = new ArrayList<>();
      List<HttpResponse<String>> refusals = new ArrayList<>();
      try (Connection lock = TestPostgres.connect(db)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE socket_io_attachments IN ACCESS EXCLUSIVE MODE");
        }
        // A large event goes through the attachment table: its INSERT waits for the lock, and so does
        // everything A publishes after it.
        sort(post(api, "big", "b".repeat(9_000)), "big", accepted, refused, refusals);
        for (int i = 0; i < 12; i++) {
          sort(post(api, "single-" + i), "single-" + i, accepted, refused, refusals);
        }
        sort(postBatch(api, "batch-x", "batch-y"), "batch-x", accepted, refused, refusals);
        if (accepted.contains("batch-x")) accepted.add("batch-y"); else refused.add("batch-y");
        lock.rollback(); // the lock goes; what A queued flows
      }

      assertThat(refused).as("some events found the queue full").isNotEmpty();
      assertThat(refusals).allSatisfy(r -> {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asInt()).isEqualTo(503);
        assertThat(body.path("error").asText()).isEqualTo(EventsApi.BUS_BUSY);
      });
      // A retry once the bus has room is accepted; then, since each node delivers A's messages in A's order,
      // once B has the last one it has every earlier one.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> post(api, "last").statusCode() == 200);
      accepted.add("last");
      awaitEvent(onB, "last");
      awaitEvent(onA, "last");

      assertThat(names(onB)).containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(names(onA)).containsExactlyInAnyOrderElementsOf(accepted);
      // Each refused event is one message the bus counted as dropped (a heartbeat that found the queue full
      // would be one more).
      assertThat(PrometheusText.value(a.scrape(), "tidings_bus_dropped_messages_total", Map.of()).orElseThrow())
          .isGreaterThanOrEqualTo(refused.size());
    }
  }

  private static ChannelRecorder subscribe(Pusher pusher) {
    ChannelRecorder recorder = new ChannelRecorder();
    pusher.subscribe(CHANNEL, recorder, "e");
    recorder.awaitSubscribed();
    return recorder;
  }

  private static HttpResponse<String> post(SignedApi api, String id) {
    return post(api, id, "");
  }

  /** One event as the SDKs send it: {@code data} is a JSON string holding {@code {"id":…,"pad":…}}. */
  private static ObjectNode event(String id, String padding) {
    return JSON.createObjectNode().put("name", "e").put("channel", CHANNEL)
        .put("data", JSON.createObjectNode().put("id", id).put("pad", padding).toString());
  }

  private static HttpResponse<String> post(SignedApi api, String id, String padding) {
    return api.post("/apps/app-id/events", event(id, padding).toString());
  }

  private static HttpResponse<String> postBatch(SignedApi api, String... ids) {
    ObjectNode body = JSON.createObjectNode();
    var batch = body.putArray("batch");
    for (String id : ids) batch.add(event(id, ""));
    return api.post("/apps/app-id/batch_events", body.toString());
  }

  private static void sort(HttpResponse<String> r, String id, List<String> accepted, List<String> refused,
      List<HttpResponse<String>> refusals) {
    if (r.statusCode() == 200) {
      accepted.add(id);
    } else {
      refused.add(id);
      refusals.add(r);
    }
  }

  /** Waits for the event with {@code id} on {@code recorder}, keeping every event read for {@link #names}. */
  private static void awaitEvent(ChannelRecorder recorder, String id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> names(recorder).contains(id));
  }

  private static final Map<ChannelRecorder, List<String>> SEEN = new HashMap<>();

  /** The ids of the events {@code recorder} received so far, in order, repeats included. */
  private static synchronized List<String> names(ChannelRecorder recorder) {
    List<String> seen = SEEN.computeIfAbsent(recorder, r -> new ArrayList<>());
    for (PusherEvent e; (e = recorder.events.poll()) != null; ) {
      try {
        seen.add(JSON.readTree(e.getData()).path("id").asText());
      } catch (java.io.IOException notJson) {
        seen.add("?" + e.getData());
      }
    }
    return List.copyOf(seen);
  }
}
