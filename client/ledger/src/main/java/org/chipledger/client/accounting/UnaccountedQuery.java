package org.chipledger.client.accounting;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;

/** The unaccounted-chips question as the CLI and the dashboard both ask it. */
public final class UnaccountedQuery {
  private UnaccountedQuery() {}

  /**
   * @param country empty for every country
   * @param since only chips unaccounted since then; null for all
   * @param asOf the report date; null for the transaction time
   */
  public static UnaccountedRequest request(String country, Instant since, Instant asOf) {
    UnaccountedRequest.Builder request = UnaccountedRequest.newBuilder().setCountry(country);
    if (since != null) {
      request.setPeriodStart(Timestamp.newBuilder().setSeconds(since.getEpochSecond()));
    }
    if (asOf != null) {
      request.setAsOf(Timestamp.newBuilder().setSeconds(asOf.getEpochSecond()));
    }
    return request.build();
  }
}
