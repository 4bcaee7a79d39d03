package org.chipledger.client.demo;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;

/**
 * Chips with fresh keys, made by a fab and deployed at one datacenter site in the fab's country:
 * the fleet that snapshot tests, benchmarks and simulations run. Each step moves at most {@link
 * Checks#MAX_CHIPS_PER_TX} chips per transaction.
 *
 * @param keys each chip's key pair by serial, in serial order; the private keys play the chips
 */
public record Fleet(String siteId, Map<String, KeyPair> keys) {

  /**
   * Registers {@code deployed + idle} chips at {@code fab}, transfers them to {@code operator},
   * registers {@code siteId} in {@code country} and deploys the first {@code deployed} there.
   */
  public static Fleet deploy(
      LedgerClient fab,
      LedgerClient operator,
      String operatorOrg,
      String siteId,
      String country,
      String serialPrefix,
      int deployed,
      int idle) {
    ChipKeys generator = new ChipKeys();
    Map<String, KeyPair> keys = new LinkedHashMap<>();
    for (int i = 0; i < deployed + idle; i++) {
      keys.put(String.format("%s-%07d", serialPrefix, i), generator.generate());
    }
    List<String> serials = new ArrayList<>(keys.keySet());
    operator.registerSite(
        RegisterSiteRequest.newBuilder()
            .setSiteId(siteId)
            .setName(siteId)
            .setCountry(country)
            .build());
    int chunk = Checks.MAX_CHIPS_PER_TX;
    for (int from = 0; from < serials.size(); from += chunk) {
      List<String> part = serials.subList(from, Math.min(serials.size(), from + chunk));
      RegisterChipsRequest.Builder lot =
          RegisterChipsRequest.newBuilder().setLotId(serialPrefix + "-LOT-" + from / chunk);
      for (String serial : part) {
        lot.addChips(
            ChipSpec.newBuilder()
                .setSerial(serial)
                .setModel("H100")
                .setTpp(15_832)
                .setPublicKey(ByteString.copyFrom(keys.get(serial).getPublic().getEncoded()))
                .setFirmwareVersion("1.0.0"));
      }
      fab.registerChips(lot.build());
      String transfer = serialPrefix + "-T-" + from / chunk;
      fab.proposeTransfer(
          ProposeTransferRequest.newBuilder()
              .setTransferId(transfer)
              .addAllSerials(part)
              .setToOrg(operatorOrg)
              .build());
      operator.acceptTransfer(transfer);
      List<String> toDeploy = part.stream().filter(s -> serials.indexOf(s) < deployed).toList();
      if (!toDeploy.isEmpty()) {
        operator.deploy(
            DeployChipsRequest.newBuilder()
                .addAllSerials(toDeploy)
                .setSiteId(siteId)
                .setClusterId("c" + from / chunk)
                .build());
      }
    }
    return new Fleet(siteId, keys);
  }

  public List<String> serials() {
    return List.copyOf(keys.keySet());
  }
}
