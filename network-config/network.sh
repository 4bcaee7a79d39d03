#!/usr/bin/env bash
# chipledger single-host Fabric v3 network ("treaty" consortium), no Docker, TLS; on loopback, or (opt-in,
# CHIPLEDGER_NETWORK_LAYOUT=netns, root) with each country in its own network namespace.
#
#   network-config/network.sh up            bootstrap (first time) or restart on the existing ledgers
#   network-config/network.sh bootstrap     hosts layout: crypto and the genesis block, once, for every host
#   network-config/network.sh up --countries CC[,CC]  hosts layout: start this host's countries (hosts.sh)
#   network-config/network.sh down          stop every process; keep crypto, channel and ledgers
#   network-config/network.sh down --purge  stop and delete all generated material and ledgers
#   network-config/network.sh status        health (/healthz), `treaty` block height and BFT leader of every node
#   network-config/network.sh leader        the orderer that leads BFT consensus now (e.g. orderer.tw)
#   network-config/network.sh height NODE   NODE's `treaty` block height (NODE: orderer.tw, peer.nl, …)
#   network-config/network.sh kill NODE     SIGKILL one node (fault tests); NODE may also be `leader`
#   network-config/network.sh start NODE    start one stopped node again and wait until it is healthy
#   network-config/network.sh freeze NODE   SIGSTOP one node: alive, answering nothing, ordering nothing (fault tests)
#   network-config/network.sh watchdog      the orderer watchdog's loop (`up` starts it in the background)
#   network-config/network.sh partition CC  cut country CC (tw|us|nl|sg|treaty) off from the others (netns layout)
#   network-config/network.sh heal CC       undo `partition CC`
#   network-config/network.sh wan table     the one-way delays between countries (netns layout, CHIPLEDGER_WAN=on)
#   network-config/network.sh wan slow CC F every route to or from CC at F times its delay (F=1 restores it)
#   network-config/network.sh wan show      the delayed routes as Toxiproxy reports them
#   network-config/network.sh org remove MSPID [--signers MSP,...]  remove an application org from the channel
#   network-config/network.sh org add MSPID [--signers MSP,...]     add one (defined in configtx.yaml); both are
#                             config updates signed by a MAJORITY of the orgs' admins (orgs.sh)
#
# Topology, ports and the gateway connection files are described in network-config/README.md.
# Environment knobs:
#   CHIPLEDGER_FABRIC_HOME    Fabric install root (default ~/.cache/chipledger/fabric), see install-fabric.sh
#   CHIPLEDGER_CHAINCODE_JAR  chaincode server jar (default chaincode/contract/target/chipledger-chaincode.jar;
#                             built with mvn when the default is missing)
#   CHIPLEDGER_CC_JAVA_OPTS   JVM options of the chaincode server (default -Xmx1g)
#   CHIPLEDGER_WAIT_SECONDS   bound of every start-up wait (default 180)
#   CHIPLEDGER_FABRIC_LOGGING_SPEC  node log spec (default grpc=warn:info)
#   CHIPLEDGER_WATCHDOG             on (default) or off: restart an orderer that stopped ordering
#   CHIPLEDGER_WATCHDOG_LAG         blocks behind the highest orderer that count as stuck (default 10)
#   CHIPLEDGER_WATCHDOG_SECONDS     how long an orderer may stay stuck before its restart (default 30)
#   CHIPLEDGER_ADDRESSES      the addresses file: each country's node address (default network-config/addresses)
#   CHIPLEDGER_NETWORK_LAYOUT loopback (default: every node on 127.0.0.1), netns (each country's orderer and
#                             peer in its own network namespace, joined by a bridge) or hosts (each country
#                             on its own host at its address; bootstrap, then up --countries); read by `up`
#                             and `bootstrap` only, the
#                             layout that ran is kept in run/layout for the other commands
#   CHIPLEDGER_WAN            off (default) or on: with the netns layout, delay every connection between two
#                             countries by their great-circle distance (wan.sh; read by `up` of a new network)
#   CHIPLEDGER_WAN_HOP_MS     fixed one-way cost added to each country pair's delay (default 5)
#   CHIPLEDGER_STATUS_MAX_LAG `status` flags a node more than this many blocks behind the highest (default 10)
set -euo pipefail

NET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$NET_DIR/.." && pwd)"
FABRIC_VERSION=3.1.5
FABRIC_HOME="$("$NET_DIR/install-fabric.sh" --print-home)"
BIN="$FABRIC_HOME/bin"
CRYPTO="$NET_DIR/crypto-config"
ARTIFACTS="$NET_DIR/channel-artifacts"
RUN="$NET_DIR/run"
CFG="$RUN/config"
DATA="$RUN/data"
LOGS="$RUN/logs"
PIDS="$RUN/pids"
CONN="$RUN/connection"
CHANNEL=treaty
CC_NAME=chipledger
CC_VERSION=1.0
CC_SEQUENCE=1
CC_LABEL=chipledger_1.0
CC_PORT=9999
CC_JAR_DEFAULT="$REPO_DIR/chaincode/contract/target/chipledger-chaincode.jar"
CC_JAR="${CHIPLEDGER_CHAINCODE_JAR:-$CC_JAR_DEFAULT}"
CC_JAVA_OPTS="${CHIPLEDGER_CC_JAVA_OPTS:--Xmx1g}"
WAIT="${CHIPLEDGER_WAIT_SECONDS:-180}"
NODE_LOG_SPEC="${CHIPLEDGER_FABRIC_LOGGING_SPEC:-grpc=warn:info}"   # Fabric logging spec of the nodes
WATCHDOG="${CHIPLEDGER_WATCHDOG:-on}"
WATCHDOG_LAG="${CHIPLEDGER_WATCHDOG_LAG:-10}"
WATCHDOG_SECONDS="${CHIPLEDGER_WATCHDOG_SECONDS:-30}"

HOST_KEY=""       # hosts layout: the first country this host runs (names its chaincode server)
CC_SERVER="chaincode.$CC_NAME"   # the chaincode server's pid/log name (one per host in the hosts layout)
CC_PKG="$ARTIFACTS/$CC_NAME"     # the chaincode package's path without .tgz (one per host in the hosts layout)

# ---- topology -------------------------------------------------------------------------------
# orderers: key -> "MSPID domain listen-port admin-port ops-port"
ORDERERS=(tw us nl sg)
declare -A ORD=(
  [tw]="OrdererTWMSP ord.tw.treaty 7050 7053 8443"
  [us]="OrdererUSMSP ord.us.treaty 7150 7153 8444"
  [nl]="OrdererNLMSP ord.nl.treaty 7250 7253 8445"
  [sg]="OrdererSGMSP ord.sg.treaty 7350 7353 8446"
)
# peers (one per application org): key -> "MSPID domain peer-port chaincode-port ops-port"
PEERS=(tw us nl sg treaty)
declare -A PEER=(
  [tw]="TWMSP tw.treaty 7051 7052 9443"
  [us]="USMSP us.treaty 8051 8052 9444"
  [nl]="NLMSP nl.treaty 9051 9052 9445"
  [sg]="SGMSP sg.treaty 10051 10052 9446"
  [treaty]="TreatyMSP secretariat.treaty 11051 11052 9447"
)
declare -A COUNTRY=([tw]=TW [us]=US [nl]=NL [sg]=SG [treaty]=TREATY)
# BFT consenter id -> orderer key; must match the IDs of ConsenterMapping in configtx.yaml
declare -A CONSENTER=([1]=tw [2]=us [3]=nl [4]=sg)

# ---- layout ---------------------------------------------------------------------------------
# loopback: every node on 127.0.0.1. netns: each country's orderer and peer (the secretariat's peer
# in clns-treaty) in its own network namespace with its own address, one veth pair per namespace into
# the bridge clns-br; the bridge's address is the root side (clients, chaincode server). In both layouts
# the admin and operations endpoints listen on 127.0.0.1 of the node's own namespace, so the script
# reaches them from inside (ip netns exec) and a partition does not hide a node from `status`.
NS_BRIDGE=clns-br
NS_BRIDGE_IP=10.231.0.1
NS_PREFIXLEN=24
NS_KEYS=(tw us nl sg treaty)
# each country's address, from the addresses file (KEY ADDRESS per line; see that file); a network that
# exists keeps the copy its bootstrap took, so every later command dials the addresses it was made with
ADDRESSES="${CHIPLEDGER_ADDRESSES:-$NET_DIR/addresses}"
[[ -f "$ARTIFACTS/addresses" ]] && ADDRESSES="$ARTIFACTS/addresses"
declare -A NS_IP=()
load_addresses() {
  [[ -f "$ADDRESSES" ]] || die "no addresses file $ADDRESSES"
  local key addr rest k
  while read -r key addr rest; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    [[ " ${NS_KEYS[*]} " == *" $key "* ]] || die "$ADDRESSES: unknown country key '$key' (${NS_KEYS[*]})"
    [[ "$addr" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ && -z "$rest" ]] || die "$ADDRESSES: '$key $addr $rest' is not KEY IPv4-ADDRESS"
    NS_IP[$key]=$addr
  done < "$ADDRESSES"
  for k in "${NS_KEYS[@]}"; do [[ -n "${NS_IP[$k]:-}" ]] || die "$ADDRESSES has no address for $k"; done
  [[ $(printf '%s\n' "${NS_IP[@]}" | sort -u | wc -l) -eq ${#NS_KEYS[@]} ]] || die "$ADDRESSES gives two countries one address"
}
load_addresses
# which checkout owns the clns-* namespaces (one netns network per host, like the fixed ports)
NS_OWNER=/run/chipledger-netns.owner
LAYOUT_FILE="$ARTIFACTS/layout"    # written with the genesis block, which holds the layout's addresses
STATUS_MAX_LAG="${CHIPLEDGER_STATUS_MAX_LAG:-10}"
set_layout() {
  LAYOUT=$1
  case "$LAYOUT" in
    loopback) CC_ADDRESS="127.0.0.1:$CC_PORT" ;;
    netns) CC_ADDRESS="$NS_BRIDGE_IP:$CC_PORT" ;;
    hosts) CC_ADDRESS="${NS_IP[${HOST_KEY:-treaty}]}:$CC_PORT" ;;
    *) die "unknown layout '$LAYOUT' (CHIPLEDGER_NETWORK_LAYOUT=loopback|netns|hosts)" ;;
  esac
}
# node_host KEY: the address the node of country KEY listens on
node_host() { if [[ "$LAYOUT" == netns || "$LAYOUT" == hosts ]]; then echo "${NS_IP[$1]}"; else echo 127.0.0.1; fi; }
# ns_prefix KEY: the words that start a program in KEY's namespace (none in the loopback layout)
ns_prefix() { if [[ "$LAYOUT" == netns ]]; then echo "ip netns exec clns-$1"; fi; }
ns_note() { if [[ "$LAYOUT" == netns ]]; then echo " in namespace clns-$1"; fi; }
# nsx KEY CMD...: run CMD in country KEY's namespace (netns layout), else here
nsx() {
  local k=$1; shift
  if [[ "$LAYOUT" == netns ]]; then ip netns exec "clns-$k" "$@"; else "$@"; fi
}

# shellcheck source=network-config/wan.sh
source "$NET_DIR/wan.sh"
# shellcheck source=network-config/orgs.sh
source "$NET_DIR/orgs.sh"
# shellcheck source=network-config/hosts.sh
source "$NET_DIR/hosts.sh"

# ---- helpers --------------------------------------------------------------------------------
log()  { printf '[network %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die()  { printf '[network %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
ospec() { read -r O_MSP O_DOM O_PORT O_ADMIN O_OPS <<<"${ORD[$1]}"
          O_HOST=$(node_host "$1")
          O_DIR="$CRYPTO/ordererOrganizations/$O_DOM/orderers/orderer.$O_DOM"
          O_ORGDIR="$CRYPTO/ordererOrganizations/$O_DOM"
          O_TLSCA="$O_ORGDIR/tlsca/tlsca.$O_DOM-cert.pem"
          O_ADMINDIR="$O_ORGDIR/users/Admin@$O_DOM"; }
pspec() { read -r P_MSP P_DOM P_PORT P_CC P_OPS <<<"${PEER[$1]}"
          P_HOST=$(node_host "$1")
          P_DIR="$CRYPTO/peerOrganizations/$P_DOM/peers/peer0.$P_DOM"
          P_ORGDIR="$CRYPTO/peerOrganizations/$P_DOM"
          P_TLSCA="$P_ORGDIR/tlsca/tlsca.$P_DOM-cert.pem"
          P_ADMINMSP="$P_ORGDIR/users/Admin@$P_DOM/msp"; }

pidfile() { echo "$PIDS/$1.pid"; }
# running NAME EXE: true if the pidfile's process is alive and runs EXE (guards against pid reuse)
running() {
  local pf; pf=$(pidfile "$1"); [[ -f "$pf" ]] || return 1
  local pid; pid=$(cat "$pf"); [[ -n "$pid" && -d /proc/$pid ]] || return 1
  [[ "$(readlink -f /proc/$pid/exe 2>/dev/null)" == *"$2"* ]]
}
# port_busy KEY HOST PORT: something in KEY's namespace (- = here) listens on HOST:PORT (also as an
# IPv4-mapped address, or [::1] for 127.0.0.1) or on every address at PORT. A listener on another
# address (e.g. the netns network's chaincode server beside a loopback network) does not clash.
port_busy() {
  local k=$1 host=$2 port=$3 ss_=(ss -Htln "sport = :$3")
  [[ "$k" == - ]] || ss_=(nsx "$k" "${ss_[@]}")
  "${ss_[@]}" 2>/dev/null | awk -v h="$host" -v p="$port" '
    $4 == h ":" p || $4 == "[::ffff:" h "]:" p || (h == "127.0.0.1" && $4 == "[::1]:" p) { busy = 1 }
    $4 == "0.0.0.0:" p || $4 == "*:" p || $4 == "[::]:" p { busy = 1 }
    END { exit !busy }'
}
# wait_until DESC NODE-or-- CMD...: poll CMD (1 s interval) until it succeeds, bounded by $WAIT seconds
wait_until() {
  local desc=$1 node=$2; shift 2
  local t0=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if [[ "$node" != "--" && -f "$(pidfile "$node")" && ! -d /proc/$(cat "$(pidfile "$node")") ]]; then
      tail -n 30 "$LOGS/$node.log" >&2 || true
      die "$node exited while waiting for: $desc (log: $LOGS/$node.log)"
    fi
    if (( SECONDS - t0 >= WAIT )); then
      [[ "$node" != "--" ]] && { tail -n 30 "$LOGS/$node.log" >&2 || true; }
      die "timed out after ${WAIT}s waiting for: $desc"
    fi
    sleep 1
  done
  log "  ok: $desc ($((SECONDS - t0))s)"
}

healthz() { nsx "$3" curl -sf --max-time 3 --cacert "$1" "https://127.0.0.1:$2/healthz"; }  # CA OPS-PORT KEY

# start NAME EXE-PATH ARGS... (environment already exported by the caller's subshell)
spawn() {
  local name=$1; shift
  mkdir -p "$LOGS" "$PIDS"
  printf '\n===== %s start %s =====\n' "$name" "$(date -u +%FT%TZ)" >> "$LOGS/$name.log"
  ( exec setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null ) &
  echo $! > "$(pidfile "$name")"
}

osnadmin_() {  # osnadmin_ KEY SUBCMD ARGS...   (mutual TLS with the orderer org's Admin TLS cert)
  local k=$1; shift; ospec "$k"
  # bounded: a frozen orderer accepts the connection and then answers nothing
  nsx "$k" timeout 20 "$BIN/osnadmin" "$@" -o "127.0.0.1:$O_ADMIN" --ca-file "$O_DIR/tls/ca.crt" \
    --client-cert "$O_ADMINDIR/tls/client.crt" --client-key "$O_ADMINDIR/tls/client.key"
}
osn_height() {  # prints the treaty height on orderer KEY, fails if not joined/active
  local out; out=$(osnadmin_ "$1" channel list --channelID "$CHANNEL" 2>/dev/null) || return 1
  grep -q '^Status: 200' <<<"$out" && grep -q '"status": *"active"' <<<"$out" || return 1
  tr -d ' \n\t' <<<"$out" | sed -n 's/.*"height":\([0-9]*\).*/\1/p' | grep .
}

# as_admin KEY: environment for the peer CLI acting as the org's Admin against its own peer
# (run the CLI as peer_cli, in that peer's namespace)
as_admin() {
  pspec "$1"; AS_KEY=$1
  export FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=warn CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="$P_MSP" \
         CORE_PEER_ADDRESS="$P_HOST:$P_PORT" CORE_PEER_TLS_ROOTCERT_FILE="$P_DIR/tls/ca.crt" \
         CORE_PEER_MSPCONFIGPATH="$P_ADMINMSP"
}
peer_cli() { nsx "$AS_KEY" "$BIN/peer" "$@"; }
peer_height() { ( as_admin "$1"; peer_cli channel getinfo -c "$CHANNEL" 2>/dev/null ) \
                | sed -n 's/.*"height":\([0-9]*\).*/\1/p' | grep .; }
orderer_args() { ospec "${ORDERERS[0]:-tw}"; echo "-o $O_HOST:$O_PORT --tls --cafile $O_DIR/tls/ca.crt"; }

# ---- steps ----------------------------------------------------------------------------------
ensure_fabric() {
  log "Fabric $FABRIC_VERSION: checking the install (first time: ~2 min build; log $RUN/install-fabric.log)"
  if ! "$NET_DIR/install-fabric.sh" > "$RUN/install-fabric.log" 2>&1; then
    cat "$RUN/install-fabric.log" >&2; die "Fabric install failed"
  fi
  log "Fabric $FABRIC_VERSION: $FABRIC_HOME ($(sed -n 's/^route=//p' "$FABRIC_HOME/INSTALLED") build, ccaas builder: $(sed -n 's/^ccaas_builder=//p' "$FABRIC_HOME/INSTALLED"))"
}

ensure_jar() {
  if [[ -f "$CC_JAR" ]]; then log "chaincode jar: $CC_JAR"; return; fi
  [[ "$CC_JAR" == "$CC_JAR_DEFAULT" ]] || die "CHIPLEDGER_CHAINCODE_JAR=$CC_JAR does not exist"
  log "chaincode jar missing; building: mvn -B -q -pl chaincode/contract -am package -DskipTests"
  if ! (cd "$REPO_DIR" && mvn -B -q -pl chaincode/contract -am package -DskipTests) > "$RUN/mvn-chaincode.log" 2>&1; then
    tail -n 40 "$RUN/mvn-chaincode.log" >&2
    die "building the chaincode failed (full log: $RUN/mvn-chaincode.log)"
  fi
  [[ -f "$CC_JAR" ]] || die "mvn succeeded but $CC_JAR is missing"
  log "chaincode jar built: $CC_JAR"
}

ensure_crypto() {
  if [[ -d "$CRYPTO/peerOrganizations" ]]; then log "crypto: reusing $CRYPTO"; return; fi
  log "crypto: cryptogen generate --config=crypto-config.yaml"
  rm -rf "$RUN/crypto-config.tmp"
  # the certificates' SANs: ADDRESS_<key> placeholders filled in from the addresses file
  local k map=""; for k in "${NS_KEYS[@]}"; do map+="$k=${NS_IP[$k]} "; done
  MAP="$map" perl -pe 'BEGIN { %a = map { split /=/ } split " ", $ENV{MAP} }
    s{ADDRESS_(\w+)}{ $a{$1} // die "crypto-config.yaml: no address for $1\n" }ge' \
    "$NET_DIR/crypto-config.yaml" > "$RUN/crypto-config.yaml" || die "could not fill in crypto-config.yaml's addresses"
  "$BIN/cryptogen" generate --config="$RUN/crypto-config.yaml" --output="$RUN/crypto-config.tmp" > /dev/null
  mv "$RUN/crypto-config.tmp" "$CRYPTO"
}

ensure_genesis() {
  if [[ -f "$ARTIFACTS/$CHANNEL.block" ]]; then log "channel: reusing $ARTIFACTS/$CHANNEL.block"; return; fi
  mkdir -p "$ARTIFACTS"
  local cfgdir="$NET_DIR"
  [[ "$LAYOUT" == netns || "$LAYOUT" == hosts ]] && cfgdir=$(netns_configtx)
  log "channel: configtxgen -profile TreatyBFT -channelID $CHANNEL ($LAYOUT layout, $cfgdir/configtx.yaml)"
  ( cd "$cfgdir" && FABRIC_CFG_PATH="$cfgdir" "$BIN/configtxgen" -profile TreatyBFT -channelID "$CHANNEL" \
      -outputBlock "$ARTIFACTS/$CHANNEL.block.tmp" ) > "$RUN/configtxgen.log" 2>&1 \
    || { cat "$RUN/configtxgen.log" >&2; die "configtxgen failed"; }
  mv "$ARTIFACTS/$CHANNEL.block.tmp" "$ARTIFACTS/$CHANNEL.block"
  echo "$LAYOUT" > "$LAYOUT_FILE"
  [[ "$ADDRESSES" -ef "$ARTIFACTS/addresses" ]] || cp "$ADDRESSES" "$ARTIFACTS/addresses"
}

# netns_configtx: writes run/configtx-netns/configtx.yaml, configtx.yaml with every node address
# (orderer endpoints, consenter hosts, anchor peers) moved to its namespace address; prints the dir
netns_configtx() {
  local dir="$RUN/configtx-netns" k map=""
  for k in "${ORDERERS[@]}"; do ospec "$k"; map+="$O_PORT=$O_HOST "; done
  for k in "${PEERS[@]}"; do pspec "$k"; map+="$P_PORT=$P_HOST "; done
  mkdir -p "$dir"
  MAP="$map" CRYPTO="$CRYPTO" perl -0pe '
    BEGIN { %ip = map { split /=/ } split " ", $ENV{MAP} }
    s{127\.0\.0\.1:(\d+)}{ ($ip{$1} // die "no address for port $1\n") . ":$1" }ge;
    s{Host: 127\.0\.0\.1(,?\s*Port: (\d+))}{ "Host: " . ($ip{$2} // die "no address for port $2\n") . $1 }ge;
    s{(MSPDir|Identity|ClientTLSCert|ServerTLSCert): crypto-config/}{$1: $ENV{CRYPTO}/}g;
  ' "$NET_DIR/configtx.yaml" > "$dir/configtx.yaml" || die "could not write $dir/configtx.yaml"
  ! grep -v '^ *#' "$dir/configtx.yaml" | grep -q '127\.0\.0\.1' || die "$dir/configtx.yaml still names 127.0.0.1"
  echo "$dir"
}

# the netns layout dials nodes by their namespace address: their TLS certificates must carry it
check_netns_sans() {
  local k
  for k in "${ORDERERS[@]}"; do ospec "$k"; has_ip_san "$O_DIR/tls/server.crt" "$O_HOST"; done
  for k in "${PEERS[@]}"; do pspec "$k"; has_ip_san "$P_DIR/tls/server.crt" "$P_HOST"; done
}
has_ip_san() {
  openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null | grep -q "IP Address:$2\b" \
    || die "$1 has no SAN $2 (crypto made before the netns layout? run network.sh down --purge)"
}

# ---- network namespaces (netns layout) -------------------------------------------------------
# netns_unavailable: succeeds (printing why) when this host can't make network namespaces
netns_unavailable() {
  (( EUID == 0 )) || { echo "not root"; return 0; }
  command -v ip >/dev/null || { echo "no ip command (iproute2)"; return 0; }
  local probe="clns-probe$$"
  ip netns add "$probe" 2>/dev/null || { echo "ip netns add failed"; return 0; }
  ip netns delete "$probe"
  return 1
}
ns_exists() { [[ -e "/run/netns/clns-$1" ]]; }
ns_owner_other() { [[ -f "$NS_OWNER" && "$(cat "$NS_OWNER")" != "$NET_DIR" ]] && ip link show "$NS_BRIDGE" >/dev/null 2>&1; }

# ns_link_up KEY ADDRESS: namespace clns-KEY's veth pair into the bridge, with ADDRESS inside (idempotent)
ns_link_up() {
  local k=$1
  [[ -e "/run/netns/clns-$k" ]] || ip netns add "clns-$k"
  if ! ip link show "clns-$k-h" >/dev/null 2>&1; then
    ip link add "clns-$k-h" type veth peer name "clns-$k-n" netns "clns-$k"
    ip link set "clns-$k-h" master "$NS_BRIDGE"
  fi
  ip link set "clns-$k-h" up
  ip -n "clns-$k" link set lo up
  ip -n "clns-$k" addr replace "$2/$NS_PREFIXLEN" dev "clns-$k-n"
  ip -n "clns-$k" link set "clns-$k-n" up
}

# net_up: the bridge, one namespace per country with a veth pair into the bridge (idempotent)
net_up() {
  ns_owner_other && die "namespaces clns-* belong to the network of $(cat "$NS_OWNER"); run its network.sh down first"
  local k
  for k in "${NS_KEYS[@]}"; do
    [[ "${NS_IP[$k]}" =~ ^10\.231\.0\.([0-9]+)$ ]] && (( BASH_REMATCH[1] > 2 && BASH_REMATCH[1] < 255 )) \
      || die "on one host the netns layout needs each address in 10.231.0.3-254 ($ADDRESSES gives $k ${NS_IP[$k]})"
  done
  echo "$NET_DIR" > "$NS_OWNER"
  if ! ip link show "$NS_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NS_BRIDGE" type bridge
    ip addr add "$NS_BRIDGE_IP/$NS_PREFIXLEN" dev "$NS_BRIDGE"
  fi
  ip link set "$NS_BRIDGE" up
  for k in "${NS_KEYS[@]}"; do
    ns_exists "$k" || ip netns add "clns-$k"
    # a namespace that outlived its network (its down left it to another owner) may still be cut off
    if is_cut "$k"; then log "clns-$k was still cut off from before: healing it"; cmd_heal "$k"; fi
    ns_link_up "$k" "${NS_IP[$k]}"
  done
  log "netns layout: bridge $NS_BRIDGE $NS_BRIDGE_IP/$NS_PREFIXLEN; $(for k in "${NS_KEYS[@]}"; do printf 'clns-%s %s  ' "$k" "${NS_IP[$k]}"; done)"
}

# net_down: removes the namespaces, veth pairs and bridge net_up made (after the nodes stopped)
net_down() {
  if ns_owner_other; then log "namespaces clns-* belong to $(cat "$NS_OWNER"); left alone"; return 0; fi
  local k pids removed=0
  for k in "${NS_KEYS[@]}"; do
    if ns_exists "$k"; then
      pids=$(ip netns pids "clns-$k" 2>/dev/null | tr '\n' ' ')
      [[ -z "$pids" ]] || log "WARNING: processes still in clns-$k (not started by this run?): $pids"
      ip netns delete "clns-$k"; removed=1
    fi
    ip link del "clns-$k-h" 2>/dev/null && removed=1 || true
  done
  wan_net_down
  ip link del "$NS_BRIDGE" 2>/dev/null && removed=1 || true
  rm -f "$NS_OWNER"
  (( removed )) && log "removed namespaces clns-* (${NS_KEYS[*]}), their veth pairs and bridge $NS_BRIDGE" || true
}

write_node_config() {
  mkdir -p "$CFG"
  cp "$FABRIC_HOME/config/orderer.yaml" "$CFG/orderer.yaml"
  # lists can't be set through env vars: point the external builder at the installed ccaas builder
  sed "s#path: /opt/hyperledger/ccaas_builder#path: $FABRIC_HOME/builders/ccaas#" \
      "$FABRIC_HOME/config/core.yaml" > "$CFG/core.yaml"
  grep -q "path: $FABRIC_HOME/builders/ccaas" "$CFG/core.yaml" || die "could not set the ccaas builder path in core.yaml"
}

start_orderer() {
  local k=$1 name="orderer.$1"; ospec "$k"
  if running "$name" "$BIN/orderer"; then log "$name already running (pid $(cat "$(pidfile "$name")"))"; return; fi
  port_busy "$k" "$O_HOST" "$O_PORT" && die "port $O_HOST:$O_PORT (for $name) is already in use"
  local p; for p in "$O_ADMIN" "$O_OPS"; do port_busy "$k" 127.0.0.1 "$p" && die "port 127.0.0.1:$p (for $name) is already in use"; done
  mkdir -p "$DATA/$name"
  (
    export FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC="$NODE_LOG_SPEC"
    export ORDERER_GENERAL_LISTENADDRESS="$O_HOST" ORDERER_GENERAL_LISTENPORT="$O_PORT"
    export ORDERER_GENERAL_LOCALMSPID="$O_MSP" ORDERER_GENERAL_LOCALMSPDIR="$O_DIR/msp"
    export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
    export ORDERER_GENERAL_TLS_ENABLED=true ORDERER_GENERAL_TLS_PRIVATEKEY="$O_DIR/tls/server.key"
    export ORDERER_GENERAL_TLS_CERTIFICATE="$O_DIR/tls/server.crt" ORDERER_GENERAL_TLS_ROOTCAS="[$O_DIR/tls/ca.crt]"
    export ORDERER_FILELEDGER_LOCATION="$DATA/$name/ledger"
    export ORDERER_CONSENSUS_WALDIR="$DATA/$name/wal" ORDERER_CONSENSUS_SNAPDIR="$DATA/$name/snap"
    export ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$O_ADMIN" ORDERER_ADMIN_TLS_ENABLED=true
    export ORDERER_ADMIN_TLS_CERTIFICATE="$O_DIR/tls/server.crt" ORDERER_ADMIN_TLS_PRIVATEKEY="$O_DIR/tls/server.key"
    export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$O_TLSCA]"
    export ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$O_OPS" ORDERER_OPERATIONS_TLS_ENABLED=true
    export ORDERER_OPERATIONS_TLS_CERTIFICATE="$O_DIR/tls/server.crt" ORDERER_OPERATIONS_TLS_PRIVATEKEY="$O_DIR/tls/server.key"
    # /metrics tells who leads BFT consensus (network.sh leader); it wants a client certificate
    export ORDERER_METRICS_PROVIDER=prometheus ORDERER_OPERATIONS_TLS_CLIENTROOTCAS="[$O_TLSCA]"
    cd "$DATA/$name" && spawn "$name" $(ns_prefix "$k") "$BIN/orderer"
  )
  log "started $name (pid $(cat "$(pidfile "$name")")) on $O_HOST:$O_PORT$(ns_note "$k")"
}

start_peer() {
  local k=$1 name; pspec "$k"; name="peer0.$P_DOM"
  if running "$name" "$BIN/peer"; then log "$name already running (pid $(cat "$(pidfile "$name")"))"; return; fi
  local p; for p in "$P_PORT" "$P_CC"; do port_busy "$k" "$P_HOST" "$p" && die "port $P_HOST:$p (for $name) is already in use"; done
  port_busy "$k" 127.0.0.1 "$P_OPS" && die "port 127.0.0.1:$P_OPS (for $name) is already in use"
  mkdir -p "$DATA/$name"
  (
    export FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC="$NODE_LOG_SPEC" CORE_VM_ENDPOINT=      # empty: no Docker; chaincode only via the ccaas builder
    export CORE_PEER_ID="$name" CORE_PEER_LOCALMSPID="$P_MSP" CORE_PEER_MSPCONFIGPATH="$P_DIR/msp"
    export CORE_PEER_LISTENADDRESS="$P_HOST:$P_PORT" CORE_PEER_ADDRESS="$P_HOST:$P_PORT"
    export CORE_PEER_GOSSIP_EXTERNALENDPOINT="$P_HOST:$P_PORT" CORE_PEER_GOSSIP_BOOTSTRAP="$P_HOST:$P_PORT"
    export CORE_PEER_CHAINCODELISTENADDRESS="$P_HOST:$P_CC" CORE_PEER_CHAINCODEADDRESS="$P_HOST:$P_CC"
    export CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$P_DIR/tls/server.crt"
    export CORE_PEER_TLS_KEY_FILE="$P_DIR/tls/server.key" CORE_PEER_TLS_ROOTCERT_FILE="$P_DIR/tls/ca.crt"
    export CORE_PEER_FILESYSTEMPATH="$DATA/$name" CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA/$name/snapshots"
    # A full snapshot batch (10,000 chip signatures, each verified by the chaincode) outlasts the 30 s
    # defaults on a loaded 2-core host; the fleet simulation hit "timeout expired while executing".
    export CORE_CHAINCODE_EXECUTETIMEOUT=120s CORE_PEER_GATEWAY_ENDORSEMENTTIMEOUT=120s
    export CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$P_OPS" CORE_OPERATIONS_TLS_ENABLED=true
    export CORE_OPERATIONS_TLS_CERT_FILE="$P_DIR/tls/server.crt" CORE_OPERATIONS_TLS_KEY_FILE="$P_DIR/tls/server.key"
    cd "$DATA/$name" && spawn "$name" $(ns_prefix "$k") "$BIN/peer" node start
  )
  log "started $name (pid $(cat "$(pidfile "$name")")) on $P_HOST:$P_PORT$(ns_note "$k")"
}

peer_name() { pspec "$1"; echo "peer0.$P_DOM"; }

osn_admin_up() { osnadmin_ "$1" channel list 2>/dev/null | grep -q '^Status: 200'; }
osn_has_channel() { osnadmin_ "$1" channel list 2>/dev/null | tr -d ' \n\t' | grep -q "\"name\":\"$CHANNEL\""; }

join_orderers() {
  local k
  for k in "${ORDERERS[@]}"; do
    wait_until "orderer.$k admin API (mutual TLS)" "orderer.$k" osn_admin_up "$k"
    if osn_has_channel "$k"; then
      log "orderer.$k already has channel $CHANNEL"
    else
      log "osnadmin channel join orderer.$k"
      # osnadmin exits 0 on HTTP errors: check the status line (201 Created; 405 = joined meanwhile)
      osnadmin_ "$k" channel join --channelID "$CHANNEL" --config-block "$ARTIFACTS/$CHANNEL.block" > "$RUN/osnadmin-join-$k.log" 2>&1 || true
      grep -q '^Status: 201' "$RUN/osnadmin-join-$k.log" || grep -q 'channel already exists' "$RUN/osnadmin-join-$k.log" \
        || { cat "$RUN/osnadmin-join-$k.log" >&2; die "osnadmin join failed for orderer.$k"; }
    fi
  done
  for k in "${ORDERERS[@]}"; do wait_until "orderer.$k: channel $CHANNEL active" "orderer.$k" osn_height "$k"; done
}

peer_channels() { ( as_admin "$1"; peer_cli channel list 2>/dev/null ); }
join_peers() {
  local k
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k") answers as $(pspec "$k"; echo "$P_MSP") admin" "$(peer_name "$k")" peer_channels "$k"
    if peer_channels "$k" | grep -qx "$CHANNEL"; then
      log "$(peer_name "$k") already joined $CHANNEL"
    else
      log "peer channel join $(peer_name "$k")"
      ( as_admin "$k"; peer_cli channel join -b "$ARTIFACTS/$CHANNEL.block" ) > "$RUN/peer-join-$k.log" 2>&1 \
        || grep -q 'already exists' "$RUN/peer-join-$k.log" \
        || { cat "$RUN/peer-join-$k.log" >&2; die "peer channel join failed for $(peer_name "$k")"; }
    fi
  done
}

# every peer's height reaches the orderers' height (taken from orderer.tw)
wait_peers_synced() {
  local target k; target=$(osn_height tw) || die "orderer.tw does not report the channel height"
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k"): $CHANNEL height >= $target" "$(peer_name "$k")" peer_at_least "$k" "$target"
  done
}
peer_at_least() { local h; h=$(peer_height "$1") && (( h >= $2 )); }

package_chaincode() {
  if [[ -f "$CC_PKG.tgz" && -f "$CC_PKG.pkgid" ]]; then CC_PKGID=$(cat "$CC_PKG.pkgid"); return; fi
  local tmp; tmp=$(mktemp -d)
  # one package for every org (same package id), so one chaincode server serves all peers
  printf '{"address":"%s","dial_timeout":"10s","tls_required":false}\n' "$CC_ADDRESS" > "$tmp/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" > "$tmp/metadata.json"
  tar -C "$tmp" -czf "$tmp/code.tar.gz" connection.json
  tar -C "$tmp" -czf "$CC_PKG.tgz.tmp" metadata.json code.tar.gz
  mv "$CC_PKG.tgz.tmp" "$CC_PKG.tgz"; rm -rf "$tmp"
  CC_PKGID=$(FABRIC_CFG_PATH="$CFG" "$BIN/peer" lifecycle chaincode calculatepackageid "$CC_PKG.tgz")
  echo "$CC_PKGID" > "$CC_PKG.pkgid"
  log "chaincode package $CC_PKG.tgz id $CC_PKGID"
}

deploy_chaincode() {
  package_chaincode
  local k
  if cc_committed tw >/dev/null 2>&1; then
    log "chaincode $CC_NAME already committed on $CHANNEL"; return
  fi
  for k in "${PEERS[@]}"; do
    if ( as_admin "$k"; peer_cli lifecycle chaincode queryinstalled --output json 2>/dev/null ) | grep -q "\"$CC_PKGID\""; then
      log "$(peer_name "$k"): package already installed"
    else
      log "$(peer_name "$k"): peer lifecycle chaincode install"
      ( as_admin "$k"; peer_cli lifecycle chaincode install "$CC_PKG.tgz" ) > "$RUN/cc-install-$k.log" 2>&1 \
        || { cat "$RUN/cc-install-$k.log" >&2; die "chaincode install failed on $(peer_name "$k")"; }
    fi
  done
  local oargs; oargs=$(orderer_args)
  for k in "${PEERS[@]}"; do
    if ( as_admin "$k"; peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$CC_SEQUENCE" ) >/dev/null 2>&1; then
      log "${COUNTRY[$k]}: definition already approved"; continue
    fi
    log "$(pspec "$k"; echo "$P_MSP") admin: approveformyorg"
    # shellcheck disable=SC2086
    ( as_admin "$k"; peer_cli lifecycle chaincode approveformyorg $oargs -C "$CHANNEL" -n "$CC_NAME" \
        --version "$CC_VERSION" --sequence "$CC_SEQUENCE" --package-id "$CC_PKGID" --waitForEventTimeout 120s ) \
        > "$RUN/cc-approve-$k.log" 2>&1 || { cat "$RUN/cc-approve-$k.log" >&2; die "approve failed for $k"; }
  done
  local peer_args=()
  for k in "${PEERS[@]}"; do pspec "$k"; peer_args+=(--peerAddresses "$P_HOST:$P_PORT" --tlsRootCertFiles "$P_DIR/tls/ca.crt"); done
  log "commit $CC_NAME v$CC_VERSION seq $CC_SEQUENCE (MAJORITY endorsement)"
  # shellcheck disable=SC2086
  ( as_admin tw; peer_cli lifecycle chaincode commit $oargs -C "$CHANNEL" -n "$CC_NAME" \
      --version "$CC_VERSION" --sequence "$CC_SEQUENCE" "${peer_args[@]}" --waitForEventTimeout 120s ) \
      > "$RUN/cc-commit.log" 2>&1 || { cat "$RUN/cc-commit.log" >&2; die "chaincode commit failed"; }
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k"): $CC_NAME committed" "$(peer_name "$k")" cc_committed "$k"
  done
}

start_chaincode() {
  local name=$CC_SERVER
  CC_PKGID=$(cat "$CC_PKG.pkgid")
  if running "$name" java; then log "$name already running (pid $(cat "$(pidfile "$name")"))"; return; fi
  port_busy - "${CC_ADDRESS%:*}" "${CC_ADDRESS##*:}" && die "port ${CC_ADDRESS##*:} (chaincode server) is already in use"
  local java; java=$(command -v java) || die "java not found"
  mkdir -p "$DATA/$name"
  (
    export CHAINCODE_SERVER_ADDRESS="$CC_ADDRESS" CORE_CHAINCODE_ID_NAME="$CC_PKGID"
    unset CORE_PEER_TLS_ENABLED
    cd "$DATA/$name"
    # shellcheck disable=SC2086
    spawn "$name" "$java" $CC_JAVA_OPTS -jar "$CC_JAR"
  )
  log "started $name (pid $(cat "$(pidfile "$name")")) on $CC_ADDRESS, jar $CC_JAR"
  wait_until "$name listening on $CC_ADDRESS" "$name" port_busy - "${CC_ADDRESS%:*}" "${CC_ADDRESS##*:}"
}
cc_committed() { ( as_admin "$1"; peer_cli lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" ); }
cc_query_ok() {
  ( as_admin "$1"; peer_cli chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' ) | grep -q contracts
}

write_connection_info() {
  mkdir -p "$CONN"
  local k json props first=1
  props="# generated by network-config/network.sh up; all paths absolute\nchannel=$CHANNEL\nchaincode=$CC_NAME\n"
  json="{\n  \"channel\": \"$CHANNEL\",\n  \"chaincode\": \"$CC_NAME\",\n  \"orgs\": {\n"
  for k in "${PEERS[@]}"; do
    pspec "$k"
    local ca_key; ca_key=$(ls "$P_ORGDIR"/ca/*_sk 2>/dev/null | head -1)
    local u="$P_ORGDIR/users/Admin@$P_DOM/msp"
    (( first )) || json+=",\n"; first=0
    json+="    \"$P_MSP\": {\n"
    json+="      \"mspId\": \"$P_MSP\",\n      \"country\": \"${COUNTRY[$k]}\",\n"
    json+="      \"peerEndpoint\": \"$P_HOST:$P_PORT\",\n      \"peerHostOverride\": \"peer0.$P_DOM\",\n"
    json+="      \"tlsRootCert\": \"$P_TLSCA\",\n"
    json+="      \"caCert\": \"$P_ORGDIR/ca/ca.$P_DOM-cert.pem\",\n      \"caKey\": \"$ca_key\",\n"
    local u1="$P_ORGDIR/users/User1@$P_DOM/msp"
    json+="      \"userMspDir\": \"$u1\",\n"
    json+="      \"adminMspDir\": \"$u\",\n      \"adminCert\": \"$u/signcerts/Admin@$P_DOM-cert.pem\",\n      \"adminKey\": \"$u/keystore/priv_sk\"\n    }"
    props+="\norg.$P_MSP.country=${COUNTRY[$k]}\norg.$P_MSP.peerEndpoint=$P_HOST:$P_PORT\norg.$P_MSP.peerHostOverride=peer0.$P_DOM\n"
    props+="org.$P_MSP.tlsRootCert=$P_TLSCA\norg.$P_MSP.caCert=$P_ORGDIR/ca/ca.$P_DOM-cert.pem\norg.$P_MSP.caKey=$ca_key\n"
    props+="org.$P_MSP.userMspDir=$u1\norg.$P_MSP.adminMspDir=$u\norg.$P_MSP.adminCert=$u/signcerts/Admin@$P_DOM-cert.pem\norg.$P_MSP.adminKey=$u/keystore/priv_sk\n"
  done
  json+="\n  },\n  \"orderers\": [\n"; first=1
  local ords=""
  for k in "${ORDERERS[@]}"; do
    ospec "$k"
    (( first )) || json+=",\n"; first=0
    json+="    {\"mspId\": \"$O_MSP\", \"endpoint\": \"$O_HOST:$O_PORT\", \"tlsRootCert\": \"$O_TLSCA\"}"
    ords+="${ords:+,}$O_MSP"
    props+="\norderer.$O_MSP.endpoint=$O_HOST:$O_PORT\norderer.$O_MSP.tlsRootCert=$O_TLSCA\n"
  done
  json+="\n  ]\n}\n"
  local orgs=""; for k in "${PEERS[@]}"; do pspec "$k"; orgs+="${orgs:+,}$P_MSP"; done
  props+="\norgs=$orgs\norderers=$ords\n"
  props+="$(member_props)"
  # a temporary file per process: in the hosts layout several hosts' `up` may write these at once
  printf "$json" > "$CONN/gateway.json.tmp.$$" && mv "$CONN/gateway.json.tmp.$$" "$CONN/gateway.json"
  printf "$props" > "$CONN/gateway.properties.tmp.$$" && mv "$CONN/gateway.properties.tmp.$$" "$CONN/gateway.properties"
  log "gateway connection info: $CONN/gateway.json and $CONN/gateway.properties"
}

# ---- single nodes (fault tests) -------------------------------------------------------------
# node_key NODE: sets N_KIND (orderer|peer|chaincode), N_KEY and N_NAME (pid/log name) for
# orderer.<tw|us|nl|sg>, peer.<tw|us|nl|sg|treaty> or chaincode
node_key() {
  case "$1" in
    orderer.*) N_KIND=orderer N_KEY=${1#orderer.}; [[ -n "${ORD[$N_KEY]:-}" ]] || die "no orderer $1"; N_NAME="orderer.$N_KEY" ;;
    peer.*)    N_KIND=peer N_KEY=${1#peer.}; [[ -n "${PEER[$N_KEY]:-}" ]] || die "no peer $1"; N_NAME=$(peer_name "$N_KEY") ;;
    chaincode) N_KIND=chaincode N_KEY=$CC_NAME N_NAME="chaincode.$CC_NAME" ;;
    *) die "unknown node $1 (orderer.<tw|us|nl|sg>, peer.<tw|us|nl|sg|treaty>, chaincode)" ;;
  esac
}
node_exe() { case "$N_KIND" in orderer) echo "$BIN/orderer" ;; peer) echo "$BIN/peer" ;; *) echo java ;; esac; }

# leader_id KEY: the BFT leader's consenter id as orderer KEY sees it (from its /metrics)
leader_id() {
  ospec "$1"
  nsx "$1" curl -sf --max-time 3 --cacert "$O_DIR/tls/ca.crt" --cert "$O_ADMINDIR/tls/client.crt" \
       --key "$O_ADMINDIR/tls/client.key" "https://127.0.0.1:$O_OPS/metrics" 2>/dev/null \
    | sed -n "s/^consensus_smartbft_view_leader_id{channel=\"$CHANNEL\"} \([0-9]*\).*/\1/p" | grep .
}
# the leader most running orderers agree on, as orderer.<key>; fails if none answers
current_leader() {
  local k id votes=()
  for k in "${ORDERERS[@]}"; do
    running "orderer.$k" "$BIN/orderer" && id=$(leader_id "$k") && votes+=("$id")
  done
  (( ${#votes[@]} )) || return 1
  id=$(printf '%s\n' "${votes[@]}" | sort | uniq -c | sort -rn | awk 'NR==1 {print $2}')
  [[ -n "${CONSENTER[$id]:-}" ]] || return 1
  echo "orderer.${CONSENTER[$id]}"
}

node_height() {
  node_key "$1"
  case "$N_KIND" in orderer) osn_height "$N_KEY" ;; peer) peer_height "$N_KEY" ;; *) die "chaincode has no height" ;; esac
}

cmd_kill() {
  local node=$1 pid
  [[ "$node" == leader ]] && { node=$(current_leader) || die "no orderer reports a BFT leader"; }
  node_key "$node"
  running "$N_NAME" "$(node_exe)" || die "$node is not running"
  pid=$(cat "$(pidfile "$N_NAME")")
  kill -KILL "$pid"
  while [[ -d /proc/$pid ]]; do sleep 0.1; done
  rm -f "$(pidfile "$N_NAME")"
  log "killed $node ($N_NAME, pid $pid) with SIGKILL"
  echo "$node"
}

cmd_start() {
  node_key "$1"
  [[ -f "$CFG/core.yaml" ]] || die "no network to start $1 in; run network.sh up first"
  [[ "$LAYOUT" != netns || "$N_KIND" == chaincode ]] || ns_exists "$N_KEY" \
    || die "namespace clns-$N_KEY does not exist (network down?); run network.sh up"
  case "$N_KIND" in
    orderer)
      start_orderer "$N_KEY"; ospec "$N_KEY"
      wait_until "$N_NAME /healthz" "$N_NAME" healthz "$O_DIR/tls/ca.crt" "$O_OPS" "$N_KEY"
      wait_until "$N_NAME: channel $CHANNEL active" "$N_NAME" osn_height "$N_KEY" ;;
    peer)
      start_peer "$N_KEY"; pspec "$N_KEY"
      wait_until "$N_NAME /healthz" "$N_NAME" healthz "$P_DIR/tls/ca.crt" "$P_OPS" "$N_KEY"
      wait_until "$N_NAME answers as $P_MSP admin" "$N_NAME" peer_height "$N_KEY" ;;
    chaincode) start_chaincode ;;
  esac
}

# ---- orderer watchdog -----------------------------------------------------------------------
# Under sustained load a SmartBFT follower can wedge: it keeps answering /healthz and the admin API,
# but after a sync its consensus stops deciding and its height stays put while the others go on
# (seen in FabricSoakIT: orderer.sg stuck at block 73 while the rest reached 5,147; see
# network-config/README.md, "Orderer watchdog"). The network then orders on three of four with no
# fault margin left. The watchdog restarts such an orderer, which then syncs from the others like
# any restarted one. Before the restart it sends SIGQUIT, so the Go runtime writes every goroutine's
# stack to the node's log for the upstream report.
watchdog_loop() {
  local k h top stuck
  local -A since=() last=() heights
  log "watchdog: restarting an orderer that stays more than $WATCHDOG_LAG blocks behind the highest without advancing for ${WATCHDOG_SECONDS}s"
  while :; do
    heights=(); top=0
    for k in "${ORDERERS[@]}"; do
      running "orderer.$k" "$BIN/orderer" || { unset "since[$k]" "last[$k]"; continue; }
      # A country cut off on purpose (network.sh partition) cannot advance; a restart would not help.
      if [[ "$LAYOUT" == netns ]] && is_cut "$k"; then unset "since[$k]" "last[$k]"; continue; fi
      # A frozen or wedged admin API answers nothing: its height counts as 0 (i.e. not advancing).
      h=$(osn_height "$k" 2>/dev/null) || h=0
      heights[$k]=$h; (( h > top )) && top=$h
    done
    for k in "${!heights[@]}"; do
      h=${heights[$k]}
      # Behind but advancing is a catch-up (e.g. after a restart), not a wedge.
      if (( top - h > WATCHDOG_LAG )) && (( h <= ${last[$k]:-0} )); then
        [[ -n "${since[$k]:-}" ]] || { since[$k]=$SECONDS; log "watchdog: orderer.$k not advancing at $h, highest $top"; }
        stuck=$(( SECONDS - since[$k] ))
        if (( stuck >= WATCHDOG_SECONDS )); then
          log "watchdog: orderer.$k stuck ${stuck}s at $h (highest $top): SIGQUIT (stack dump to its log) and restart"
          ( watchdog_restart "$k" ) || log "watchdog: restarting orderer.$k failed; trying again next round"
          unset "since[$k]"
        fi
      else
        unset "since[$k]"
      fi
      last[$k]=$h
    done
    sleep 5
  done
}

watchdog_restart() {
  local k=$1 name="orderer.$1" pid
  pid=$(cat "$(pidfile "$name")" 2>/dev/null) || return 0
  kill -QUIT "$pid" 2>/dev/null || true; kill -CONT "$pid" 2>/dev/null || true
  local t0=$SECONDS
  while [[ -d /proc/$pid ]] && (( SECONDS - t0 < 15 )); do sleep 0.2; done
  [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null
  while [[ -d /proc/$pid ]]; do sleep 0.1; done
  rm -f "$(pidfile "$name")"
  start_orderer "$k"
  log "watchdog: restarted $name (pid $(cat "$(pidfile "$name")"))"
}

start_watchdog() {
  [[ "$WATCHDOG" == on ]] || { log "watchdog off (CHIPLEDGER_WATCHDOG=$WATCHDOG)"; return; }
  if [[ -f "$(pidfile watchdog)" ]] && kill -0 "$(cat "$(pidfile watchdog)")" 2>/dev/null; then return; fi
  mkdir -p "$LOGS" "$PIDS"
  ( exec setsid "$NET_DIR/network.sh" watchdog >> "$LOGS/watchdog.log" 2>&1 < /dev/null ) &
  echo $! > "$(pidfile watchdog)"
  log "watchdog started (pid $!, log $LOGS/watchdog.log)"
}

stop_watchdog() {
  local pid
  pid=$(cat "$(pidfile watchdog)" 2>/dev/null) || return 0
  # The loop's own children (osnadmin, sleep) share its process group.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  rm -f "$(pidfile watchdog)"
}

cmd_freeze() {
  local node=$1 pid
  node_key "$node"
  running "$N_NAME" "$(node_exe)" || die "$node is not running"
  pid=$(cat "$(pidfile "$N_NAME")")
  kill -STOP "$pid"
  log "froze $node ($N_NAME, pid $pid) with SIGSTOP"
  echo "$node"
}

# ---- commands -------------------------------------------------------------------------------
# choose_layout: the existing network's layout, else CHIPLEDGER_NETWORK_LAYOUT (default loopback);
# netns falls back to loopback, with a warning, where namespaces can't be made
choose_layout() {
  local want="${CHIPLEDGER_NETWORK_LAYOUT:-}" have="" why
  if [[ -f "$ARTIFACTS/$CHANNEL.block" ]]; then
    have=$(cat "$LAYOUT_FILE" 2>/dev/null || echo loopback)   # no file: made before layouts existed
    [[ -z "$want" || "$want" == "$have" ]] \
      || die "the existing network uses the $have layout; for CHIPLEDGER_NETWORK_LAYOUT=$want run network.sh down --purge first"
    set_layout "$have"
    if [[ "$LAYOUT" == netns ]] && why=$(netns_unavailable); then
      die "the existing network uses the netns layout, but network namespaces can't be made here ($why)"
    fi
  else
    set_layout "${want:-loopback}"
    if [[ "$LAYOUT" == netns ]] && why=$(netns_unavailable); then
      log "WARNING: netns layout asked for, but network namespaces can't be made here ($why): using loopback"
      set_layout loopback
    fi
  fi
  local wan="${CHIPLEDGER_WAN:-}"
  if [[ -f "$ARTIFACTS/$CHANNEL.block" ]]; then
    have=$(cat "$WAN_STATE" 2>/dev/null || echo off)
    [[ -z "$wan" || "$wan" == "$have" ]] \
      || die "the existing network runs with CHIPLEDGER_WAN=$have; for CHIPLEDGER_WAN=$wan run network.sh down --purge first"
  else
    [[ "${wan:-off}" =~ ^(on|off)$ ]] || die "CHIPLEDGER_WAN=$wan (on|off)"
    [[ "${wan:-off}" == off || "$LAYOUT" == netns ]] || die "CHIPLEDGER_WAN=on needs the netns layout (CHIPLEDGER_NETWORK_LAYOUT=netns, as root)"
    mkdir -p "$ARTIFACTS"; echo "${wan:-off}" > "$WAN_STATE"
  fi
  if [[ "$LAYOUT" == netns ]]; then
    log "layout: netns (one network namespace per country, bridge $NS_BRIDGE $NS_BRIDGE_IP/$NS_PREFIXLEN), WAN delays $(cat "$WAN_STATE")"
  elif [[ "$LAYOUT" == hosts ]]; then
    log "layout: hosts (each country on its own host, at its address from $ADDRESSES)"
  else
    log "layout: loopback (every node on 127.0.0.1)"
  fi
}

# up_failed: an `up` that fails in the netns layout stops what it started and removes the namespaces
up_failed() {
  local rc=$?
  (( rc == 0 )) && return 0
  log "up failed (exit $rc): stopping the nodes and removing the namespaces"
  stop_all || true
  net_down || true
}

cmd_up() {
  local t0=$SECONDS fresh=0 k
  mkdir -p "$RUN" "$LOGS" "$PIDS" "$DATA"
  [[ "$(cat "$LAYOUT_FILE" 2>/dev/null)" != hosts && "${CHIPLEDGER_NETWORK_LAYOUT:-}" != hosts ]] \
    || die "the hosts layout starts one host at a time: network.sh bootstrap once, then network.sh up --countries CC[,CC] on each host"
  [[ -f "$ARTIFACTS/$CHANNEL.block" && -d "$CRYPTO" ]] || fresh=1
  if (( fresh )); then log "no existing network found: full bootstrap"; else log "existing crypto/channel found: restarting on the existing ledgers"; fi
  choose_layout
  ensure_fabric
  ensure_jar
  ensure_crypto
  if [[ "$LAYOUT" == netns ]]; then
    check_netns_sans
    trap up_failed EXIT
    net_up
    if wan_on; then wan_up; fi
  fi
  ensure_genesis
  write_node_config
  for k in "${ORDERERS[@]}"; do start_orderer "$k"; done
  for k in "${ORDERERS[@]}"; do ospec "$k"; wait_until "orderer.$k /healthz" "orderer.$k" healthz "$O_DIR/tls/ca.crt" "$O_OPS" "$k"; done
  join_orderers
  for k in "${PEERS[@]}"; do start_peer "$k"; done
  for k in "${PEERS[@]}"; do pspec "$k"; wait_until "$(peer_name "$k") /healthz" "$(peer_name "$k")" healthz "$P_DIR/tls/ca.crt" "$P_OPS" "$k"; done
  join_peers
  wait_peers_synced
  deploy_chaincode
  start_chaincode
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k"): chaincode $CC_NAME answers a query" "$CC_SERVER" cc_query_ok "$k"
  done
  write_connection_info
  trap - EXIT
  start_watchdog
  log "network up in $((SECONDS - t0))s ($LAYOUT layout); channel $CHANNEL height $(osn_height tw)"
}

# stop_nodes "NAME EXE" ...: SIGTERM all (only pids recorded by this script and still running EXE),
# wait up to 30 s for them to exit, then SIGKILL the stragglers
stop_nodes() {
  local spec name exe pid pids=() names=()
  for spec in "$@"; do
    read -r name exe <<<"$spec"
    if running "$name" "$exe"; then
      pid=$(cat "$(pidfile "$name")"); kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); names+=("$name")
    fi
    rm -f "$(pidfile "$name")"
  done
  local t0=$SECONDS i
  for i in "${!pids[@]}"; do
    while [[ -d /proc/${pids[$i]} ]] && (( SECONDS - t0 < 30 )); do sleep 0.2; done
    if [[ -d /proc/${pids[$i]} ]]; then log "${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for 30s; SIGKILL"; kill -KILL "${pids[$i]}" 2>/dev/null || true; fi
    log "stopped ${names[$i]} (pid ${pids[$i]})"
  done
}

stop_all() {
  local specs=() k
  stop_watchdog
  stop_nodes "toxiproxy $(wan_bin)"
  for k in "" "${NS_KEYS[@]/#/.}"; do stop_nodes "chaincode.$CC_NAME$k java"; done
  for k in "${PEERS[@]}"; do specs+=("$(peer_name "$k") $BIN/peer"); done
  stop_nodes "${specs[@]}"; specs=()
  for k in "${ORDERERS[@]}"; do specs+=("orderer.$k $BIN/orderer"); done
  stop_nodes "${specs[@]}"
}

cmd_down() {
  local purge=0
  [[ "${1:-}" == "--purge" ]] && purge=1
  stop_all
  # whatever the recorded layout: a failed or purged network may have left namespaces behind
  if [[ "$LAYOUT" == netns ]] || ip link show "$NS_BRIDGE" >/dev/null 2>&1; then net_down; fi
  if (( purge )); then
    rm -rf "$RUN" "$CRYPTO" "$ARTIFACTS"
    log "purged: $RUN $CRYPTO $ARTIFACTS"
  else
    log "stopped; ledgers, crypto and channel artifacts kept (network.sh up resumes; down --purge deletes)"
  fi
}

# status_row NAME PID HEALTH ENDPOINT HEIGHT ROLE: one line of the status table (kept for the lag check)
status_row() { ROWS+=("$(printf '%-28s %-8s %-7s %-22s' "$1" "$2" "$3" "$4")"); HEIGHTS+=("$5"); ROLES+=("$6"); }
node_health() { healthz "$1" "$2" "$3" 2>/dev/null | sed -n 's/.*"status":"\([A-Za-z]*\)".*/\1/p' | grep . || echo down; }

# status: exit 1 if a node is down, else 3 if a node lags the highest height by more than
# CHIPLEDGER_STATUS_MAX_LAG blocks, else 0
cmd_status() {
  local k h st pid rc=0 lagging=0 leader max=0 i role
  local ROWS=() HEIGHTS=() ROLES=()
  [[ "$STATUS_MAX_LAG" =~ ^[0-9]+$ ]] || die "CHIPLEDGER_STATUS_MAX_LAG=$STATUS_MAX_LAG is not a number of blocks"
  leader=$(current_leader 2>/dev/null) || leader=-
  for k in "${ORDERERS[@]}"; do
    ospec "$k"; pid=-; st=down; h=-
    running "orderer.$k" "$BIN/orderer" && pid=$(cat "$(pidfile "orderer.$k")")
    if [[ -d "$CRYPTO" ]]; then st=$(node_health "$O_DIR/tls/ca.crt" "$O_OPS" "$k"); h=$(osn_height "$k" 2>/dev/null) || h=-; fi
    [[ "$st" == OK ]] || rc=1
    role="BFT consenter $O_MSP$([[ "$leader" == "orderer.$k" ]] && echo ', leader')$(cut_note "$k")"
    status_row "orderer.$O_DOM" "$pid" "$st" "$O_HOST:$O_PORT" "$h" "$role"
  done
  for k in "${PEERS[@]}"; do
    pspec "$k"; pid=-; st=down; h=-
    running "peer0.$P_DOM" "$BIN/peer" && pid=$(cat "$(pidfile "peer0.$P_DOM")")
    if [[ -d "$CRYPTO" ]]; then st=$(node_health "$P_DIR/tls/ca.crt" "$P_OPS" "$k"); h=$(peer_height "$k" 2>/dev/null) || h=-; fi
    [[ "$st" == OK ]] || rc=1
    status_row "peer0.$P_DOM" "$pid" "$st" "$P_HOST:$P_PORT" "$h" "peer $P_MSP$(cut_note "$k")"
  done
  for h in "${HEIGHTS[@]}"; do [[ "$h" =~ ^[0-9]+$ ]] && (( h > max )) && max=$h; done
  if [[ "$LAYOUT" == netns ]]; then
    echo "layout: netns (bridge $NS_BRIDGE $NS_BRIDGE_IP/$NS_PREFIXLEN; namespaces $(for k in "${NS_KEYS[@]}"; do printf 'clns-%s ' "$k"; done | sed 's/ $//'))$(wan_on && echo "; WAN delays on through Toxiproxy on clns-$WAN_NS_KEY")"
  elif [[ "$LAYOUT" == hosts ]]; then
    echo "layout: hosts (each country at its address from $ADDRESSES)"
  else
    echo "layout: loopback (127.0.0.1)"
  fi
  printf '%-28s %-8s %-7s %-22s %-10s %s\n' NODE PID HEALTH ENDPOINT HEIGHT ROLE
  for i in "${!ROWS[@]}"; do
    h=${HEIGHTS[$i]}; role=${ROLES[$i]}
    if [[ "$h" =~ ^[0-9]+$ ]] && (( max - h > STATUS_MAX_LAG )); then
      role+=", LAGGING $((max - h)) blocks behind (bound $STATUS_MAX_LAG)"; lagging=1
    fi
    printf '%s %-10s %s\n' "${ROWS[$i]}" "$h" "$role"
  done
  local servers=("") addr
  [[ "$LAYOUT" == hosts ]] && servers=("${NS_KEYS[@]}")
  for k in "${servers[@]}"; do
    pid=-; st=down; addr=$CC_ADDRESS
    [[ -n "$k" ]] && { addr="${NS_IP[$k]}:$CC_PORT"; [[ -f "$(pidfile "chaincode.$CC_NAME.$k")" ]] || continue; }
    if running "chaincode.$CC_NAME${k:+.$k}" java; then
      pid=$(cat "$(pidfile "chaincode.$CC_NAME${k:+.$k}")")
      st=$(bash -c "exec 3<>/dev/tcp/${addr%:*}/${addr##*:}" 2>/dev/null && echo LISTEN || echo down)
    fi
    [[ "$st" == LISTEN ]] || rc=1
    printf '%-28s %-8s %-7s %-22s %-10s %s\n' "chaincode.$CC_NAME${k:+.$k}" "$pid" "$st" "$addr" "" "CCaaS server (plain gRPC)"
  done
  (( rc )) && return 1
  (( lagging )) && return 3
  return 0
}

# ---- partitions (netns layout) --------------------------------------------------------------
# partition CC cuts country CC's namespace off with iptables rules inside it (chains CLNS-CUT-IN/-OUT):
# - to and from the other countries' namespaces everything is DROPped: silent loss, as on a WAN
#   partition, which is what BFT timeouts and the peers' reconnects must cope with;
# - to and from the root side (the bridge address: test clients, the chaincode server) TCP is REJECTed
#   with a reset, so clients there see the country's peer as unreachable at once instead of hanging
#   until their gRPC deadlines (the country's own clients would sit on its side of the cut);
# - its loopback stays open: its own orderer and peer still talk, and the script, which reaches admin
#   and operations endpoints from inside the namespace, still reads the cut-off nodes' heights.
ensure_iptables() {
  command -v iptables >/dev/null && return 0
  log "installing iptables (apt-get, log $RUN/apt-iptables.log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables > "$RUN/apt-iptables.log" 2>&1 \
    || { tail -n 20 "$RUN/apt-iptables.log" >&2; die "apt-get install iptables failed"; }
  command -v iptables >/dev/null || die "iptables still missing after apt-get install"
}
is_cut() { command -v iptables >/dev/null && ns_exists "$1" && ip netns exec "clns-$1" iptables -S CLNS-CUT-IN >/dev/null 2>&1; }
cut_note() { if [[ "$LAYOUT" == netns ]] && is_cut "$1"; then echo ", cut off"; fi; }
partition_key() {
  [[ -n "${1:-}" && -n "${NS_IP[$1]:-}" ]] || die "usage: $0 partition|heal tw|us|nl|sg|treaty"
  [[ "$LAYOUT" == netns ]] || die "partitions need the netns layout (this network runs $LAYOUT; CHIPLEDGER_NETWORK_LAYOUT=netns network.sh up)"
  ns_exists "$1" || die "namespace clns-$1 does not exist (network down?)"
}
cmd_partition() {
  local k=$1; partition_key "$k"; ensure_iptables
  if is_cut "$k"; then log "clns-$k is already cut off"; return 0; fi
  local x=(ip netns exec "clns-$k" iptables -w)
  "${x[@]}" -N CLNS-CUT-IN; "${x[@]}" -N CLNS-CUT-OUT
  "${x[@]}" -A CLNS-CUT-IN -i lo -j RETURN
  "${x[@]}" -A CLNS-CUT-IN -s "$NS_BRIDGE_IP" -p tcp -j REJECT --reject-with tcp-reset
  "${x[@]}" -A CLNS-CUT-IN -j DROP
  "${x[@]}" -A CLNS-CUT-OUT -o lo -j RETURN
  # the resets the IN chain sends to the root side pass OUTPUT too; without this they would be eaten
  "${x[@]}" -A CLNS-CUT-OUT -d "$NS_BRIDGE_IP" -p tcp --tcp-flags RST RST -j RETURN
  "${x[@]}" -A CLNS-CUT-OUT -d "$NS_BRIDGE_IP" -p tcp -j REJECT --reject-with tcp-reset
  "${x[@]}" -A CLNS-CUT-OUT -j DROP
  "${x[@]}" -I INPUT 1 -j CLNS-CUT-IN; "${x[@]}" -I OUTPUT 1 -j CLNS-CUT-OUT
  log "cut off clns-$k (${NS_IP[$k]}): dropped to/from the other countries, TCP reset to/from the root side"
}
cmd_heal() {
  local k=$1; partition_key "$k"
  if ! is_cut "$k"; then log "clns-$k is not cut off"; return 0; fi
  local x=(ip netns exec "clns-$k" iptables -w)
  "${x[@]}" -D INPUT -j CLNS-CUT-IN; "${x[@]}" -D OUTPUT -j CLNS-CUT-OUT
  "${x[@]}" -F CLNS-CUT-IN; "${x[@]}" -F CLNS-CUT-OUT; "${x[@]}" -X CLNS-CUT-IN; "${x[@]}" -X CLNS-CUT-OUT
  log "healed clns-$k (${NS_IP[$k]})"
}

set_layout "$(cat "$LAYOUT_FILE" 2>/dev/null || echo loopback)"
case "${1:-}" in
  up) if [[ "${2:-}" == --countries ]]; then cmd_up_host "${3:-}"; else cmd_up; fi ;;
  bootstrap) cmd_bootstrap ;;
  down) shift; cmd_down "${1:-}" ;;
  status) cmd_status ;;
  leader) current_leader || die "no orderer reports a BFT leader" ;;
  height) [[ -n "${2:-}" ]] || die "usage: $0 height NODE"; node_height "$2" || die "$2 reports no $CHANNEL height" ;;
  kill) [[ -n "${2:-}" ]] || die "usage: $0 kill NODE|leader"; cmd_kill "$2" ;;
  start) [[ -n "${2:-}" ]] || die "usage: $0 start NODE"; cmd_start "$2" ;;
  freeze) [[ -n "${2:-}" ]] || die "usage: $0 freeze NODE"; cmd_freeze "$2" ;;
  watchdog) watchdog_loop ;;
  partition) cmd_partition "${2:-}" ;;
  heal) cmd_heal "${2:-}" ;;
  wan) shift; cmd_wan "$@" ;;
  org) shift; cmd_org "$@" ;;
  *) echo "usage: $0 up [--countries CC,...] | bootstrap | down [--purge] | status | leader | height NODE | kill NODE|leader | start NODE | freeze NODE | partition CC | heal CC | wan table|slow CC F|show | org remove|add MSPID [--signers MSP,...] | watchdog" >&2; exit 2 ;;
esac
