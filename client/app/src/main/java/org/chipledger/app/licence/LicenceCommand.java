package org.chipledger.app.licence;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.RevokeLicenceRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands of licensing authorities: export licences on the ledger (issue 17 item 7). */
@Command(
    name = "licence",
    description = "Issue, revoke and show export licences (a country's licensing authority).",
    subcommands = {
      LicenceCommand.Issue.class,
      LicenceCommand.Revoke.class,
      LicenceCommand.Show.class
    })
public final class LicenceCommand {
  private LicenceCommand() {}

  @Command(
      name = "issue",
      description =
          "Issue an export licence from your country: exporter, buyer abroad, chip models or a"
              + " TPP range, quantity and expiry.")
  static final class Issue extends LedgerCommand {
    @Option(names = "--licence-id", required = true)
    String licenceId;

    @Option(names = "--exporter", required = true, description = "The exporting organisation.")
    String exporter;

    @Option(names = "--to", required = true, description = "The receiving organisation abroad.")
    String to;

    @Option(names = "--to-country", required = true, description = "Its country (ISO alpha-2).")
    String toCountry;

    @Option(names = "--models", split = ",", description = "Registered chip models it covers.")
    List<String> models = new ArrayList<>();

    @Option(names = "--min-tpp", defaultValue = "0", description = "Lowest TPP it covers.")
    double minTpp;

    @Option(names = "--max-tpp", defaultValue = "0", description = "Highest TPP it covers.")
    double maxTpp;

    @Option(names = "--quantity", required = true, description = "Controlled chips in all.")
    int quantity;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Expiry expiry;

    /** When the licence lapses: a date, or a validity from now. */
    static final class Expiry {
      @Option(names = "--expires", description = "ISO-8601 instant, e.g. 2027-06-30T00:00:00Z.")
      Instant at;

      @Option(
          names = "--valid-for",
          converter = DurationConverter.class,
          description = "Validity from now: " + DurationConverter.SYNTAX + ".")
      Duration validFor;

      Instant instant() {
        return at != null ? at : Instant.now().plus(validFor);
      }
    }

    @Override
    protected void run(LedgerClient ledger, Output out) {
      if (quantity < 1) {
        throw usage("--quantity must be at least 1");
      }
      Instant expires = expiry.instant();
      out.record(
          ledger.issueLicence(
              IssueLicenceRequest.newBuilder()
                  .setLicenceId(licenceId)
                  .setExporterOrg(exporter)
                  .setDestinationOrg(to)
                  .setDestinationCountry(toCountry)
                  .addAllModels(models)
                  .setMinTpp(minTpp)
                  .setMaxTpp(maxTpp)
                  .setQuantity(quantity)
                  .setExpiresAt(
                      Timestamp.newBuilder()
                          .setSeconds(expires.getEpochSecond())
                          .setNanos(expires.getNano()))
                  .build()));
    }
  }

  @Command(name = "revoke", description = "Revoke a licence you issued; no export may use it.")
  static final class Revoke extends LedgerCommand {
    @Option(names = "--licence-id", required = true)
    String licenceId;

    @Option(names = "--reason", defaultValue = "")
    String reason;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.revokeLicence(
              RevokeLicenceRequest.newBuilder().setLicenceId(licenceId).setReason(reason).build()));
    }
  }

  @Command(name = "show", description = "Show a licence: its terms, what it exported, revocation.")
  static final class Show extends LedgerCommand {
    @Parameters(index = "0", paramLabel = "LICENCE_ID")
    String licenceId;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(ledger.licence(licenceId));
    }
  }
}
