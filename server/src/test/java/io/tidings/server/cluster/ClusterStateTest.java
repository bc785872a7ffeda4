package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.server.channels.PresenceMember;
import io.tidings.server.cluster.NodeSnapshot.PresenceEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replicated cluster view with two fake nodes, A and B: each transition (occupied, vacated, member
 * added, member removed) happens exactly once however the nodes' reports interleave, reports are
 * idempotent, and a node's snapshot replaces all it said before.
 */
class ClusterStateTest {

  static final String APP = "app";
  static final JsonNode INFO = JsonNodeFactory.instance.objectNode().put("name", "Ada");

  final ClusterState state = new ClusterState();

  private static PresenceEntry entry(JsonNode user, int sockets) {
    return new PresenceEntry(user, INFO, sockets);
  }

  private List<Transition> presence(String node, String channel, JsonNode user, int sockets) {
    return state.applyPresence(node, APP, channel, user.toString(), sockets == 0 ? null : entry(user, sockets));
  }

  @Test
  void aChannelIsOccupiedOnceAndVacatedOnceAcrossTwoNodes() {
    assertThat(state.applyChannelCount("A", APP, "c", 1)).containsExactly(new Transition.Occupied(APP, "c"));
    assertThat(state.applyChannelCount("B", APP, "c", 2)).isEmpty();
    assertThat(state.applyChannelCount("A", APP, "c", 2)).isEmpty();
    assertThat(state.subscriptions(APP, "c")).isEqualTo(4);
    assertThat(state.applyChannelCount("A", APP, "c", 0)).isEmpty();
    assertThat(state.applyChannelCount("B", APP, "c", 1)).isEmpty();
    assertThat(state.applyChannelCount("B", APP, "c", 0)).containsExactly(new Transition.Vacated(APP, "c"));
    assertThat(state.subscriptions(APP, "c")).isZero();
    assertThat(state.channels(APP)).isEmpty();
  }

  @Test
  void aRepeatedCountIsApplyingNothing() {
    state.applyChannelCount("A", APP, "c", 1);
    assertThat(state.applyChannelCount("A", APP, "c", 1)).isEmpty();
    assertThat(state.subscriptions(APP, "c")).isEqualTo(1);
  }

  @Test
  void aUserOnTwoNodesIsAddedOnceAndRemovedOnceWhenItsLastSocketLeaves() {
    JsonNode u = TextNode.valueOf("u1");
    assertThat(presence("A", "presence-p", u, 1))
        .containsExactly(new Transition.MemberAdded(APP, "presence-p", new PresenceMember(u, INFO)));
    assertThat(presence("B", "presence-p", u, 1)).isEmpty();
    assertThat(presence("A", "presence-p", u, 2)).isEmpty();
    assertThat(state.memberCount(APP, "presence-p")).isEqualTo(1);
    assertThat(presence("A", "presence-p", u, 0)).isEmpty();
    assertThat(state.hasMember(APP, "presence-p", u.toString())).isTrue();
    assertThat(presence("B", "presence-p", u, 0))
        .containsExactly(new Transition.MemberRemoved(APP, "presence-p", new PresenceMember(u, INFO)));
    assertThat(state.memberCount(APP, "presence-p")).isZero();
    assertThat(state.hasMember(APP, "presence-p", u.toString())).isFalse();
  }

  @Test
  void theNumberOneAndTheStringOneAreTwoUsers() {
    presence("A", "presence-t", IntNode.valueOf(1), 1);
    assertThat(presence("A", "presence-t", TextNode.valueOf("1"), 1)).hasSize(1);
    assertThat(state.memberCount(APP, "presence-t")).isEqualTo(2);
    assertThat(state.members(APP, "presence-t")).extracting(PresenceMember::userId)
        .containsExactly(IntNode.valueOf(1), TextNode.valueOf("1"));
  }

  @Test
  void membersAreListedInTheOrderTheyFirstJoined() {
    presence("B", "presence-o", TextNode.valueOf("second"), 1);
    presence("A", "presence-o", TextNode.valueOf("third"), 1);
    presence("A", "presence-o", TextNode.valueOf("second"), 1);
    assertThat(state.members(APP, "presence-o")).extracting(m -> m.userId().asText()).containsExactly("second", "third");
  }

  @Test
  void aNodesSnapshotAddsWhatItHolds() {
    NodeSnapshot s = new NodeSnapshot();
    s.setChannel(APP, "presence-s", 2);
    s.setPresence(APP, "presence-s", "\"u\"", entry(TextNode.valueOf("u"), 2));
    s.setConnections(APP, 3);
    assertThat(state.replaceNode("A", s)).containsExactlyInAnyOrder(
        new Transition.Occupied(APP, "presence-s"),
        new Transition.MemberAdded(APP, "presence-s", new PresenceMember(TextNode.valueOf("u"), INFO)));
    assertThat(state.connections(APP, "nobody")).isEqualTo(3);
    assertThat(state.connections(APP, "A")).as("other nodes than A").isZero();
    assertThat(state.knows("A")).isTrue();
  }

  @Test
  void aNewerSnapshotReplacesWhatTheNodeSaidBefore() {
    state.applyChannelCount("A", APP, "old", 1);
    presence("A", "presence-x", TextNode.valueOf("gone"), 1);
    NodeSnapshot s = new NodeSnapshot();
    s.setChannel(APP, "new", 1);
    List<Transition> t = state.replaceNode("A", s);
    assertThat(t).containsExactlyInAnyOrder(
        new Transition.Vacated(APP, "old"),
        new Transition.Occupied(APP, "new"),
        new Transition.MemberRemoved(APP, "presence-x", new PresenceMember(TextNode.valueOf("gone"), INFO)));
  }

  @Test
  void aNodeThatLeavesTakesItsSubscriptionsAndMembersButNotTheOtherNodes() {
    JsonNode shared = TextNode.valueOf("shared");
    JsonNode onlyA = TextNode.valueOf("onlyA");
    state.applyChannelCount("A", APP, "presence-g", 2);
    state.applyChannelCount("B", APP, "presence-g", 1);
    state.applyChannelCount("A", APP, "a-only", 1);
    presence("A", "presence-g", shared, 1);
    presence("A", "presence-g", onlyA, 1);
    presence("B", "presence-g", shared, 1);
    state.applyConnections("A", APP, 3);
    state.applyConnections("B", APP, 1);
    List<Transition> t = state.replaceNode("A", null);
    assertThat(t).containsExactlyInAnyOrder(
        new Transition.Vacated(APP, "a-only"),
        new Transition.MemberRemoved(APP, "presence-g", new PresenceMember(onlyA, INFO)));
    assertThat(state.subscriptions(APP, "presence-g")).isEqualTo(1);
    assertThat(state.members(APP, "presence-g")).extracting(PresenceMember::userId).containsExactly(shared);
    assertThat(state.connections(APP, "nobody")).isEqualTo(1);
    assertThat(state.nodes()).containsExactly("B");
    assertThat(state.replaceNode("A", null)).as("a second removal changes nothing").isEmpty();
  }

  @Test
  void updatedUserInfoIsKeptWithoutAnotherTransition() {
    JsonNode u = TextNode.valueOf("u");
    presence("A", "presence-i", u, 1);
    JsonNode newer = JsonNodeFactory.instance.objectNode().put("name", "Grace");
    assertThat(state.applyPresence("A", APP, "presence-i", u.toString(), new PresenceEntry(u, newer, 1))).isEmpty();
    assertThat(state.members(APP, "presence-i")).extracting(PresenceMember::info).containsExactly(newer);
  }
}
