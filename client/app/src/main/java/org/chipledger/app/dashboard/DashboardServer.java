package org.chipledger.app.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.ProtoJson;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The treaty parties' dashboard over HTTP on a loopback address: static pages, their read-only JSON
 * queries, and, only when started with an inspector's identity, the one token-guarded action.
 *
 * <pre>{@code
 * try (DashboardServer server = DashboardServer.start(reader, Optional.empty(), "127.0.0.1", 0)) {
 *   URI home = server.url();
 * }
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
  /** Where the inspector action is posted. */
  public static final String ACTION_PATH = "/api/runs/verification";

  /** The pages load only their own files; nothing inline, nothing framed, no plugins. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors"
          + " 'none'";

  private final Javalin app;
  private final String host;

  private DashboardServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Starts serving on {@code host:port} (port 0: any free one); {@code host} must be a loopback
   * address, since the dashboard speaks plain HTTP.
   */
  public static DashboardServer start(
      LedgerClient reader, Optional<InspectorAction> action, String host, int port) {
    requireLoopback(host);
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.staticFiles.add("/dashboard", Location.CLASSPATH);
            });
    List<DashboardPage> pages = DashboardPages.all(reader);
    app.before(
        ctx -> {
          harden(ctx);
          guard(ctx, host, app.port());
        });
    for (DashboardPage page : pages) {
      page.register(new Api(app, page.id()));
    }
    app.get("/api/pages", ctx -> json(ctx, navigation(pages, action)));
    app.post(
        ACTION_PATH,
        ctx -> {
          InspectorAction inspector =
              action.orElseThrow(
                  () ->
                      new LedgerException(
                          ErrorCode.DASHBOARD_READ_ONLY,
                          "this dashboard was started without --inspector-identity"));
          ctx.contentType("application/json")
              .result(ProtoJson.print(inspector.request(ctx.header("Authorization"), ctx.body())));
        });
    app.exception(LedgerException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> error(ctx, ErrorCode.INTERNAL, String.valueOf(e.getMessage())));
    app.start(host, port);
    return new DashboardServer(app, host);
  }

  private static void requireLoopback(String host) {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT,
            host + " is not a loopback address; the dashboard serves plain HTTP on loopback only");
      }
    } catch (UnknownHostException e) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "unknown host " + host);
    }
  }

  public int port() {
    return app.port();
  }

  /** The home page's address. */
  public URI url() {
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * Every response, refusals included: only this server's own scripts, styles and queries run in
   * the page, no other site may frame it (clickjacking the inspector's action), and no response is
   * sniffed into another content type.
   */
  private static void harden(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  /**
   * Every request: a Host of this server only (a page of another site that resolves its own name to
   * 127.0.0.1 must not read the dashboard), and no write except the action.
   */
  private static void guard(Context ctx, String host, int port) {
    String hostHeader = String.valueOf(ctx.header("Host")).toLowerCase(Locale.ROOT);
    Set<String> ours =
        new HashSet<>(
            List.of(
                host.toLowerCase(Locale.ROOT) + ":" + port,
                "127.0.0.1:" + port,
                "localhost:" + port,
                "[::1]:" + port));
    if (!ours.contains(hostHeader)) {
      throw new LedgerException(
          ErrorCode.DASHBOARD_FOREIGN_HOST, "requests must be addressed to this loopback server");
    }
    boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    boolean action = ctx.method() == HandlerType.POST && ACTION_PATH.equals(ctx.path());
    if (!read && !action) {
      throw new LedgerException(
          ErrorCode.DASHBOARD_READ_ONLY,
          "the dashboard is read-only; its one action is POST " + ACTION_PATH);
    }
  }

  private static JSONObject navigation(
      List<DashboardPage> pages, Optional<InspectorAction> action) {
    JSONArray available = new JSONArray();
    pages.forEach(p -> available.put(new JSONObject().put("id", p.id()).put("title", p.title())));
    return new JSONObject()
        .put("pages", available)
        .put("inspector", action.map(InspectorAction::inspectorName).orElse(""));
  }

  private static void error(Context ctx, ErrorCode code, String message) {
    ctx.status(status(code));
    json(
        ctx,
        new JSONObject()
            .put("code", code.name())
            .put("number", code.number())
            .put("message", message));
  }

  private static void json(Context ctx, JSONObject body) {
    ctx.contentType("application/json").result(body.toString());
  }

  /** HTTP status of a rejection: its stable code goes in the body. */
  static int status(ErrorCode code) {
    if (code.name().endsWith("_NOT_FOUND")) {
      return 404;
    }
    return switch (code) {
      case MALFORMED_ARGUMENT -> 400;
      case DASHBOARD_TOKEN_MISSING, DASHBOARD_TOKEN_INVALID -> 401;
      case DASHBOARD_READ_ONLY,
          DASHBOARD_FOREIGN_HOST,
          UNAUTHORIZED_ROLE,
          IDENTITY_MISMATCH,
          NOT_CONSORTIUM_ADMIN,
          UNTRUSTED_IDENTITY,
          UNKNOWN_ORGANIZATION ->
          403;
      case LEDGER_UNAVAILABLE -> 503;
      case INTERNAL -> 500;
      default -> 409;
    };
  }
}
