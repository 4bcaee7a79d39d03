package org.chipledger.client.cli;

import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of datacenter operators: sites and deployments. */
@Command(
    name = "datacenter",
    description = "Register sites, deploy and undeploy chips.",
    subcommands = {
      DatacenterCommand.RegisterSite.class,
      DatacenterCommand.Deploy.class,
      DatacenterCommand.Undeploy.class
    })
final class DatacenterCommand {

  @Command(name = "register-site", description = "Register a datacenter site of your organisation.")
  static final class RegisterSite extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--country", required = true, description = "ISO 3166 alpha-2, e.g. US")
    String country;

    @Option(names = "--name", defaultValue = "")
    String name;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.registerSite(
              RegisterSiteRequest.newBuilder()
                  .setSiteId(siteId)
                  .setCountry(country)
                  .setName(name)
                  .build()));
    }
  }

  @Command(name = "deploy", description = "Deploy chips you hold at one of your sites.")
  static final class Deploy extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--cluster-id", required = true)
    String clusterId;

    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.deploy(
              DeployChipsRequest.newBuilder()
                  .setSiteId(siteId)
                  .setClusterId(clusterId)
                  .addAllSerials(chips.resolve())
                  .build()));
    }
  }

  @Command(name = "undeploy", description = "Take chips out of service at their site.")
  static final class Undeploy extends LedgerCommand {
    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.undeploy(
              UndeployChipsRequest.newBuilder().addAllSerials(chips.resolve()).build()));
    }
  }
}
