package org.chipledger.firmware;

/** Where the datacenter's snapshot agent listens: {@code host:port}. */
public record AgentAddress(String host, int port) {
  public AgentAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("agent host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("agent port out of range: " + port);
    }
  }

  /** Parses {@code host:port} or {@code [v6-address]:port}. */
  public static AgentAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new AgentAddress(host, Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'", e);
    }
  }

  /** The gRPC target: {@code host:port}, with brackets around an IPv6 literal. */
  public String target() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
