package org.chipledger.app.query;

import org.chipledger.app.output.Output;
import picocli.CommandLine.Option;

/** {@code --page-size} and {@code --bookmark} of the commands that list one page at a time. */
final class Paging {
  @Option(names = "--page-size")
  int pageSize;

  @Option(names = "--bookmark")
  String bookmark = "";

  Paging(int pageSize) {
    this.pageSize = pageSize;
  }

  /** In table mode, how to ask for the page after this one, if there is one. */
  static void next(Output out, String bookmark) {
    if (!out.json() && !bookmark.isEmpty()) {
      out.line("next page: --bookmark " + bookmark);
    }
  }
}
