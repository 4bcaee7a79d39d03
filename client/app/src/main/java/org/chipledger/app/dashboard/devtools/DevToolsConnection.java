package org.chipledger.app.dashboard.devtools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * One WebSocket to the browser's DevTools endpoint, speaking the protocol's JSON commands: each
 * command carries an id, and the browser's message with that id is its answer. Events (messages
 * without an id) are not needed here and are dropped.
 */
final class DevToolsConnection implements AutoCloseable {
  private final WebSocket socket;
  private final Duration patience;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JSONObject>> pending;

  private DevToolsConnection(
      WebSocket socket, Duration patience, Map<Long, CompletableFuture<JSONObject>> pending) {
    this.socket = socket;
    this.patience = patience;
    this.pending = pending;
  }

  /** Opens the WebSocket at {@code endpoint}, waiting at most {@code patience} for it. */
  static DevToolsConnection open(URI endpoint, Duration patience) throws InterruptedException {
    Map<Long, CompletableFuture<JSONObject>> pending = new ConcurrentHashMap<>();
    CompletableFuture<WebSocket> opening =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(patience)
            .buildAsync(endpoint, new Replies(pending));
    return new DevToolsConnection(
        await(opening, patience, "opening " + endpoint), patience, pending);
  }

  /**
   * Sends {@code method} with {@code params} (to the page of {@code sessionId}, or the browser if
   * it is null) and returns the answer's {@code result}.
   *
   * @throws DevToolsException if the browser refuses the command or does not answer in time
   */
  JSONObject send(String method, JSONObject params, String sessionId) throws InterruptedException {
    long id = ids.incrementAndGet();
    JSONObject command = new JSONObject().put("id", id).put("method", method).put("params", params);
    if (sessionId != null) {
      command.put("sessionId", sessionId);
    }
    CompletableFuture<JSONObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (socket) {
        // The JDK's WebSocket takes one text message at a time: wait until this one is out.
        await(socket.sendText(command.toString(), true), patience, "sending " + method);
      }
      JSONObject reply = await(answer, patience, method);
      if (reply.has("error")) {
        throw new DevToolsException(
            method + " was refused: " + reply.getJSONObject("error").optString("message"));
      }
      return reply.optJSONObject("result", new JSONObject());
    } finally {
      pending.remove(id);
    }
  }

  private static <T> T await(CompletableFuture<T> future, Duration patience, String what)
      throws InterruptedException {
    try {
      return future.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DevToolsException(
          "the browser did not answer " + what + " within " + patience.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new DevToolsException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    socket.abort();
    pending.values().forEach(f -> f.completeExceptionally(new DevToolsException("closed")));
  }

  /** Assembles the browser's messages (a long one arrives in parts) and hands out the answers. */
  private static final class Replies implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();
    private final Map<Long, CompletableFuture<JSONObject>> pending;

    Replies(Map<Long, CompletableFuture<JSONObject>> pending) {
      this.pending = pending;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        String text = message.toString();
        message.setLength(0);
        answer(text);
      }
      webSocket.request(1);
      return null;
    }

    private void answer(String text) {
      try {
        JSONObject reply = new JSONObject(text);
        if (reply.has("id")) {
          CompletableFuture<JSONObject> waiting = pending.get(reply.getLong("id"));
          if (waiting != null) {
            waiting.complete(reply);
          }
        }
      } catch (JSONException e) {
        failAll(new DevToolsException("the browser sent a message that is not JSON: " + text, e));
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new DevToolsException("the browser closed the connection (" + statusCode + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(new DevToolsException("the connection to the browser broke", error));
    }

    private void failAll(DevToolsException error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
