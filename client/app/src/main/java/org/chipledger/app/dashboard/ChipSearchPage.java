package org.chipledger.app.dashboard;

import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.HistoryRequest;

/**
 * One chip by serial: its record ({@code query chip}), its custody chain ({@code query history},
 * page by page) and its snapshot head ({@code query chip-head}).
 */
final class ChipSearchPage implements DashboardPage {
  private final LedgerClient ledger;

  ChipSearchPage(LedgerClient ledger) {
    this.ledger = ledger;
  }

  @Override
  public String id() {
    return "chip";
  }

  @Override
  public String title() {
    return "Chip search";
  }

  @Override
  public void register(Api api) {
    api.get("record", params -> ledger.chip(params.required("serial")));
    api.get(
        "history",
        params ->
            ledger.chipHistory(
                HistoryRequest.newBuilder()
                    .setSerial(params.required("serial"))
                    .setPageSize(params.count("page_size", 100))
                    .setBookmark(params.text("bookmark"))
                    .build()));
    api.get("head", params -> ledger.chipHead(params.required("serial")));
  }
}
