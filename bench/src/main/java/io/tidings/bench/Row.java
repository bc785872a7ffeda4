package io.tidings.bench;

/**
 * One line of the results table: a scenario's metric for Tidings and for the peer from the same run
 * (medians over the rounds), their ratio, the goal, whether it is met, and what else was seen.
 *
 * @param id        scenario number and metric, e.g. "1"
 * @param scenario  what was measured
 * @param unit      unit of the two figures
 * @param tidings   Tidings' median
 * @param peer      the peer's median (NaN when the row has no peer figure)
 * @param peerName  who the peer is
 * @param ratio     how the figures compare, as the goal states it (e.g. tidings/peer), NaN if none
 * @param goal      the goal, in words
 * @param met       whether the goal is met
 * @param notes     per-round figures, CPU per process, load average, and why a goal is not met
 * @param command   the command that measures this row alone
 */
public record Row(String id, String scenario, String unit, double tidings, double peer, String peerName, double ratio,
    String goal, boolean met, String notes, String command) {}
