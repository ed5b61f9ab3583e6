package io.carbonmlops.ledger.store;

/**
 * Finer sums of one group and month that reports state per line.
 *
 * @param group            as in {@link GroupTotals}
 * @param month            as in {@link GroupTotals}
 * @param estimatedJoules  IT energy of devices whose figure is an estimate ({@code devices[].estimate})
 * @param deviceJoules     IT energy of all devices
 */
public record GroupDetail(String group, String month, double estimatedJoules, double deviceJoules) {}
