package org.chipledger.app.dashboard;

/**
 * One page of the dashboard: its navigation entry, the script that draws it ({@code pages/<id>.js})
 * and the JSON queries that script calls, under {@code /api/<id>/}. A new page is one class of this
 * type, listed in {@code DashboardServer.pages}, plus its script.
 */
public interface DashboardPage {

  /** The page's anchor, script name and API prefix. */
  String id();

  String title();

  /** Adds the page's read-only queries. */
  void register(Api api);
}
