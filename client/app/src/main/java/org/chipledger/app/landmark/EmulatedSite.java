package org.chipledger.app.landmark;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.firmware.ChallengeResponder;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.location.v1.ChallengeRequest;
import org.chipledger.proto.location.v1.ChallengeResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;

/**
 * One site of an emulated world ({@code network-config/geo.sh}), run in the site's own network
 * namespace: a landmark that measures and signs (its organisation records), or a datacenter host
 * with its emulated chips. A host can also behave as the attacks of issue 21 need: forward a
 * serial's challenges to a chip at another host (the relay attack), hold a serial's answers (an
 * operator who delays), or play back the first answer it got (a replay).
 */
public final class EmulatedSite implements AutoCloseable {
  /** The landmark's port ({@code Attest}). */
  public static final int LANDMARK_PORT = 7600;

  /** The host's relay port, which landmarks challenge chips through. */
  public static final int RELAY_PORT = 7700;

  /** Where the host's chips answer directly (what a relaying host forwards to). */
  public static final int CHIP_PORT = 7701;

  /**
   * What one site runs.
   *
   * @param landmarkId the landmark's id, if the site is a landmark
   * @param landmarkKey its signing key
   * @param chips the host's chips by serial, with their keys
   * @param forwards serials whose challenges the host sends on to {@code host:port}
   * @param holds how long the host holds each listed serial's answers
   * @param replays serials whose first answer the host plays back to every later challenge
   */
  public record Plan(
      String address,
      Optional<String> landmarkId,
      Optional<PrivateKey> landmarkKey,
      Map<String, PrivateKey> chips,
      Map<String, String> forwards,
      Map<String, Duration> holds,
      Set<String> replays,
      Duration timeout) {
    public Plan {
      chips = Map.copyOf(chips);
      forwards = Map.copyOf(forwards);
      holds = Map.copyOf(holds);
      replays = Set.copyOf(replays);
    }
  }

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private LandmarkServer landmark;

  private EmulatedSite() {}

  /** Starts the site's servers on its address. */
  public static EmulatedSite start(Plan plan, LinkSecurity security) {
    EmulatedSite site = new EmulatedSite();
    try {
      site.startServers(plan, security);
      return site;
    } catch (IOException e) {
      site.close();
      throw new UncheckedIOException("cannot start the site: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      site.close();
      throw e;
    }
  }

  private void startServers(Plan plan, LinkSecurity security) throws IOException {
    if (plan.landmarkId().isPresent()) {
      landmark =
          LandmarkServer.start(
              LandmarkStation.measuringOnly(
                  plan.landmarkId().get(), plan.landmarkKey().orElseThrow(), plan.timeout()),
              security,
              new InetSocketAddress(plan.address(), LANDMARK_PORT));
    }
    if (plan.chips().isEmpty() && plan.forwards().isEmpty()) {
      return;
    }
    Chips chips = new Chips();
    plan.chips()
        .forEach(
            (serial, key) ->
                chips.responders.put(
                    serial, ChallengeResponder.startingNow(serial, new ChipSigner(key))));
    servers.add(
        LandmarkServer.serve(new InetSocketAddress(plan.address(), CHIP_PORT), security, chips));
    // The host reaches its own chips over its own address, as over the board's link: a hop of
    // well under a millisecond that only adds to the round trip.
    ManagedChannel local = security.channelTo(plan.address(), CHIP_PORT);
    channels.add(local);
    Map<String, ChallengeRelay> routes = new HashMap<>();
    for (String serial : plan.chips().keySet()) {
      routes.put(serial, route(serial, ChipChallengeGrpc.newBlockingStub(local), plan));
    }
    for (Map.Entry<String, String> forward : plan.forwards().entrySet()) {
      String target = forward.getValue();
      int colon = target.lastIndexOf(':');
      ManagedChannel remote =
          security.channelTo(
              target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
      channels.add(remote);
      routes.put(
          forward.getKey(),
          route(forward.getKey(), ChipChallengeGrpc.newBlockingStub(remote), plan));
    }
    servers.add(
        LandmarkServer.serve(
            new InetSocketAddress(plan.address(), RELAY_PORT),
            security,
            new Relay(routes, plan.replays())));
  }

  private static ChallengeRelay route(
      String serial, ChipChallengeGrpc.ChipChallengeBlockingStub chip, Plan plan) {
    return new ChallengeRelay(
        Map.of(serial, chip), plan.holds().getOrDefault(serial, Duration.ZERO));
  }

  @Override
  public void close() {
    if (landmark != null) {
      landmark.close();
    }
    servers.forEach(Server::shutdownNow);
    channels.forEach(ManagedChannel::shutdownNow);
  }

  /** The host's chips, each answering for its own serial. */
  private static final class Chips extends ChipChallengeGrpc.ChipChallengeImplBase {
    private final Map<String, ChallengeResponder> responders = new ConcurrentHashMap<>();

    @Override
    public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> response) {
      ChallengeResponder chip = responders.get(request.getSerial());
      if (chip == null) {
        response.onError(
            Status.NOT_FOUND.withDescription("no chip " + request.getSerial()).asException());
        return;
      }
      chip.challenge(request, response);
    }
  }

  /** The host's relay: each serial's route, and the replaying host's kept first answers. */
  private static final class Relay extends ChipChallengeGrpc.ChipChallengeImplBase {
    private final Map<String, ChallengeRelay> routes;
    private final Set<String> replays;
    private final Map<String, ChallengeResponse> kept = new ConcurrentHashMap<>();

    Relay(Map<String, ChallengeRelay> routes, Set<String> replays) {
      this.routes = Map.copyOf(routes);
      this.replays = replays;
    }

    @Override
    public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> response) {
      String serial = request.getSerial();
      ChallengeRelay route = routes.get(serial);
      if (route == null) {
        response.onError(
            Status.NOT_FOUND
                .withDescription("no chip " + serial + " behind this host")
                .asException());
        return;
      }
      ChallengeResponse old = kept.get(serial);
      if (old != null) {
        response.onNext(old);
        response.onCompleted();
        return;
      }
      if (!replays.contains(serial)) {
        route.challenge(request, response);
        return;
      }
      route.challenge(
          request,
          new StreamObserver<>() {
            @Override
            public void onNext(ChallengeResponse answer) {
              kept.putIfAbsent(serial, answer);
              response.onNext(answer);
            }

            @Override
            public void onError(Throwable t) {
              response.onError(t);
            }

            @Override
            public void onCompleted() {
              response.onCompleted();
            }
          });
    }
  }
}
