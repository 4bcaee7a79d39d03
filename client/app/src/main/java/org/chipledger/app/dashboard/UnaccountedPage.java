package org.chipledger.app.dashboard;

import org.chipledger.client.accounting.UnaccountedQuery;
import org.chipledger.client.ledger.LedgerClient;

/** Chips unaccounted for: {@code query unaccounted}. */
final class UnaccountedPage implements DashboardPage {
  private final LedgerClient ledger;

  UnaccountedPage(LedgerClient ledger) {
    this.ledger = ledger;
  }

  @Override
  public String id() {
    return "unaccounted";
  }

  @Override
  public String title() {
    return "Unaccounted chips";
  }

  @Override
  public void register(Api api) {
    api.get(
        "report",
        params ->
            ledger.unaccounted(
                UnaccountedQuery.request(
                    params.text("country"), params.instant("since"), params.instant("as_of"))));
  }
}
