package org.chipledger.app.landmark;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.options.TlsOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Landmark servers (issue 21): register them, run one, and read chips' location decisions. */
@Command(
    name = "landmark",
    description = "Delay-based location attestation: landmarks, challenges, decisions.",
    subcommands = {
      LandmarkCommand.Register.class,
      LandmarkCommand.Serve.class,
      LandmarkCommand.Location.class,
      LandmarkCommand.Site.class
    })
public final class LandmarkCommand {

  @Command(
      name = "register",
      description = "Register a landmark's key and coordinates (secretariat).")
  static final class Register extends LedgerCommand {
    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--org", required = true, description = "The landmark organisation.")
    String org;

    @Option(names = "--country", required = true)
    String country;

    @Option(names = "--lat", required = true, description = "Latitude in degrees, e.g. 1.3521.")
    double lat;

    @Option(names = "--lon", required = true, description = "Longitude in degrees.")
    double lon;

    @Option(
        names = "--public-key",
        required = true,
        description = "PEM public key or certificate of the landmark's signing key.")
    Path publicKey;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      Landmark landmark =
          LocationClient.of(ledger)
              .registerLandmark(
                  Landmark.newBuilder()
                      .setLandmarkId(id)
                      .setOrgId(org)
                      .setCountry(country)
                      .setLatitudeMicro(Math.round(lat * 1_000_000))
                      .setLongitudeMicro(Math.round(lon * 1_000_000))
                      .setPublicKey(
                          ByteString.copyFrom(AckSignatures.publicKey(publicKey).getEncoded()))
                      .build());
      out.recordOr(landmark, () -> out.line("registered landmark " + landmark.getLandmarkId()));
    }
  }

  @Command(
      name = "serve",
      description =
          "Run a landmark: on each Attest call, challenge the chip through its host's relay,"
              + " time the round trip, sign and record the attestation.")
  static final class Serve extends LedgerCommand {
    @Option(names = "--id", required = true, description = "The registered landmark id.")
    String id;

    @Option(names = "--key", required = true, description = "PKCS#8 PEM signing key.")
    Path key;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7600")
    String listen;

    @Option(
        names = "--timeout",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "Longest wait for a chip's answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin TlsOptions tls;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      int colon = listen.lastIndexOf(':');
      if (colon < 0) {
        throw usage("expected host:port, got " + listen);
      }
      InetSocketAddress address =
          new InetSocketAddress(
              listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
      LandmarkStation station =
          new LandmarkStation(
              id, AckSignatures.privateKey(key), LocationClient.of(ledger), timeout);
      CountDownLatch stopped = new CountDownLatch(1);
      try (LandmarkServer server =
          LandmarkServer.start(station, tls.security(spec.commandLine()), address)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        out.line("landmark " + id + " listening on port " + server.port());
        stopped.await();
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Command(
      name = "location",
      description = "A chip's location decision, or per country the chips by verdict.")
  static final class Location extends LedgerCommand {
    @Option(names = "--serial", description = "One chip; without it, the summary per country.")
    String serial;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      LocationClient location = LocationClient.of(ledger);
      if (serial == null) {
        LocationSummary summary = location.summary();
        List<List<String>> rows = new ArrayList<>();
        summary
            .getCountriesList()
            .forEach(
                c ->
                    rows.add(
                        List.of(
                            c.getCountry(),
                            Long.toString(c.getConsistent()),
                            Long.toString(c.getUnverified()),
                            Long.toString(c.getMismatched()))));
        out.table(summary, List.of("country", "consistent", "unverified", "mismatched"), rows);
        return;
      }
      LocationDecision decision = location.location(serial);
      List<List<String>> rows = new ArrayList<>();
      for (LocationBound b : decision.getBoundsList()) {
        rows.add(
            List.of(
                b.getLandmarkId(),
                String.format("%,d", b.getRadiusM() / 1000),
                String.format("%,d", b.getRegionDistanceM() / 1000),
                b.getExcludesRegion() ? "excludes" : b.getWithinRegion() ? "within" : "meets"));
      }
      out.table(decision, List.of("landmark", "bound km", "to region km", "region"), rows);
      out.line(
          serial
              + " in "
              + decision.getCountry()
              + ": "
              + decision.getVerdict().name().replace("LOCATION_VERDICT_", "")
              + " ("
              + decision.getReason()
              + ")");
      if (decision.getVerdict()
          == org.chipledger.proto.ledger.v1.LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH) {
        // As an inspection check that found violations: the command ran, and found something.
        exit(org.chipledger.app.inspection.InspectCommand.VIOLATIONS);
      }
    }
  }

  @Command(
      name = "site",
      hidden = true,
      description =
          "One site of an emulated world (network-config/geo.sh): a measuring landmark or a"
              + " datacenter host with emulated chips; runs until its standard input closes.")
  static final class Site extends ChipLedgerCommand {
    @Option(names = "--listen", required = true, description = "The site's address.")
    String address;

    @Option(names = "--landmark", description = "ID=SEED:INDEX, the landmark's derived key.")
    Map<String, String> landmark = new LinkedHashMap<>();

    @Option(names = "--chip", description = "SERIAL=SEED:INDEX, a chip behind this host.")
    Map<String, String> chips = new LinkedHashMap<>();

    @Option(names = "--forward", description = "SERIAL=HOST:PORT, a chip at another host.")
    Map<String, String> forwards = new LinkedHashMap<>();

    @Option(names = "--hold", description = "SERIAL=DURATION the host holds each answer.")
    Map<String, String> holds = new LinkedHashMap<>();

    @Option(names = "--replay", description = "A serial whose first answer the host plays back.")
    List<String> replays = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class)
    Duration timeout;

    @Mixin TlsOptions tls;

    @Override
    public Integer call() throws Exception {
      if (landmark.size() > 1) {
        throw usage("one --landmark per site");
      }
      Map<String, PrivateKey> chipKeys = new LinkedHashMap<>();
      chips.forEach((serial, ref) -> chipKeys.put(serial, derived(ref)));
      Map<String, Duration> held = new LinkedHashMap<>();
      DurationConverter durations = new DurationConverter();
      for (Map.Entry<String, String> hold : holds.entrySet()) {
        held.put(hold.getKey(), durations.convert(hold.getValue()));
      }
      Optional<Map.Entry<String, String>> lm = landmark.entrySet().stream().findFirst();
      EmulatedSite.Plan plan =
          new EmulatedSite.Plan(
              address,
              lm.map(Map.Entry::getKey),
              lm.map(e -> derived(e.getValue())),
              chipKeys,
              forwards,
              held,
              Set.copyOf(replays),
              timeout);
      try (EmulatedSite site = EmulatedSite.start(plan, tls.security(spec.commandLine()))) {
        System.out.println("ready " + address);
        System.out.flush();
        // The world that started this site holds its standard input open while it runs.
        while (System.in.read() >= 0) {
          // nothing to read: only the end matters
        }
      }
      return 0;
    }

    private PrivateKey derived(String ref) {
      int colon = ref.indexOf(':');
      try {
        return ChipKeys.derivePrivate(
            Long.parseLong(ref.substring(0, colon)), Long.parseLong(ref.substring(colon + 1)));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        throw usage("expected SEED:INDEX, got " + ref);
      }
    }
  }
}
