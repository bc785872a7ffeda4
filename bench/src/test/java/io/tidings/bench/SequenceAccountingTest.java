package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceAccountingTest {

  @Test
  void aCompleteInOrderStreamHasNoLossDuplicatesOrReordering() {
    SequenceLog log = new SequenceLog();
    for (int i = 0; i < 1000; i++) log.record(i);
    Tally t = Tally.EMPTY.plus(log, 1000);
    assertThat(t).isEqualTo(new Tally(1000, 1000, 0, 0, 0));
    assertThat(t.complete()).isTrue();
  }

  @Test
  void countsLostDuplicatedAndReorderedMessagesExactly() {
    SequenceLog log = new SequenceLog();
    for (long seq : new long[] {0, 2, 1, 3, 3, 5, 4}) log.record(seq); // 6 and 7 never arrive
    Tally t = Tally.EMPTY.plus(log, 8);
    assertThat(t.delivered()).isEqualTo(6);
    assertThat(t.lost()).isEqualTo(2);
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.reordered()).isEqualTo(2); // 1 after 2, 4 after 5
    assertThat(t.complete()).isFalse();
  }

  @Test
  void aReceiverThatSawNothingLosesEverything() {
    Tally t = Tally.EMPTY.plusMissing(50).plus(new SequenceLog(), 50);
    assertThat(t.expected()).isEqualTo(100);
    assertThat(t.lost()).isEqualTo(100);
  }

  @Test
  void messagesBeyondWhatWasAcceptedAreNotCountedAsDelivered() {
    SequenceLog log = new SequenceLog();
    log.record(0);
    log.record(1);
    assertThat(log.lost(1)).isZero();
  }
}
