package io.tidings.bench;

/**
 * The publishing account of one measurement step: requests sent, answered (accepted or refused) and cut
 * off by a closing connection. Every request of a step is sent over connections opened for that step
 * only, and each connection reports to the ledger it was opened with, so an answer that arrives after
 * its step ended can never be counted in a later step: once {@link #seal sealed}, a ledger only counts
 * such answers as {@link #late}. Without this a step that fell behind (a failed 60 s sustain window)
 * passed its late answers to the next one, which then showed more answers than requests
 * ({@code publish failed -23545/112851}) and more accepted messages than were published ({@code lost
 * 23545000}).
 *
 * <pre>
 *   open ──sent/answered/cut──► sealed (figures frozen) ──answers still arriving──► late
 * </pre>
 *
 * <p>Not thread-safe: confined to the publisher's event loop.
 */
public final class PublishLedger {

  /** What a sealed ledger says about its step. All counts are non-negative. */
  public record Result(long acceptedMessages, long requests, long failedRequests, long lostRequests) {

    public boolean clean() {
      return failedRequests == 0 && lostRequests == 0;
    }
  }

  private final int messagesPerRequest;
  private long sent;
  private long acceptedRequests;
  private long failed;
  private long cut;
  private long late;
  private boolean sealed;

  /** A ledger for requests that each carry {@code messagesPerRequest} messages. */
  public PublishLedger(int messagesPerRequest) {
    if (messagesPerRequest < 1) throw new IllegalArgumentException("messagesPerRequest must be ≥ 1");
    this.messagesPerRequest = messagesPerRequest;
  }

  /** A request of this step was sent. */
  public void sent() {
    if (sealed) throw new IllegalStateException("a sealed step sends nothing");
    sent++;
  }

  /** A request of this step was answered with HTTP {@code status}. */
  public void answered(int status) {
    if (sealed || answered() >= sent) {
      late++;
      return;
    }
    if (status >= 200 && status < 300) acceptedRequests++; else failed++;
  }

  /** A connection of this step closed with {@code unanswered} of its requests still waiting. */
  public void cut(int unanswered) {
    if (sealed) {
      late += unanswered;
      return;
    }
    cut += Math.min(unanswered, sent - answered() - cut);
  }

  /** Requests sent so far. */
  public long sentRequests() {
    return sent;
  }

  /** Requests answered or cut off so far: the ones no longer waiting. */
  public long settled() {
    return answered() + cut;
  }

  /** Answers (and cut-off requests) that came after {@link #seal}, counted nowhere else. */
  public long late() {
    return late;
  }

  private long answered() {
    return acceptedRequests + failed;
  }

  /** Ends the step: the figures are frozen and whatever is still unanswered counts as lost. */
  public Result seal() {
    sealed = true;
    return new Result(acceptedRequests * messagesPerRequest, sent, failed, sent - answered());
  }
}
