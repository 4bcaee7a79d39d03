package org.chipledger.app.dashboard;

import com.google.protobuf.Message;
import io.javalin.Javalin;
import java.util.function.Function;
import org.chipledger.client.ledger.ProtoJson;

/**
 * The read-only JSON API a page registers its queries on: each answers with a ledger message in the
 * CLI's {@code --output json} form.
 */
public final class Api {
  private final Javalin app;
  private final String prefix;

  Api(Javalin app, String pageId) {
    this.app = app;
    this.prefix = "/api/" + pageId;
  }

  /** Answers {@code GET /api/<page>/<name>} with what {@code query} returns for its parameters. */
  public void get(String name, Function<QueryParams, Message> query) {
    app.get(
        prefix + "/" + name,
        ctx ->
            ctx.contentType("application/json")
                .result(ProtoJson.print(query.apply(new QueryParams(ctx)))));
  }
}
