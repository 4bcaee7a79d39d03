package org.chipledger.chaincode.custody;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.proto.ledger.v1.LossTally;
import org.chipledger.proto.ledger.v1.Policy;

/**
 * The chips each holder reported lost, stolen or destroyed per calendar period (issue 17 item 6,
 * Shavit 2023 fn 22): the investigation threshold applies to this sum, so a large loss split into
 * reports below the threshold still triggers an investigation.
 */
public final class LossTallies {
  private static final String TALLY = "custody~losses";

  private LossTallies() {}

  /** The state key of a holder's tally for a period label such as {@code 2026-Q3}. */
  public static String key(String holderOrg, String period) {
    return CompositeKeys.of(TALLY, holderOrg, period);
  }

  /** The UTC calendar period the policy sums losses over, containing {@code time}. */
  static String period(Policy policy, Timestamp time) {
    ZonedDateTime t = Instant.ofEpochSecond(time.getSeconds()).atZone(ZoneOffset.UTC);
    return switch (policy.getLossReportPeriod()) {
      case LOSS_REPORT_PERIOD_MONTH ->
          String.format(Locale.ROOT, "%04d-%02d", t.getYear(), t.getMonthValue());
      case LOSS_REPORT_PERIOD_QUARTER ->
          String.format(Locale.ROOT, "%04d-Q%d", t.getYear(), (t.getMonthValue() + 2) / 3);
      // Unspecified: the longest period is the safe default.
      case LOSS_REPORT_PERIOD_YEAR, LOSS_REPORT_PERIOD_UNSPECIFIED, UNRECOGNIZED ->
          String.format(Locale.ROOT, "%04d", t.getYear());
    };
  }

  /**
   * Adds {@code chips} newly out of accountable custody to the holder's tally of the current
   * period; returns whether the sum has reached the policy's threshold (0 = never).
   */
  static boolean add(LedgerState state, Policy policy, String holderOrg, int chips) {
    if (chips == 0) {
      return false;
    }
    String period = period(policy, state.txTime());
    String key = key(holderOrg, period);
    LossTally before =
        Records.load(state, key, LossTally.parser())
            .orElseGet(
                () -> LossTally.newBuilder().setHolderOrg(holderOrg).setPeriod(period).build());
    int threshold = policy.getInvestigationThreshold();
    long sum = (long) before.getChips() + chips;
    boolean investigate = threshold > 0 && sum >= threshold;
    LossTally after =
        before.toBuilder()
            .setChips((int) Math.min(sum, Integer.MAX_VALUE))
            .setReports(before.getReports() + 1)
            .setInvestigationTriggered(before.getInvestigationTriggered() || investigate)
            .build();
    state.put(key, after.toByteArray());
    return investigate;
  }
}
