package org.chipledger.app.firmware;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.options.TlsOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChainHead;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.FirmwareBuild;
import org.chipledger.firmware.NvramEntry;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.NvramScan;
import org.chipledger.firmware.PoissonSchedule;
import org.chipledger.firmware.SecretSchedule;
import org.chipledger.firmware.SnapshotLoop;
import org.chipledger.firmware.SnapshotOutcome;
import org.chipledger.firmware.SnapshotReport;
import org.chipledger.firmware.Uplink;
import org.chipledger.firmware.WeightSource;
import org.json.JSONArray;
import org.json.JSONObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The chip firmware emulator: run a chip that snapshots its weights, and read its NVRAM log. */
@Command(
    name = "firmware",
    description = "Emulate a chip's firmware: Poisson weight snapshots to NVRAM and the agent.",
    subcommands = {
      FirmwareCommand.Run.class,
      FirmwareCommand.Log.class,
      FirmwareBuildCommands.TreatyKey.class,
      FirmwareBuildCommands.SignBuild.class,
      FirmwareBuildCommands.SetKey.class,
      FirmwareBuildCommands.Approve.class,
      FirmwareBuildCommands.Revoke.class,
      FirmwareBuildCommands.Builds.class
    })
public final class FirmwareCommand {
  private static final HexFormat HEX = HexFormat.of();

  @Command(
      name = "run",
      description =
          "Snapshot the weights at Poisson times: sign, append to NVRAM, send to the agent, wait"
              + " for its ack (or keep the record in NVRAM only).")
  static final class Run extends ChipLedgerCommand {
    @Option(names = "--serial", required = true, description = "The chip's serial.")
    String serial;

    @Option(
        names = "--key",
        description = "The chip's PKCS#8 PEM private key (a software key; or --token-pin-file).")
    Path key;

    @Option(
        names = "--token-pin-file",
        description =
            "Sign through the PKCS#11 token (SoftHSM2) that holds the chip's key, logging in with"
                + " the PIN in this file; the key never leaves the token.")
    Path tokenPinFile;

    @Option(names = "--token-slot", defaultValue = "0", description = "The token's slot index.")
    int tokenSlot;

    @Option(names = "--nvram", required = true, description = "The chip's NVRAM log file.")
    Path nvram;

    @Option(names = "--agent", description = "The snapshot agent, host:port.")
    String agent;

    @Option(
        names = "--agent-key",
        paramLabel = "FILE",
        description =
            "The agent's ack key: its TLS certificate (cert.pem) when it signs acks with its TLS"
                + " key, or the PEM public key of its --ack-key. Acks it did not sign are refused.")
    Path agentKey;

    @CommandLine.Mixin TlsOptions tls;

    @CommandLine.Mixin LedgerAnchorOptions ledgerAnchor;

    @Option(names = "--air-gapped", description = "No agent: keep records in NVRAM only.")
    boolean airGapped;

    @Option(
        names = "--rate-per-day",
        description =
            "Snapshots per day. Default: the policy's f, read from the ledger as --identity, so"
                + " that Eq. (1) holds; a rate given here only time-compresses an emulation.")
    Double ratePerDay;

    @Option(
        names = "--accelerate",
        defaultValue = "1",
        description = "Time acceleration: simulated seconds per wall second.")
    double accelerate;

    @Option(
        names = "--weights",
        required = true,
        description = "Raw little-endian float32 weights file.")
    Path weights;

    @Option(names = "--run-id", defaultValue = "", description = "The declared training run.")
    String runId;

    @Option(
        names = "--run-start-tx",
        defaultValue = "",
        description =
            "The transaction id of the run's declaration: the first snapshot is the chip's signed"
                + " run start entry naming it (records before it count as undeclared).")
    String runStartTx;

    @Option(names = "--count", description = "Stop after this many snapshots.")
    Long count;

    @Option(
        names = "--duration",
        converter = DurationConverter.class,
        description = "Stop after this much wall time: 90s, 10m, 2h, 1d or ISO-8601.")
    Duration duration;

    @Option(
        names = "--firmware-version",
        defaultValue = "emulator-0.1",
        description = "The version unmeasured firmware reports (without --build).")
    String firmwareVersion;

    @Option(
        names = "--build",
        description =
            "A signed firmware build (firmware sign-build): the boot ROM checks it against"
                + " --treaty-key and the anti-rollback counter; records name its measurement.")
    Path build;

    @Option(
        names = "--treaty-key",
        description = "The treaty firmware public key (PEM) the chip's boot ROM holds.")
    Path treatyKey;

    @Option(names = "--ack-timeout-ms", defaultValue = "5000")
    long ackTimeoutMs;

    private AgentLink link; // the uplink, when not air-gapped

    @Override
    public Integer call() throws IOException, InterruptedException {
      SnapshotLoop.Limit limit = limit();
      Optional<FirmwareBuild> image = image();
      double rate = rate();
      ChipSigner signer = signer();
      Optional<Uplink> uplink = uplink();
      Output out = output();
      ChipIdentity chip = new ChipIdentity(serial, firmwareVersion, signer);
      NvramLog log = NvramLog.open(nvram);
      Firmware firmware;
      PoissonSchedule schedule;
      try {
        firmware =
            Firmware.boot(
                chip,
                log,
                WeightSource.file(weights),
                Clock.systemUTC(),
                uplink,
                image,
                ledgerAnchor.trust());
        schedule = SecretSchedule.boot(chip, log, rate, accelerate);
      } catch (IOException | RuntimeException e) {
        log.close();
        uplink.ifPresent(Uplink::close);
        throw e;
      }
      try (firmware) {
        if (!out.json()) {
          out.line(
              String.format(
                  Locale.ROOT,
                  "chip %s: NVRAM head %d, acked through %d, %s; %s; mean gap %s (times drawn"
                      + " from the chip's sealed schedule key)",
                  serial,
                  firmware.head().counter(),
                  firmware.acked().counter(),
                  airGapped ? "air-gapped" : "agent " + agent,
                  image
                      .map(b -> "build " + b.name() + " sv " + b.securityVersion())
                      .orElse("unmeasured firmware " + firmwareVersion),
                  schedule.meanGap()));
        }
        SnapshotLoop.Summary summary =
            new SnapshotLoop(firmware, schedule, Clock.systemUTC(), SnapshotLoop.Sleeper.real())
                .run(runId, runStartTx, limit, report -> print(out, report));
        printSummary(out, summary, link == null ? 0 : link.refusedAcks());
        ledgerAnchor.printAnchored(out, firmware);
      }
      return 0;
    }

    private ChipSigner signer() throws IOException {
      if ((key == null) == (tokenPinFile == null)) {
        throw usage("give exactly one of --key and --token-pin-file");
      }
      if (key != null) {
        return ChipSigner.load(key);
      }
      char[] pin =
          java.nio.file.Files.readString(tokenPinFile, java.nio.charset.StandardCharsets.UTF_8)
              .strip()
              .toCharArray();
      return org.chipledger.firmware.ChipToken.open(
              org.chipledger.firmware.ChipToken.SOFTHSM2, tokenSlot, pin)
          .signer(serial);
    }

    private Optional<FirmwareBuild> image() throws IOException {
      if ((build == null) != (treatyKey == null)) {
        throw usage("--build and --treaty-key go together");
      }
      if (build == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(FirmwareBuildCommands.verified(build, treatyKey));
      } catch (java.io.UncheckedIOException e) {
        throw usage(e.getCause().getMessage());
      }
    }

    /** The rate given, or the policy's f on the ledger. */
    private double rate() {
      if (ratePerDay != null) {
        if (!(ratePerDay > 0) || ratePerDay.isInfinite()) {
          throw usage("--rate-per-day must be positive");
        }
        return ratePerDay;
      }
      try (Session session = Session.open(options())) {
        double f = session.client().policy().getInspection().getSnapshotsPerDay();
        if (!(f > 0)) {
          throw usage("the ledger's policy sets no snapshots_per_day; give --rate-per-day");
        }
        return f;
      }
    }

    private SnapshotLoop.Limit limit() {
      if ((count == null) == (duration == null)) {
        throw usage("give exactly one of --count and --duration");
      }
      if (count != null && count < 1) {
        throw usage("--count must be positive");
      }
      return count != null
          ? new SnapshotLoop.Limit.Count(count)
          : new SnapshotLoop.Limit.For(duration);
    }

    private Optional<Uplink> uplink() throws IOException {
      if (airGapped) {
        if (agent != null || agentKey != null || tls.any()) {
          throw usage("--air-gapped takes no --agent, --agent-key, --tls-* or --plaintext");
        }
        return Optional.empty();
      }
      if (agent == null) {
        throw usage("give --agent host:port, or --air-gapped");
      }
      LinkSecurity security = tls.security(spec.commandLine());
      if (agentKey == null) {
        throw usage("--agent needs --agent-key: the chip takes only acks the agent signed");
      }
      if (ackTimeoutMs < 1) {
        throw usage("--ack-timeout-ms must be positive");
      }
      PublicKey ackKey = readAgentKey();
      link = AgentLink.connect(parseAgent(), security, ackKey, Duration.ofMillis(ackTimeoutMs));
      return Optional.of(link);
    }

    private PublicKey readAgentKey() {
      try {
        return AckSignatures.publicKey(agentKey);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw usage("--agent-key " + agentKey + ": " + e.getMessage());
      }
    }

    private AgentAddress parseAgent() {
      try {
        return AgentAddress.parse(agent);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
  }

  @Command(name = "log", description = "Print a chip's NVRAM log entries and the log digest.")
  static final class Log extends ChipLedgerCommand {
    @Option(names = "--nvram", required = true, description = "The chip's NVRAM log file.")
    Path nvram;

    @Override
    public Integer call() throws IOException {
      Output out = output();
      NvramScan scan = NvramLog.scan(nvram);
      String digest = HEX.formatHex(NvramLog.digest(nvram));
      if (out.json()) {
        JSONArray entries = new JSONArray();
        for (NvramEntry entry : scan.entries()) {
          entries.put(
              new JSONObject()
                  .put("counter", entry.counter())
                  .put("chip_serial", entry.record().getChipSerial())
                  .put("chip_time", time(entry))
                  .put("run_id", entry.record().getRunId())
                  .put("firmware_version", entry.record().getFirmwareVersion())
                  .put("weight_hash", HEX.formatHex(entry.record().getWeightHash().toByteArray()))
                  .put(
                      "prev_record_hash",
                      HEX.formatHex(entry.record().getPrevRecordHash().toByteArray()))
                  .put("record_hash", HEX.formatHex(entry.recordHash().toByteArray()))
                  .put("offset", entry.offset()));
        }
        out.line(
            new JSONObject()
                .put("nvram", nvram.toString())
                .put("entries", entries)
                .put("valid_length", scan.validLength())
                .put("torn_tail_bytes", scan.tornBytes())
                .put("digest", digest)
                .toString());
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (NvramEntry entry : scan.entries()) {
        rows.add(
            List.of(
                Long.toString(entry.counter()),
                entry.record().getChipSerial(),
                time(entry),
                entry.record().getRunId(),
                prefix(entry.record().getWeightHash().toByteArray()),
                prefix(entry.recordHash().toByteArray())));
      }
      out.table(List.of("counter", "chip", "chip_time", "run", "weight_hash", "record_hash"), rows);
      out.line(scan.entries().size() + " entries, " + scan.validLength() + " bytes");
      if (scan.tornBytes() > 0) {
        out.line(
            "torn tail: "
                + scan.tornBytes()
                + " bytes after the last entry (never acknowledged; the firmware cuts it on its"
                + " next start)");
      }
      out.line("digest: " + digest);
      return 0;
    }

    private static String time(NvramEntry entry) {
      com.google.protobuf.Timestamp t = entry.record().getChipTime();
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
  }

  private static void print(Output out, SnapshotReport report) {
    SnapshotOutcome outcome = report.outcome();
    String status;
    String detail = "";
    if (outcome instanceof SnapshotOutcome.Acked) {
      status = "acked";
    } else if (outcome instanceof SnapshotOutcome.NvramOnly nvramOnly) {
      status = "nvram-only";
      detail = nvramOnly.reason();
    } else if (outcome instanceof SnapshotOutcome.Rejected rejected) {
      status = "rejected";
      detail = rejected.errorCode() + ": " + rejected.detail();
    } else {
      status = "air-gapped";
    }
    if (out.json()) {
      out.line(
          new JSONObject()
              .put("counter", report.counter())
              .put("record_hash", HEX.formatHex(report.recordHash().toByteArray()))
              .put("outcome", status)
              .put("detail", detail)
              .put("backlog_acked", report.backlogAcked())
              .put("unacknowledged", report.unacknowledged())
              .toString());
      return;
    }
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "snapshot %d  %s  %s",
                report.counter(),
                prefix(report.recordHash().toByteArray()),
                status.equals("nvram-only") ? "NVRAM-only" : status));
    if (!detail.isEmpty()) {
      line.append(" (").append(detail).append(')');
    }
    if (report.backlogAcked() > 0) {
      line.append("  +").append(report.backlogAcked()).append(" backlog acked");
    }
    out.line(line.toString());
  }

  private static void printSummary(Output out, SnapshotLoop.Summary s, long refusedAcks) {
    if (out.json()) {
      out.line(
          new JSONObject()
              .put(
                  "summary",
                  new JSONObject()
                      .put("snapshots", s.snapshots())
                      .put("acked", s.acked())
                      .put("nvram_only", s.nvramOnly())
                      .put("rejected", s.rejected())
                      .put("air_gapped", s.airGapped())
                      .put("head_counter", s.head().counter())
                      .put("head_hash", hex(s.head()))
                      .put("acked_through", s.ackedThrough().counter())
                      .put("unacknowledged", s.unacknowledged())
                      .put("refused_acks", refusedAcks))
              .toString());
      return;
    }
    out.line(
        String.format(
            Locale.ROOT,
            "%d snapshots: %d acked, %d NVRAM-only, %d rejected, %d air-gapped; head %d (%s),"
                + " acked through %d, %d unacknowledged in NVRAM",
            s.snapshots(),
            s.acked(),
            s.nvramOnly(),
            s.rejected(),
            s.airGapped(),
            s.head().counter(),
            prefix(s.head().recordHash().toByteArray()),
            s.ackedThrough().counter(),
            s.unacknowledged()));
    if (refusedAcks > 0) {
      out.line(refusedAcks + " acks refused: not signed by the agent key, or about another record");
    }
  }

  private static String hex(ChainHead head) {
    return HEX.formatHex(head.recordHash().toByteArray());
  }

  private static String prefix(byte[] hash) {
    return HEX.formatHex(hash).substring(0, 12);
  }
}
