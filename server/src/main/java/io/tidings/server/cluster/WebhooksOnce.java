package io.tidings.server.cluster;

import io.tidings.server.app.App;
import io.tidings.server.app.AppManager;
import io.tidings.server.channels.LocalApp;
import io.tidings.server.channels.LocalApps;
import io.tidings.server.webhooks.WebhookEvents;
import java.util.function.Consumer;

/**
 * The webhooks of cluster-wide transitions — {@code channel_occupied}, {@code channel_vacated},
 * {@code member_added}, {@code member_removed} — sent once for the whole cluster: every node finds the
 * same transitions at the same point of the total order, and only the node whose message caused one is
 * given it here. The app's settings (its webhooks) come from this node's state of the app, or from the
 * app manager when this node has none (a transition caused by a NODE_GONE about an app with no local
 * connection).
 *
 * <p><b>Threading:</b> {@link #raise} on the cluster state thread; the app manager's answer may complete
 * on any thread, and {@link WebhookEvents} only enqueues.
 */
final class WebhooksOnce {

  private final LocalApps localApps;
  private final AppManager apps;
  private final WebhookEvents webhooks;

  WebhooksOnce(LocalApps localApps, AppManager apps, WebhookEvents webhooks) {
    this.localApps = localApps;
    this.apps = apps;
    this.webhooks = webhooks;
  }

  /** Sends the webhook of {@code t}, which a message of this node caused. */
  void raise(Transition t) {
    switch (t) {
      case Transition.Occupied o -> withApp(o.app(), a -> webhooks.channelOccupied(a, o.channel()));
      case Transition.Vacated v -> withApp(v.app(), a -> webhooks.channelVacated(a, v.channel()));
      case Transition.MemberAdded ma -> withApp(ma.app(), a -> webhooks.memberAdded(a, ma.channel(), ma.member().userId()));
      case Transition.MemberRemoved mr -> withApp(mr.app(), a -> webhooks.memberRemoved(a, mr.channel(), mr.member().userId()));
    }
  }

  private void withApp(String appId, Consumer<App> action) {
    LocalApp local = localApps.get(appId);
    if (local != null) {
      action.accept(local.app());
      return;
    }
    apps.findById(appId).whenComplete((app, err) -> {
      if (app != null) action.accept(app);
    });
  }
}
