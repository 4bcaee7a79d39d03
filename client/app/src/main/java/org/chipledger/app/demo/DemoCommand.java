package org.chipledger.app.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.output.Progress;
import org.chipledger.app.query.Reports;
import org.chipledger.app.scratch.DataDirs;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.embedded.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Plays the multi-country story on a new embedded ledger, or on a fresh Fabric network, then the
 * compute-monitoring and location chapters, and prints what happened.
 */
@Command(
    name = "demo",
    description =
        "Play the multi-country custody story on a fresh embedded ledger (no server, no network),"
            + " or with --ledger fabric on a freshly started Fabric network.")
public final class DemoCommand extends ChipLedgerCommand {
  @Option(
      names = "--chips-per-fab",
      defaultValue = "5000",
      description = "Chips each fab makes (default: ${DEFAULT-VALUE}).")
  int chipsPerFab;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--custody-only",
      description = "Play the custody chapter alone (no training): a quick look at the ledger.")
  boolean custodyOnly;

  /** Where the demo plays when no data directory is chosen. */
  static final Path DEFAULT_DIR = Path.of(".chipledger/demo");

  @Option(
      names = "--demo-dir",
      description =
          "Recreated on every run (default: --data-dir when it is set, else "
              + ".chipledger/demo).")
  Path demoDirOption;

  private Path demoDir;

  @Override
  public Integer call() throws Exception {
    GlobalOptions options = options();
    demoDir = demoDir(options);
    Output out = output();
    boolean fabric = options.ledger() == Backend.FABRIC;
    DataDirs.recreateScratch(demoDir, DEFAULT_DIR);
    Instant started = Instant.now();
    out.line(
        "chipledger demo: a custody ledger for ML chips shared by treaty countries ("
            + (fabric ? "Fabric" : "embedded")
            + " backend)");
    out.line("");
    Story.Outcome outcome;
    String ledgerSummary;
    boolean ledgerOk;
    List<DemoChapter> chapters =
        custodyOnly ? List.of() : List.of(new ComputeChapter(), new LocationChapter());
    if (fabric) {
      try (FabricCast cast =
          FabricCast.create(Session.network(options), demoDir.resolve("identities"))) {
        outcome = play(cast, out, chapters, cli(true));
        ledgerSummary =
            "Fabric channel "
                + cast.network().config().channel()
                + ": every transaction endorsed by a majority of the orgs' peers, ordered by BFT";
        ledgerOk = true;
      }
    } else {
      try (EmbeddedCast cast =
          EmbeddedCast.create(demoDir.resolve("identities"), demoDir.resolve("ledger"))) {
        outcome = play(cast, out, chapters, cli(false));
        VerifyReport verified = cast.ledger().verify();
        ledgerSummary =
            String.format(
                "Block log: %,d blocks, %,d transactions, chain verified: %s",
                cast.ledger().height(),
                verified.transactions(),
                verified.ok() ? "yes" : "NO: " + verified.problem());
        ledgerOk = verified.ok();
      }
    }

    out.line("");
    out.line(ledgerSummary);
    out.line("Custody digest (holder, status, country, site of every chip): " + outcome.digest());
    out.line(
        String.format(
            "Done in %.1f s. The %s; for example:",
            Duration.between(started, Instant.now()).toMillis() / 1000.0,
            fabric
                ? "identities stay in " + demoDir.resolve("identities")
                : "ledger stays in " + demoDir));
    out.line("  " + cli(fabric) + " --identity inspectorate query unaccounted --list");
    return ledgerOk ? 0 : 1;
  }

  /**
   * {@code --demo-dir}, else the data directory when the user chose one (on the command line, in
   * the environment or the config file), else {@link #DEFAULT_DIR}.
   */
  private Path demoDir(GlobalOptions options) {
    if (demoDirOption != null) {
      return demoDirOption;
    }
    boolean chosen =
        spec.root().commandLine().getParseResult().hasMatchedOption("--data-dir")
            || !options.dataDir().equals(GlobalOptions.DEFAULT_DATA_DIR);
    return chosen ? options.dataDir() : DEFAULT_DIR;
  }

  /** The custody story, its report, then each later chapter on the same cast. */
  private Story.Outcome play(Cast cast, Output out, List<DemoChapter> chapters, String cli)
      throws Exception {
    Progress progress = new Progress("chips registered", Story.totalChips(chipsPerFab));
    // Only chips that train need a key in the token; a custody-only story makes none.
    DemoChipKeys keys =
        chapters.isEmpty() ? DemoChipKeys.derived(seed) : DemoChipKeys.withToken(seed);
    Story.Outcome outcome =
        new Story(cast, chipsPerFab, seed, keys, line -> out.line("  * " + line), progress::update)
            .run();
    report(outcome, out);
    DemoChapter.Page page =
        new DemoChapter.Page() {
          @Override
          public void say(String line) {
            out.line("  * " + line);
          }

          @Override
          public void line(String text) {
            out.line(text);
          }

          @Override
          public void table(List<String> headers, List<List<String>> rows) {
            out.table(headers, rows);
          }
        };
    for (DemoChapter chapter : chapters) {
      out.line("");
      out.line(chapter.title());
      out.line("");
      Path dir = demoDir.resolve(chapter.name());
      Files.createDirectories(dir);
      chapter.play(new DemoChapter.Context(cast, outcome, dir, seed, page, cli));
    }
    return outcome;
  }

  /** What the custody story left: rejections, custody, production and unaccounted chips. */
  private static void report(Story.Outcome outcome, Output out) {
    out.line("");
    out.line("Rejected, as they should be (stable error codes; state unchanged):");
    List<List<String>> rows = new ArrayList<>();
    outcome
        .rejections()
        .forEach(r -> rows.add(List.of(r.attempt(), r.code().name(), detail(r.message()))));
    out.table(List.of("attempt", "code", "ledger said"), rows);
    out.line("");
    out.line("Custody by country (chips):");
    Reports.custody(out, outcome.counts());
    out.line("");
    out.line("Production by fab:");
    Reports.production(out, outcome.production());
    out.line("");
    out.line(
        String.format(
            "Unaccounted chips as of %s, the end of a reporting period %d days after the shipments:",
            Instant.ofEpochSecond(outcome.unaccounted().getAsOf().getSeconds()),
            Story.REPORT_AFTER_DAYS));
    Reports.unaccounted(out, outcome.unaccounted());
    Reports.unaccountedChips(out, outcome.unaccounted(), 2);
  }

  /** The CLI call that reaches the demo's ledger afterwards. */
  private String cli(boolean fabric) {
    return "./chipledger " + (fabric ? "--ledger fabric " : "") + "--data-dir " + demoDir;
  }

  /** The ledger's message without the code prefix, which the table shows separately. */
  private static String detail(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }
}
