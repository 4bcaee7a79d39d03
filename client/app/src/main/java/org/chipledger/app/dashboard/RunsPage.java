package org.chipledger.app.dashboard;

import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.verification.RunVerifications;
import org.chipledger.proto.ledger.v1.ListRunsRequest;

/** Training runs with their verification state: {@code query runs}. */
final class RunsPage implements DashboardPage {
  private final LedgerClient ledger;

  RunsPage(LedgerClient ledger) {
    this.ledger = ledger;
  }

  @Override
  public String id() {
    return "runs";
  }

  @Override
  public String title() {
    return "Runs";
  }

  @Override
  public void register(Api api) {
    api.get(
        "list",
        params ->
            RunVerifications.page(
                ledger,
                ListRunsRequest.newBuilder()
                    .setSiteId(params.text("site_id"))
                    .setOwnerOrg(params.text("owner"))
                    .setPageSize(params.count("page_size", 50))
                    .setBookmark(params.text("bookmark"))
                    .build()));
  }
}
