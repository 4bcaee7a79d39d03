package org.chipledger.app.dashboard;

import java.util.function.Consumer;

/**
 * One page of the dashboard: its navigation entry, the script that draws it ({@code pages/<id>.js})
 * and the JSON queries that script calls, under {@code /api/<id>/}. A new page is one more entry in
 * {@link DashboardPages#all}, plus its script.
 *
 * @param id the page's anchor, script name and API prefix
 * @param title its navigation entry
 * @param queries registers the page's read-only queries
 */
public record DashboardPage(String id, String title, Consumer<Api> queries) {

  /** Adds the page's read-only queries. */
  public void register(Api api) {
    queries.accept(api);
  }
}
