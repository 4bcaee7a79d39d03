package org.chipledger.app.dashboard.devtools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Debian's headless Chromium driven over the DevTools protocol through the JDK's own WebSocket:
 * opens dashboard pages and waits until each is drawn, types and clicks, for {@code bench
 * dashboard}. Every wait is bounded; closing ends the browser and deletes its profile.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.start()) {
 *   browser.open(server.url(), "custody");
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Generous: a loaded machine may take long, and a wait ends as soon as its condition holds. */
  public static final Duration PATIENCE = Duration.ofMinutes(2);

  /** Short against page load times, long against one evaluation's round trip. */
  private static final Duration POLL = Duration.ofMillis(10);

  /**
   * Set on the document a navigation leaves, so that a wait never matches the old page, even where
   * Page.navigate answers before the new document replaced it.
   */
  private static final String LEFT_BEHIND = "__chipledgerLeftBehind";

  private final ChromiumProcess chromium;
  private final DevToolsConnection devTools;
  private final String session;
  private final Duration patience;

  private HeadlessChromium(
      ChromiumProcess chromium, DevToolsConnection devTools, String session, Duration patience) {
    this.chromium = chromium;
    this.devTools = devTools;
    this.session = session;
    this.patience = patience;
  }

  /** Starts the browser with one blank page, waiting at most {@link #PATIENCE} for anything. */
  public static HeadlessChromium start() throws IOException, InterruptedException {
    return start(PATIENCE);
  }

  /**
   * Starts the browser with one blank page; every later wait gives up after {@code patience}.
   *
   * @throws DevToolsException if Chromium is missing, exits or does not answer
   */
  public static HeadlessChromium start(Duration patience) throws IOException, InterruptedException {
    ChromiumProcess chromium = ChromiumProcess.launch();
    DevToolsConnection devTools = null;
    try {
      devTools = DevToolsConnection.open(chromium.endpoint(patience), patience);
      String target =
          devTools
              .send("Target.createTarget", new JSONObject().put("url", "about:blank"), null)
              .getString("targetId");
      String session =
          devTools
              .send(
                  "Target.attachToTarget",
                  new JSONObject().put("targetId", target).put("flatten", true),
                  null)
              .getString("sessionId");
      return new HeadlessChromium(chromium, devTools, session, patience);
    } catch (RuntimeException | InterruptedException e) {
      if (devTools != null) {
        devTools.close();
      }
      chromium.close();
      throw e;
    }
  }

  /** {@code home}'s page {@code pageId}, at an address never loaded before (so never cached). */
  public static URI pageUrl(URI home, String pageId) {
    return home.resolve("?load=" + System.nanoTime() + "#" + pageId);
  }

  /** What matches page {@code pageId}'s section once its script has drawn it. */
  public static String drawnPage(String pageId) {
    return "#page-" + pageId + "[data-loaded='true']";
  }

  /**
   * Loads {@code home}'s page {@code pageId} afresh and waits until it is drawn.
   *
   * @throws DevToolsException if it cannot be loaded, or is not drawn within the patience
   */
  public void open(URI home, String pageId) throws InterruptedException {
    URI url = pageUrl(home, pageId);
    evaluate("window." + LEFT_BEHIND + " = true");
    JSONObject navigated = page("Page.navigate", new JSONObject().put("url", url.toString()));
    if (navigated.has("errorText")) {
      throw new DevToolsException(
          "could not load " + url + ": " + navigated.getString("errorText"));
    }
    String drawn = drawnPage(pageId);
    await("!('" + LEFT_BEHIND + "' in window) && " + present(drawn), drawn + " on " + url);
  }

  /**
   * Waits until an element matches the CSS {@code selector}.
   *
   * @throws DevToolsException if none does within the patience
   */
  public void drawn(String selector) throws InterruptedException {
    await(present(selector), selector);
  }

  /** Types {@code text} into the input matching {@code selector}, replacing its text. */
  public void type(String selector, String text) throws InterruptedException {
    on(selector, "e.focus(); e.select(); return true;");
    page("Input.insertText", new JSONObject().put("text", text));
  }

  /** Clicks the middle of the element matching {@code selector}, as a mouse would. */
  public void click(String selector) throws InterruptedException {
    JSONArray middle =
        (JSONArray)
            on(
                selector,
                "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                    + " return [r.left + r.width / 2, r.top + r.height / 2];");
    double x = middle.getDouble(0);
    double y = middle.getDouble(1);
    mouse("mouseMoved", x, y, "none");
    mouse("mousePressed", x, y, "left");
    mouse("mouseReleased", x, y, "left");
  }

  private void mouse(String type, double x, double y, String button) throws InterruptedException {
    page(
        "Input.dispatchMouseEvent",
        new JSONObject()
            .put("type", type)
            .put("x", x)
            .put("y", y)
            .put("button", button)
            .put("clickCount", button.equals("none") ? 0 : 1));
  }

  /** Polls {@code condition} (a script expression) until it is true, at most the patience. */
  private void await(String condition, String awaited) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    String lastError = "";
    while (true) {
      try {
        if (Boolean.TRUE.equals(evaluate(condition))) {
          return;
        }
      } catch (DevToolsException e) {
        // Between two documents there is no page to ask: the next poll asks the new one.
        lastError = "; last: " + e.getMessage();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new DevToolsException(
            "nothing matched "
                + awaited
                + " within "
                + patience.toMillis()
                + " ms (the page was never drawn)"
                + lastError);
      }
      TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
    }
  }

  /** Runs {@code body} on the element {@code e} matching {@code selector}; returns its value. */
  private Object on(String selector, String body) throws InterruptedException {
    Object value =
        evaluate(
            "(() => { const e = document.querySelector("
                + JSONObject.quote(selector)
                + "); if (e === null) return null; "
                + body
                + " })()");
    if (value == null || JSONObject.NULL.equals(value)) {
      throw new DevToolsException("no element matches " + selector);
    }
    return value;
  }

  private static String present(String selector) {
    return "document.querySelector(" + JSONObject.quote(selector) + ") !== null";
  }

  /** The value of the script {@code expression} in the page (null when it has none). */
  private Object evaluate(String expression) throws InterruptedException {
    JSONObject evaluated =
        page(
            "Runtime.evaluate",
            new JSONObject().put("expression", expression).put("returnByValue", true));
    JSONObject thrown = evaluated.optJSONObject("exceptionDetails");
    if (thrown != null) {
      JSONObject exception = thrown.optJSONObject("exception", new JSONObject());
      throw new DevToolsException(
          "the page threw " + exception.optString("description", thrown.optString("text")));
    }
    return evaluated.getJSONObject("result").opt("value");
  }

  private JSONObject page(String method, JSONObject params) throws InterruptedException {
    return devTools.send(method, params, session);
  }

  ProcessHandle process() {
    return chromium.handle();
  }

  Path workDir() {
    return chromium.workDir();
  }

  @Override
  public void close() {
    try {
      devTools.close();
    } finally {
      chromium.close();
    }
  }
}
