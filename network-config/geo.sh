#!/usr/bin/env bash
# Emulated geography for location attestation (issue 21): each landmark and each datacenter host in a
# network namespace of its own, joined by a bridge, every link between two of them delayed by Toxiproxy
# (the kernel here has no netem qdisc) by the great-circle distance between their coordinates.
#
#   network-config/geo.sh up N      make world N (1-250): namespaces clgeo<N>-<site>, bridge cg<N>br with
#                                   10.233.N.1/24, Toxiproxy in clgeo<N>-wan (10.233.N.2), the delayed routes
#   network-config/geo.sh down N    stop what runs in world N's namespaces and remove them, the veths, bridge
#   network-config/geo.sh table     the sites, their addresses' last byte and the one-way delay table
#   network-config/geo.sh ns N SITE the namespace name of SITE in world N
#
# Sites: l<cc> is country cc's landmark, d<cc> its datacenter host (cc: us, sg, nl, tw). Routes: from each
# landmark to each host's relay port 7700, and from each host to each other host's chip port 7701 (where a
# host's chips answer; a cheating host forwards there). Inside every site's namespace a nat rule (chain
# CLGEO) sends such a connection to that pair's Toxiproxy listener, which forwards it with a latency toxic
# on each direction, so a process dials the real address and the link adds the delay.
#
# One-way delay = ceil(great-circle km / 200 km per ms) + HOP ms, with Toxiproxy's jitter of +-JITTER ms
# (uniform); HOP >= JITTER, so no packet arrives sooner than light in fibre would allow.
# Only addresses inside the namespaces made here are used; `up` undoes itself if it fails.
set -euo pipefail

NET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KM_PER_MS=200
HOP_MS="${CHIPLEDGER_GEO_HOP_MS:-2}"
JITTER_MS="${CHIPLEDGER_GEO_JITTER_MS:-2}"
RELAY_PORT=7700
CHIP_PORT=7701
API_PORT=8474
PORT_BASE=21000
SITES=(lus dus lsg dsg lnl dnl ltw dtw)
# latitude, longitude, last byte of the address, place
declare -A SITE=(
  [lus]="38.9072 -77.0369 11 Washington"
  [dus]="39.0438 -77.4874 12 Ashburn"
  [lsg]="1.3521 103.8198 13 Singapore"
  [dsg]="1.3404 103.7090 14 Jurong-West"
  [lnl]="52.3676 4.9041 15 Amsterdam"
  [dnl]="53.4386 6.8355 16 Eemshaven"
  [ltw]="25.0330 121.5654 17 Taipei"
  [dtw]="24.0518 120.5161 18 Changhua"
)

log() { printf '[geo] %s\n' "$*" >&2; }
die() { printf '[geo] ERROR: %s\n' "$*" >&2; exit 1; }

world() { [[ "${1:-}" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 250 )) || die "world number 1-250, not '${1:-}'"; }
ns() { echo "clgeo$1-$2"; }
ip_of() { local s; read -r -a s <<<"${SITE[$2]}"; echo "10.233.$1.${s[2]}"; }

# km A B: great-circle distance between sites A and B (haversine, R = 6371 km), whole km
km() {
  local a b; read -r -a a <<<"${SITE[$1]}"; read -r -a b <<<"${SITE[$2]}"
  awk -v la1="${a[0]}" -v lo1="${a[1]}" -v la2="${b[0]}" -v lo2="${b[1]}" 'BEGIN {
    r = atan2(0, -1) / 180; dla = (la2 - la1) * r; dlo = (lo2 - lo1) * r
    h = sin(dla / 2) ^ 2 + cos(la1 * r) * cos(la2 * r) * sin(dlo / 2) ^ 2
    printf "%.0f", 2 * 6371 * atan2(sqrt(h), sqrt(1 - h)) }'
}
delay() { awk -v km="$(km "$1" "$2")" -v v="$KM_PER_MS" -v hop="$HOP_MS" \
  'BEGIN { d = km / v; c = int(d); if (c < d) c++; printf "%d", c + hop }'; }

# routes: "FROM TO PORT" for every delayed link
routes() {
  local a b
  for a in "${SITES[@]}"; do
    for b in "${SITES[@]}"; do
      [[ "$a" == "$b" || "$b" != d* ]] && continue
      if [[ "$a" == l* ]]; then echo "$a $b $RELAY_PORT"; else echo "$a $b $CHIP_PORT"; fi
    done
  done
}

cmd_table() {
  local a b
  printf 'one-way delay = ceil(km / %s km per ms) + %s ms, jitter +-%s ms\n' "$KM_PER_MS" "$HOP_MS" "$JITTER_MS"
  for a in "${SITES[@]}"; do printf '%s %s\n' "$a" "${SITE[$a]}"; done
  while read -r a b _; do printf '%s -> %s %6s km %4s ms\n' "$a" "$b" "$(km "$a" "$b")" "$(delay "$a" "$b")"; done < <(routes)
}

api() { local n=$1 m=$2 path=$3; shift 3; ip netns exec "$(ns "$n" wan)" curl -sf --max-time 5 -X "$m" "http://127.0.0.1:$API_PORT$path" "$@"; }

link_up() {  # link_up N KEY ADDRESS
  local n=$1 k=$2 name; name=$(ns "$n" "$k")
  ip netns add "$name"
  ip link add "cg$n$k-h" type veth peer name "cg$n$k-n" netns "$name"
  ip link set "cg$n$k-h" master "cg${n}br"
  ip link set "cg$n$k-h" up
  ip -n "$name" link set lo up
  ip -n "$name" addr add "$3/24" dev "cg$n$k-n"
  ip -n "$name" link set "cg$n$k-n" up
}

cmd_up() {
  local n=$1 bin from to port i=0 d body name s
  [[ $(id -u) == 0 ]] || die "network namespaces need root"
  command -v ip >/dev/null && command -v iptables >/dev/null && command -v curl >/dev/null \
    || die "needs ip, iptables and curl"
  [[ -e "/run/netns/$(ns "$n" wan)" ]] && die "world $n exists already (geo.sh down $n)"
  "$NET_DIR/install-toxiproxy.sh" >&2 || die "install-toxiproxy.sh failed"
  bin=$("$NET_DIR/install-toxiproxy.sh" --print-bin)
  trap 'log "up failed: removing world $n"; cmd_down "$n"' EXIT
  ip link add "cg${n}br" type bridge
  ip addr add "10.233.$n.1/24" dev "cg${n}br"
  ip link set "cg${n}br" up
  link_up "$n" wan "10.233.$n.2"
  for s in "${SITES[@]}"; do link_up "$n" "$s" "$(ip_of "$n" "$s")"; done
  ip netns exec "$(ns "$n" wan)" setsid "$bin" -host 127.0.0.1 -port "$API_PORT" \
    > "/tmp/clgeo$n-toxiproxy.log" 2>&1 < /dev/null &
  for _ in $(seq 1 100); do api "$n" GET /version >/dev/null 2>&1 && break; sleep 0.1; done
  api "$n" GET /version >/dev/null || die "Toxiproxy did not answer in clgeo$n-wan"
  for s in "${SITES[@]}"; do
    ip netns exec "$(ns "$n" "$s")" iptables -w -t nat -N CLGEO
    ip netns exec "$(ns "$n" "$s")" iptables -w -t nat -A OUTPUT -j CLGEO
  done
  while read -r from to port; do
    i=$((i + 1)); name="$from-$to"; d=$(delay "$from" "$to")
    body=$(printf '{"name":"%s","listen":"10.233.%d.2:%d","upstream":"%s:%d","enabled":true}' \
      "$name" "$n" $((PORT_BASE + i)) "$(ip_of "$n" "$to")" "$port")
    api "$n" POST /proxies -H 'Content-Type: application/json' -d "$body" >/dev/null || die "proxy $name refused"
    for s in upstream downstream; do
      body=$(printf '{"name":"delay-%s","type":"latency","stream":"%s","attributes":{"latency":%d,"jitter":%d}}' \
        "$s" "$s" "$d" "$JITTER_MS")
      api "$n" POST "/proxies/$name/toxics" -H 'Content-Type: application/json' -d "$body" >/dev/null \
        || die "latency toxic on $name refused"
    done
    ip netns exec "$(ns "$n" "$from")" iptables -w -t nat -A CLGEO -d "$(ip_of "$n" "$to")" -p tcp \
      --dport "$port" -j DNAT --to-destination "10.233.$n.2:$((PORT_BASE + i))"
  done < <(routes)
  trap - EXIT
  log "world $n: ${#SITES[@]} sites on 10.233.$n.0/24, $i delayed routes through Toxiproxy"
  echo ready
}

cmd_down() {
  local n=$1 k name pids
  for k in "${SITES[@]}" wan; do
    name=$(ns "$n" "$k")
    if [[ -e "/run/netns/$name" ]]; then
      # only what runs in this world's namespaces, which this script made
      pids=$(ip netns pids "$name" 2>/dev/null | tr '\n' ' ')
      [[ -z "$pids" ]] || kill -9 $pids 2>/dev/null || true
      ip netns delete "$name" || true
    fi
    ip link del "cg$n$k-h" 2>/dev/null || true
  done
  ip link del "cg${n}br" 2>/dev/null || true
  rm -f "/tmp/clgeo$n-toxiproxy.log"
  log "world $n removed"
}

case "${1:-}" in
  up) world "${2:-}"; cmd_up "$2" ;;
  down) world "${2:-}"; cmd_down "$2" ;;
  table) cmd_table ;;
  ns) world "${2:-}"; [[ -n "${SITE[${3:-x}]:-}" ]] || die "no site '${3:-}'"; ns "$2" "$3" ;;
  *) die "usage: $0 up N | down N | table | ns N SITE" ;;
esac
