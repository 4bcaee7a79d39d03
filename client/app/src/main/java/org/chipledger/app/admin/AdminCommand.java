package org.chipledger.app.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.options.PolicyOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.membership.Roles;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.embedded.VerifyReport;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of the consortium administrator: create the ledger, admit organisations, set policy. */
@Command(
    name = "admin",
    description = "Create the ledger, register organisations, set policy, verify the block log.",
    subcommands = {
      AdminCommand.Init.class,
      AdminCommand.RegisterOrg.class,
      AdminCommand.SetPolicy.class,
      DecideApproval.class,
      AdminCommand.Verify.class,
      AnchorCommand.class,
      RebuildStateCommand.class
    })
public final class AdminCommand {

  /** Refuses a command that works on the embedded ledger's files when the backend is Fabric. */
  static void requireEmbedded(GlobalOptions options, String why) {
    if (options.ledger() == Backend.FABRIC) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, why);
    }
  }

  @Command(
      name = "init",
      description =
          "Bootstrap the ledger as admin: embedded, first create it with a genesis that trusts your"
              + " MSP; on Fabric the channel exists and your MSP's CA is the network's.")
  static final class Init extends ChipLedgerCommand {
    @Option(names = "--org", required = true, description = "Your organisation id, e.g. treaty.")
    String org;

    @Option(names = "--msp", required = true)
    String msp;

    @Option(names = "--country", required = true)
    String country;

    @Option(names = "--name", defaultValue = "Treaty secretariat")
    String name;

    @ArgGroup(exclusive = false)
    PolicyOptions policy = new PolicyOptions();

    @Override
    public Integer call() {
      GlobalOptions options = options();
      IdentityStore store = Backends.identities(options.settings());
      CertificateAuthority ca =
          Session.ca(options, store, msp).orElseGet(() -> store.createCa(msp));
      Identity admin =
          store.find(msp, org).orElseGet(() -> store.issue(msp, org, org, "admin", country));
      if (options.ledger() == Backend.EMBEDDED) {
        EmbeddedLedger.create(options.settings().ledgerDir(), Map.of(msp, ca.certificatePem()))
            .close();
      }
      try (Session session = Session.open(options, admin)) {
        options
            .output(spec)
            .record(
                session
                    .client()
                    .bootstrap(
                        BootstrapRequest.newBuilder()
                            .setPolicy(policy.toPolicy(options.ledger()))
                            .setOrgName(name)
                            .setCaCertPem(ca.certificatePem())
                            .build()));
      }
      return 0;
    }
  }

  @Command(
      name = "register-org",
      description =
          "Admit an organisation (its MSP's CA is taken from the identity store or --ca-file).")
  static final class RegisterOrg extends LedgerCommand {
    @Option(names = "--org-id", required = true)
    String orgId;

    @Option(names = "--msp", required = true)
    String msp;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--country", required = true)
    String country;

    @Option(
        names = "--role",
        required = true,
        split = ",",
        description = "fab, customs, datacenter, inspector, distributor, admin")
    List<String> roles;

    @Option(names = "--ca-file", description = "PEM of the MSP's root CA.")
    Path caFile;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      RegisterOrganizationRequest.Builder request =
          RegisterOrganizationRequest.newBuilder()
              .setOrgId(orgId)
              .setMspId(msp)
              .setName(name)
              .setCountry(country)
              .setCaCertPem(caPem());
      for (String role : roles) {
        request.addRoles(
            Roles.fromAttribute(role)
                .orElseThrow(
                    () ->
                        new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "unknown role " + role)));
      }
      out.record(ledger.registerOrganization(request.build()));
    }

    private String caPem() {
      if (caFile != null) {
        try {
          return Files.readString(caFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new LedgerException(
              ErrorCode.MALFORMED_ARGUMENT, "cannot read " + caFile + ": " + e.getMessage());
        }
      }
      return Session.ca(options(), Backends.identities(options().settings()), msp)
          .map(CertificateAuthority::certificatePem)
          .orElse("");
    }
  }

  @Command(name = "set-policy", description = "Replace the consortium policy.")
  static final class SetPolicy extends LedgerCommand {
    @ArgGroup(exclusive = false)
    PolicyOptions policy = new PolicyOptions();

    @Override
    protected void run(LedgerClient ledger, Output out) {
      // Without the option the flag stays as the ledger has it: changing another rule must not
      // silently allow or refuse derived chip keys.
      out.record(ledger.setPolicy(policy.toPolicy(ledger.policy().getTokenChipKeysOnly())));
    }
  }

  @Command(
      name = "verify",
      description =
          "Re-check the block log (hashes, links, every signature, the signed state commitment),"
              + " rebuild the state from it and compare with the stored state; with --anchor (or"
              + " --anchor-from-fabric), the log must contain the anchored tip(s) (exit 96 if"
              + " not).")
  static final class Verify extends ChipLedgerCommand {
    @Option(
        names = "--anchor",
        description = "A tip exported by `admin anchor`; refuses a log shorter than it or forked.")
    Path anchor;

    @Option(
        names = "--anchor-from-fabric",
        description =
            "Check the log against every tip anchored for --ledger-id on the Fabric channel of"
                + " --gateway (exit 96 if it lacks one, 39 if none is anchored).")
    boolean fromFabric;

    @picocli.CommandLine.Mixin FabricChannel channel;

    @Override
    public Integer call() {
      GlobalOptions options = options();
      requireEmbedded(
          options,
          "admin verify re-walks the embedded block log; on Fabric every peer validates each"
              + " block as it commits it (network-config/network.sh status shows the heights)");
      VerifyReport report;
      if (fromFabric) {
        if (anchor != null) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "give --anchor FILE or --anchor-from-fabric, not both");
        }
        try (FabricChannel.Connected connected = channel.connect(options)) {
          report = connected.anchorer().verifyAgainstChannel();
        }
      } else {
        report =
            EmbeddedLedger.verify(
                Backends.embeddedDir(options.settings()),
                anchor == null ? null : AnchorCommand.read(anchor));
      }
      output()
          .row(
              List.of("blocks", "transactions", "ok", "problem"),
              String.valueOf(report.blocks()),
              String.valueOf(report.transactions()),
              String.valueOf(report.ok()).toLowerCase(Locale.ROOT),
              report.problem() == null ? "" : report.problem());
      return report.ok() ? 0 : report.code().number();
    }
  }
}
