# WAN delays between countries for the netns layout; sourced by network.sh (not run on its own).
#
# The kernel here has no netem qdisc, so the delay is added in user space by Toxiproxy (installed by
# install-toxiproxy.sh), which runs in a namespace of its own, clns-wan (10.231.0.2). Inside every
# country's namespace a nat rule (chain CLNS-WAN) sends each connection to another country's orderer or
# peer to that country pair's Toxiproxy listener, which forwards it with a latency toxic on each
# direction. The dialled address is unchanged for TLS (DNAT), so certificates and configs stay as they
# are. Clients and the chaincode server on the root side (the bridge address) are not delayed: a
# country's clients sit next to its gateway.
#
# One-way delay between two countries = great-circle distance between their capitals / 200 km per ms
# (light in fibre) + WAN_HOP_MS of fixed cost (routers, the last miles). `network.sh wan table` prints it.
# A partition (network.sh partition CC) drops traffic to and from clns-wan like any other country's.

WAN_NS_KEY=wan
WAN_IP=10.231.0.2
WAN_API="127.0.0.1:8474"          # Toxiproxy's API, on clns-wan's own loopback
WAN_PORT_BASE=20000               # listener ports on $WAN_IP, one per (from, to-endpoint) pair
WAN_KM_PER_MS=200
WAN_HOP_MS="${CHIPLEDGER_WAN_HOP_MS:-5}"
WAN_JITTER_MS="${CHIPLEDGER_WAN_JITTER_MS:-2}"
WAN_STATE="$ARTIFACTS/wan"        # "on" when the network was made with CHIPLEDGER_WAN=on
# where each namespace's nodes stand: latitude, longitude, place (the secretariat sits in Vienna)
declare -A WAN_SITE=(
  [tw]="25.0330 121.5654 Taipei"
  [us]="38.9072 -77.0369 Washington"
  [nl]="52.3676 4.9041 Amsterdam"
  [sg]="1.3521 103.8198 Singapore"
  [treaty]="48.2082 16.3738 Vienna"
)

wan_on() { [[ "$LAYOUT" == netns && "$(cat "$WAN_STATE" 2>/dev/null)" == on ]]; }
wan_bin() { "$NET_DIR/install-toxiproxy.sh" --print-bin; }

# wan_km A B: great-circle distance in km between the capitals of A and B (haversine, R = 6371 km)
wan_km() {
  local a b; read -r -a a <<<"${WAN_SITE[$1]}"; read -r -a b <<<"${WAN_SITE[$2]}"
  awk -v la1="${a[0]}" -v lo1="${a[1]}" -v la2="${b[0]}" -v lo2="${b[1]}" 'BEGIN {
    r = atan2(0, -1) / 180; dla = (la2 - la1) * r; dlo = (lo2 - lo1) * r
    h = sin(dla / 2) ^ 2 + cos(la1 * r) * cos(la2 * r) * sin(dlo / 2) ^ 2
    printf "%.0f", 2 * 6371 * atan2(sqrt(h), sqrt(1 - h)) }'
}
# wan_delay A B: one-way delay in ms between countries A and B
wan_delay() { awk -v km="$(wan_km "$1" "$2")" -v v="$WAN_KM_PER_MS" -v hop="$WAN_HOP_MS" 'BEGIN { printf "%.0f", km / v + hop }'; }

cmd_wan_table() {
  local a b
  printf 'one-way delay in ms = great-circle km / %s km per ms + %s ms hop (jitter %s ms)\n' "$WAN_KM_PER_MS" "$WAN_HOP_MS" "$WAN_JITTER_MS"
  printf '%-8s' from; for b in "${NS_KEYS[@]}"; do printf '%18s' "$b"; done; echo
  for a in "${NS_KEYS[@]}"; do
    printf '%-8s' "$a"
    for b in "${NS_KEYS[@]}"; do
      if [[ "$a" == "$b" ]]; then printf '%18s' -; else printf '%18s' "$(wan_delay "$a" "$b") ms ($(wan_km "$a" "$b") km)"; fi
    done
    echo
  done
}

# wan_endpoints: "KEY PORT" for every node endpoint another country dials (orderers and peers)
wan_endpoints() {
  local k
  for k in "${ORDERERS[@]}"; do ospec "$k"; echo "$k $O_PORT"; done
  for k in "${PEERS[@]}"; do pspec "$k"; echo "$k $P_PORT"; done
}
wan_api() { local m=$1 path=$2; shift 2; ip netns exec "clns-$WAN_NS_KEY" curl -sf --max-time 5 -X "$m" "http://$WAN_API$path" "$@"; }
wan_api_up() { wan_api GET /version; }

# wan_net_up: clns-wan with its veth into the bridge (after net_up made the bridge)
wan_net_up() { ns_link_up "$WAN_NS_KEY" "$WAN_IP"; }
wan_net_down() {
  local k=$WAN_NS_KEY
  [[ -e "/run/netns/clns-$k" ]] && ip netns delete "clns-$k"
  ip link del "clns-$k-h" 2>/dev/null || true
}

# wan_up: Toxiproxy in clns-wan, one proxy with its latency toxics per (from, to-endpoint) pair, and the
# nat rules in every country's namespace that route other countries' endpoints through it
wan_up() {
  local bin from to port i=0 name d body
  log "WAN: checking the Toxiproxy install (log $RUN/install-toxiproxy.log)"
  "$NET_DIR/install-toxiproxy.sh" > "$RUN/install-toxiproxy.log" 2>&1 \
    || { cat "$RUN/install-toxiproxy.log" >&2; die "install-toxiproxy.sh failed"; }
  bin=$(wan_bin)
  ensure_iptables
  wan_net_up
  if ! running toxiproxy "$bin"; then
    spawn toxiproxy ip netns exec "clns-$WAN_NS_KEY" "$bin" -host 127.0.0.1 -port "${WAN_API##*:}"
    wait_until "toxiproxy API on clns-$WAN_NS_KEY $WAN_API" toxiproxy wan_api_up
  fi
  for from in "${NS_KEYS[@]}"; do
    local x=(ip netns exec "clns-$from" iptables -w -t nat)
    "${x[@]}" -N CLNS-WAN 2>/dev/null || "${x[@]}" -F CLNS-WAN
    "${x[@]}" -C OUTPUT -j CLNS-WAN 2>/dev/null || "${x[@]}" -A OUTPUT -j CLNS-WAN
    while read -r to port; do
      [[ "$to" == "$from" ]] && continue
      i=$((i + 1)); name="$from-$to-$port"; d=$(wan_delay "$from" "$to")
      wan_api DELETE "/proxies/$name" >/dev/null 2>&1 || true
      body=$(printf '{"name":"%s","listen":"%s:%d","upstream":"%s:%d","enabled":true}' \
        "$name" "$WAN_IP" $((WAN_PORT_BASE + i)) "${NS_IP[$to]}" "$port")
      wan_api POST /proxies -H 'Content-Type: application/json' -d "$body" >/dev/null \
        || die "WAN: Toxiproxy refused proxy $name ($body)"
      wan_latency "$name" "$d" create
      "${x[@]}" -A CLNS-WAN -d "${NS_IP[$to]}" -p tcp --dport "$port" \
        -j DNAT --to-destination "$WAN_IP:$((WAN_PORT_BASE + i))"
    done < <(wan_endpoints)
  done
  log "WAN: $i delayed routes through Toxiproxy on clns-$WAN_NS_KEY $WAN_IP (network.sh wan table shows the delays)"
}

# wan_latency PROXY MS create|update: the latency toxic on both directions of PROXY
wan_latency() {
  local p=$1 ms=$2 how=$3 s body
  for s in upstream downstream; do
    body=$(printf '{"name":"delay-%s","type":"latency","stream":"%s","attributes":{"latency":%d,"jitter":%d}}' \
      "$s" "$s" "$ms" "$WAN_JITTER_MS")
    if [[ "$how" == create ]]; then
      wan_api POST "/proxies/$p/toxics" -H 'Content-Type: application/json' -d "$body" >/dev/null
    else
      wan_api POST "/proxies/$p/toxics/delay-$s" -H 'Content-Type: application/json' -d "$body" >/dev/null
    fi || die "WAN: Toxiproxy refused the latency toxic on $p"
  done
}

# wan slow CC FACTOR: every route to or from CC at FACTOR times its delay (FACTOR 1 restores it)
cmd_wan_slow() {
  local cc=${1:-} f=${2:-} from to port
  [[ -n "$cc" && -n "${WAN_SITE[$cc]:-}" && "$f" =~ ^[0-9]+$ && "$f" -ge 1 ]] \
    || die "usage: $0 wan slow tw|us|nl|sg|treaty FACTOR (a whole number >= 1)"
  wan_on || die "the network runs without WAN delays (CHIPLEDGER_NETWORK_LAYOUT=netns CHIPLEDGER_WAN=on network.sh up)"
  for from in "${NS_KEYS[@]}"; do
    while read -r to port; do
      [[ "$to" == "$from" || ( "$from" != "$cc" && "$to" != "$cc" ) ]] && continue
      wan_latency "$from-$to-$port" $(( $(wan_delay "$from" "$to") * f )) update
    done < <(wan_endpoints)
  done
  log "WAN: routes to and from $cc at ${f}x their delay"
}

# wan show: the proxies and their toxics as Toxiproxy reports them
cmd_wan_show() { wan_on || die "the network runs without WAN delays"; wan_api GET /proxies; echo; }

cmd_wan() {
  case "${1:-}" in
    table) cmd_wan_table ;;
    slow) shift; cmd_wan_slow "$@" ;;
    show) cmd_wan_show ;;
    *) die "usage: $0 wan table | slow CC FACTOR | show" ;;
  esac
}
