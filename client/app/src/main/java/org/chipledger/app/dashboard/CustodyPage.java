package org.chipledger.app.dashboard;

import org.chipledger.client.ledger.LedgerClient;

/** Chips by country and status: {@code query counts}. */
final class CustodyPage implements DashboardPage {
  private final LedgerClient ledger;

  CustodyPage(LedgerClient ledger) {
    this.ledger = ledger;
  }

  @Override
  public String id() {
    return "custody";
  }

  @Override
  public String title() {
    return "Chips by country";
  }

  @Override
  public void register(Api api) {
    api.get("counts", params -> ledger.custodyCounts());
  }
}
