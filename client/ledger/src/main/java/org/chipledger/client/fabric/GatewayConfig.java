package org.chipledger.client.fabric;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The connection info {@code network.sh up} writes to {@code
 * network-config/run/connection/gateway.properties}: channel, chaincode and each application org.
 *
 * @param channel the channel name
 * @param chaincode the chaincode name
 * @param orgs the application orgs by MSP id, in the file's order
 */
public record GatewayConfig(String channel, String chaincode, Map<String, PeerOrg> orgs) {
  private static final Pattern COMMA = Pattern.compile(",");

  public GatewayConfig {
    orgs = Collections.unmodifiableMap(new LinkedHashMap<>(orgs));
  }

  /** Reads a {@code gateway.properties} file. */
  public static GatewayConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, PeerOrg> orgs = new LinkedHashMap<>();
    for (String mspId : COMMA.splitAsStream(required(properties, "orgs", file)).toList()) {
      String msp = mspId.trim();
      String prefix = "org." + msp + ".";
      orgs.put(
          msp,
          new PeerOrg(
              msp,
              required(properties, prefix + "country", file),
              required(properties, prefix + "peerEndpoint", file),
              required(properties, prefix + "peerHostOverride", file),
              Path.of(required(properties, prefix + "tlsRootCert", file)),
              Path.of(required(properties, prefix + "caCert", file)),
              Path.of(required(properties, prefix + "caKey", file))));
    }
    return new GatewayConfig(
        required(properties, "channel", file), required(properties, "chaincode", file), orgs);
  }

  /** The org with this MSP id. */
  public PeerOrg org(String mspId) {
    return Optional.ofNullable(orgs.get(mspId))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no org " + mspId + " in the network (has " + orgs.keySet() + ")"));
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          file + " has no " + key + "; was it written by network-config/network.sh up?");
    }
    return value.trim();
  }
}
