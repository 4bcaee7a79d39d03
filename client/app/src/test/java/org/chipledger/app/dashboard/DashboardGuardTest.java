package org.chipledger.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's HTTP guard on a real embedded ledger: reads for anyone on loopback, the one
 * inspector action only with the start's token, everything else refused with a stable code and
 * nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardGuardTest {
  private static final String RUN = "run-guard";

  private Path dir;
  private EmbeddedCast cast;
  private InspectorAction action;
  private DashboardServer withAction;
  private DashboardServer readOnly;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path tmp) {
    dir = tmp;
    cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"));
    Founding.found(cast, Founding.policy());
    Fleet fleet =
        Fleet.deploy(
            cast.as("fab-us"), cast.as("dc-us"), "dc-us", "us-g", "US", "G", 2L, 2, 0, n -> {});
    cast.as("dc-us")
        .declareRun(
            DeclareRunRequest.newBuilder()
                .setRunId(RUN)
                .setSiteId(fleet.siteId())
                .addAllChipSerials(fleet.serials())
                .setDeclaredFlop(1e24)
                .setManifestHash(ByteString.copyFrom(new byte[32]))
                .setInitSeedCommitment(ByteString.copyFrom(new byte[32]))
                .setDataCommitment(ByteString.copyFrom(new byte[32]))
                .build());
    action = InspectorAction.withFreshToken(cast.as("inspectorate"), "inspectorate");
    withAction = DashboardServer.start(cast.as("customs-nl"), Optional.of(action), "127.0.0.1", 0);
    readOnly = DashboardServer.start(cast.as("customs-nl"), Optional.empty(), "127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    if (withAction != null) {
      withAction.close();
    }
    if (readOnly != null) {
      readOnly.close();
    }
    cast.close();
  }

  private HttpResponse<String> post(DashboardServer server, String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JSONObject().put("run_id", RUN).put("reason", "flagged").toString()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void refused(HttpResponse<String> response, int status, ErrorCode code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JSONObject body = new JSONObject(response.body());
    assertThat(body.getString("code")).isEqualTo(code.name());
    assertThat(body.getInt("number")).isEqualTo(code.number());
  }

  private void noRequestWasMade() {
    assertThatThrownBy(() -> cast.as("customs-nl").verificationRequest(RUN))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_NOT_FOUND));
  }

  @Test
  void theActionIsRefusedWithoutTheTokenOrOnAReadOnlyDashboardAndWorksWithIt() throws Exception {
    refused(
        post(readOnly, DashboardServer.ACTION_PATH, "Bearer " + action.token()),
        403,
        ErrorCode.DASHBOARD_READ_ONLY);
    refused(
        post(withAction, DashboardServer.ACTION_PATH, null),
        401,
        ErrorCode.DASHBOARD_TOKEN_MISSING);
    refused(
        post(withAction, DashboardServer.ACTION_PATH, "Bearer " + action.token() + "x"),
        401,
        ErrorCode.DASHBOARD_TOKEN_INVALID);
    refused(
        post(withAction, DashboardServer.ACTION_PATH, "Basic " + action.token()),
        401,
        ErrorCode.DASHBOARD_TOKEN_MISSING);
    noRequestWasMade();

    HttpResponse<String> accepted =
        post(withAction, DashboardServer.ACTION_PATH, "Bearer " + action.token());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(new JSONObject(accepted.body()).getString("requested_by_org"))
        .isEqualTo("inspectorate");
    assertThat(cast.as("customs-nl").verificationRequest(RUN).getReason()).isEqualTo("flagged");

    // The ledger's own rules still apply behind the token: a run is verified once.
    refused(
        post(withAction, DashboardServer.ACTION_PATH, "Bearer " + action.token()),
        409,
        ErrorCode.VERIFICATION_PENDING);
  }

  @Test
  void everyOtherWriteIsRefusedEvenWithTheToken() throws Exception {
    refused(
        post(withAction, "/api/custody/counts", "Bearer " + action.token()),
        403,
        ErrorCode.DASHBOARD_READ_ONLY);
    HttpResponse<String> delete =
        http.send(
            HttpRequest.newBuilder(withAction.url().resolve(DashboardServer.ACTION_PATH))
                .DELETE()
                .header("Authorization", "Bearer " + action.token())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    refused(delete, 403, ErrorCode.DASHBOARD_READ_ONLY);
  }

  @Test
  void aRequestForAnotherHostIsRefused() throws Exception {
    // What a page of evil.example sees after rebinding its name to 127.0.0.1.
    try (Socket socket = new Socket("127.0.0.1", readOnly.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/custody/counts HTTP/1.1\r\nHost: evil.example:"
                  + readOnly.port()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response)
          .startsWith("HTTP/1.1 403")
          .contains(ErrorCode.DASHBOARD_FOREIGN_HOST.name());
    }
  }

  @Test
  void readsAnswerWhatTheLedgerClientAnswersAndBadParametersAreMalformed() throws Exception {
    LedgerClient reader = cast.as("customs-nl");
    HttpResponse<String> counts =
        http.send(
            HttpRequest.newBuilder(readOnly.url().resolve("/api/custody/counts")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(counts.statusCode()).isEqualTo(200);
    assertThat(counts.body())
        .isEqualTo(org.chipledger.client.ledger.ProtoJson.print(reader.custodyCounts()));

    HttpResponse<String> noSerial =
        http.send(
            HttpRequest.newBuilder(readOnly.url().resolve("/api/chip/history")).build(),
            HttpResponse.BodyHandlers.ofString());
    refused(noSerial, 400, ErrorCode.MALFORMED_ARGUMENT);
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(readOnly.url().resolve("/api/chip/record?serial=NOPE-1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    refused(unknown, 404, ErrorCode.CHIP_NOT_FOUND);
  }

  @Test
  void everyResponseForbidsFramingSniffingAndForeignContent() throws Exception {
    for (String path : new String[] {"/", "/app.js", "/api/custody/counts", "/api/chip/history"}) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(readOnly.url().resolve(path)).build(),
              HttpResponse.BodyHandlers.ofString());
      hardened(response.headers(), path);
    }
    hardened(post(readOnly, "/api/custody/counts", null).headers(), "a refused write");
  }

  private static void hardened(java.net.http.HttpHeaders headers, String what) {
    assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    String csp = headers.firstValue("Content-Security-Policy").orElse("");
    assertThat(csp)
        .as(what)
        .contains(
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "script-src 'self'",
            "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void onlyLoopbackAddressesAreServed() {
    assertThatThrownBy(
            () -> DashboardServer.start(cast.as("customs-nl"), Optional.empty(), "192.0.2.1", 0))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT));
  }
}
