package org.chipledger.app.dashboard.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadlessChromium} against a tiny page served by the JDK's HTTP server: a section drawn
 * late (after a script's timer) with a search form, and a section never drawn. Fails if Chromium is
 * not installed ({@code ./test.sh} installs it).
 */
class HeadlessChromiumTest {
  /** How long the page's script waits before it draws, so that an open has to wait for it. */
  private static final int DRAW_DELAY_MS = 400;

  private static final String PAGE =
      """
      <!doctype html>
      <html><body><main id="main"></main><script>
      const main = document.getElementById('main');
      function draw() {
        const section = document.createElement('section');
        section.id = 'page-late';
        section.innerHTML = '<form id="form"><input id="serial" value="typed over">'
          + '<button id="search" type="submit">search</button></form>';
        section.querySelector('form').addEventListener('submit', event => {
          event.preventDefault();
          const echo = document.createElement('p');
          echo.id = 'echo';
          echo.dataset.text = section.querySelector('#serial').value;
          section.appendChild(echo);
        });
        main.appendChild(section);
        section.dataset.loaded = 'true';
      }
      if (location.hash === '#late') setTimeout(draw, %d);
      </script></body></html>
      """
          .formatted(DRAW_DELAY_MS);

  private HttpServer server;
  private URI home;

  @BeforeEach
  void serveThePage() throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    home = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stopServing() {
    server.stop(0);
  }

  @Test
  void opensAPageOnceDrawnAndTypesAndClicksInIt() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start(Duration.ofSeconds(60))) {
      for (int load = 0; load < 2; load++) {
        // The second load must wait for the new document, not match the first one's section.
        long start = System.nanoTime();
        browser.open(home, "late");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThanOrEqualTo(Duration.ofMillis(DRAW_DELAY_MS));
      }
      browser.type("#serial", "TW-H100-000042");
      browser.click("#search");
      browser.drawn("#echo[data-text='TW-H100-000042']");
    }
  }

  @Test
  void aPageThatIsNeverDrawnTimesOutWithTheAwaitedSelectorAndAddress() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start(Duration.ofSeconds(2))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> browser.open(home, "never"))
          .isInstanceOf(DevToolsException.class)
          .hasMessageContaining("nothing matched #page-never[data-loaded='true'] on " + home)
          .hasMessageContaining("within 2000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
  }

  @Test
  void clickingWhatIsNotThereFailsAtOnce() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start(Duration.ofSeconds(60))) {
      browser.open(home, "late");
      long start = System.nanoTime();
      assertThatThrownBy(() -> browser.click("#nowhere"))
          .isInstanceOf(DevToolsException.class)
          .hasMessage("no element matches #nowhere");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void closingEndsEveryBrowserProcessAndDeletesItsProfile() throws Exception {
    HeadlessChromium browser = HeadlessChromium.start(Duration.ofSeconds(60));
    ProcessHandle process = browser.process();
    Path workDir = browser.workDir();
    browser.open(home, "late");
    List<ProcessHandle> family = process.descendants().toList();
    assertThat(family).isNotEmpty();
    assertThat(workDir.resolve("profile/DevToolsActivePort")).exists();

    browser.close();

    assertThat(process.isAlive()).isFalse();
    for (ProcessHandle member : family) {
      member.onExit().get(10, TimeUnit.SECONDS);
      assertThat(member.isAlive()).as("helper process %d", member.pid()).isFalse();
    }
    assertThat(Files.exists(workDir)).isFalse();
  }
}
