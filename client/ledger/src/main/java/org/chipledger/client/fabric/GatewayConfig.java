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
 * network-config/run/connection/gateway.properties}: channel, chaincode, each application org that
 * runs a peer, and each member organisation that submits through one.
 *
 * @param channel the channel name
 * @param chaincode the chaincode name
 * @param orgs the application orgs that run a peer, by MSP id, in the file's order
 * @param members the organisations with an MSP but no peer, by MSP id, in the file's order
 */
public record GatewayConfig(
    String channel, String chaincode, Map<String, PeerOrg> orgs, Map<String, MemberOrg> members) {
  private static final Pattern COMMA = Pattern.compile(",");

  public GatewayConfig {
    orgs = Collections.unmodifiableMap(new LinkedHashMap<>(orgs));
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** A network whose organisations all run a peer. */
  public GatewayConfig(String channel, String chaincode, Map<String, PeerOrg> orgs) {
    this(channel, chaincode, orgs, Map.of());
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
        required(properties, "channel", file),
        required(properties, "chaincode", file),
        orgs,
        parseMembers(properties, file));
  }

  // A network written before organisations had MSPs of their own has no members line.
  private static Map<String, MemberOrg> parseMembers(Properties properties, Path file) {
    Map<String, MemberOrg> members = new LinkedHashMap<>();
    String list = properties.getProperty("members", "");
    for (String mspId :
        COMMA.splitAsStream(list).map(String::trim).filter(m -> !m.isEmpty()).toList()) {
      String prefix = "member." + mspId + ".";
      members.put(
          mspId,
          new MemberOrg(
              mspId,
              required(properties, prefix + "country", file),
              required(properties, prefix + "gatewayOrg", file),
              Path.of(required(properties, prefix + "caCert", file)),
              Path.of(required(properties, prefix + "caKey", file))));
    }
    return members;
  }

  /**
   * The peer org whose gateway an identity of {@code mspId} submits through: its own, or for a
   * member organisation its country's.
   */
  public PeerOrg gatewayOf(String mspId) {
    MemberOrg member = members.get(mspId);
    return org(member == null ? mspId : member.gatewayMspId());
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
