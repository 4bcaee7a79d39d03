# shellcheck shell=bash
# The hosts layout: each treaty country runs its own orderer and peer (the secretariat its peer) on a
# host of its own, at the address the addresses file gives it, and starts them with its own command:
#
#   network.sh bootstrap                 once, on the secretariat's host: crypto, the genesis block and a
#                                        copy of the addresses file, which every host then receives
#   network.sh up --countries CC[,CC]    on each host: start, join and install for its countries only
#
# Each host packages the chaincode for its own chaincode server (the package names that server's
# address, so the package ids differ and each org approves its own), approves the definition for its
# orgs once the orderers have a quorum, and waits for the commit; the secretariat's host commits as
# soon as a majority of the peer orgs have approved, with their peers as endorsers. Nothing here
# assumes the other hosts' processes are on this machine: a host reaches another only through the
# orderer and peer addresses in the channel configuration. (The crypto is still made in one place by
# cryptogen and copied; each organisation keeping its own CA keys is the production route, README.)
# Sourced by network.sh.

# cmd_bootstrap: what every host needs before its `up --countries`, made once
cmd_bootstrap() {
  mkdir -p "$RUN" "$LOGS" "$PIDS" "$DATA"
  [[ -z "${CHIPLEDGER_NETWORK_LAYOUT:-}" || "$CHIPLEDGER_NETWORK_LAYOUT" == hosts ]] \
    || die "bootstrap makes a hosts-layout network (CHIPLEDGER_NETWORK_LAYOUT=$CHIPLEDGER_NETWORK_LAYOUT)"
  CHIPLEDGER_NETWORK_LAYOUT=hosts choose_layout
  ensure_fabric
  ensure_jar
  ensure_crypto
  check_netns_sans
  ensure_genesis
  write_node_config
  log "bootstrap done: give each host $CRYPTO, $ARTIFACTS (genesis block, addresses) and the chaincode jar"
}

# cmd_up_host CSV: start the listed countries' nodes on this host and bring them into the channel
cmd_up_host() {
  local t0=$SECONDS k want=() own_orderers=() own_peers=()
  [[ -n "$1" ]] || die "usage: network.sh up --countries CC[,CC] (of: ${NS_KEYS[*]})"
  [[ "$(cat "$LAYOUT_FILE" 2>/dev/null)" == hosts && -f "$ARTIFACTS/$CHANNEL.block" ]] \
    || die "no hosts-layout network here: run network.sh bootstrap (the secretariat's host) and copy its output first"
  IFS=, read -r -a want <<<"$1"
  for k in "${want[@]}"; do
    [[ " ${NS_KEYS[*]} " == *" $k "* ]] || die "unknown country '$k' (${NS_KEYS[*]})"
    [[ -n "${ORD[$k]:-}" ]] && own_orderers+=("$k")
    own_peers+=("$k")
  done
  HOST_KEY=${want[0]}; CC_SERVER="chaincode.$CC_NAME.$HOST_KEY"; CC_PKG="$ARTIFACTS/$CC_NAME-$HOST_KEY"
  set_layout hosts
  ensure_fabric
  ensure_jar
  [[ -f "$CFG/core.yaml" ]] || write_node_config
  # from here on the lists name this host's nodes only: the shared steps below act on them alone
  ORDERERS=("${own_orderers[@]}"); PEERS=("${own_peers[@]}")
  trap host_up_failed EXIT
  log "host $HOST_KEY: countries ${want[*]} at $(for k in "${want[@]}"; do printf '%s ' "${NS_IP[$k]}"; done)"
  for k in "${ORDERERS[@]}"; do start_orderer "$k"; done
  for k in "${ORDERERS[@]}"; do ospec "$k"; wait_until "orderer.$k /healthz" "orderer.$k" healthz "$O_DIR/tls/ca.crt" "$O_OPS" "$k"; done
  (( ${#ORDERERS[@]} == 0 )) || join_orderers
  for k in "${PEERS[@]}"; do start_peer "$k"; done
  for k in "${PEERS[@]}"; do pspec "$k"; wait_until "$(peer_name "$k") /healthz" "$(peer_name "$k")" healthz "$P_DIR/tls/ca.crt" "$P_OPS" "$k"; done
  join_peers
  host_deploy_chaincode
  start_chaincode
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k"): chaincode $CC_NAME answers a query" "$CC_SERVER" cc_query_ok "$k"
  done
  ORDERERS=(tw us nl sg); PEERS=("${NS_KEYS[@]}")
  write_connection_info
  trap - EXIT
  log "host $HOST_KEY up in $((SECONDS - t0))s (hosts layout; the orderer watchdog runs only in the one-host layouts)"
}

# host_up_failed: a failed `up --countries` stops this host's nodes only
host_up_failed() {
  local rc=$? specs=() k
  (( rc == 0 )) && return 0
  log "up --countries failed (exit $rc): stopping this host's nodes"
  stop_nodes "$CC_SERVER java" || true
  for k in "${PEERS[@]}"; do specs+=("$(peer_name "$k") $BIN/peer"); done
  for k in "${ORDERERS[@]}"; do specs+=("orderer.$k $BIN/orderer"); done
  stop_nodes "${specs[@]}" || true
}

# host_deploy_chaincode: install this host's package, approve it for this host's orgs (the approval is
# a transaction, so it waits for the orderers' quorum, i.e. for enough other hosts to be up), commit
# from the secretariat's host once a majority approved, and wait until every own peer sees the commit
host_deploy_chaincode() {
  local k
  package_chaincode
  for k in "${PEERS[@]}"; do
    ( as_admin "$k"; peer_cli lifecycle chaincode queryinstalled --output json 2>/dev/null ) | grep -q "\"$CC_PKGID\"" && continue
    log "$(peer_name "$k"): peer lifecycle chaincode install $CC_PKG.tgz"
    ( as_admin "$k"; peer_cli lifecycle chaincode install "$CC_PKG.tgz" ) > "$RUN/cc-install-$k.log" 2>&1 \
      || { cat "$RUN/cc-install-$k.log" >&2; die "chaincode install failed on $(peer_name "$k")"; }
  done
  for k in "${PEERS[@]}"; do
    wait_until "${COUNTRY[$k]}: definition approved (needs the orderers' quorum)" -- host_approve "$k"
  done
  if [[ " ${PEERS[*]} " == *" treaty "* ]]; then
    wait_until "a majority of the peer orgs approved $CC_NAME" -- host_majority_approved
    wait_until "$CC_NAME committed by the secretariat" -- host_commit
  fi
  for k in "${PEERS[@]}"; do
    wait_until "$(peer_name "$k"): $CC_NAME committed" "$(peer_name "$k")" cc_committed "$k"
  done
}

# host_approve KEY: approve the definition with this host's package id for KEY's org (idempotent)
host_approve() {
  ( as_admin "$1"; peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$CC_SEQUENCE" ) >/dev/null 2>&1 \
    && return 0
  # shellcheck disable=SC2046
  ( as_admin "$1"; peer_cli lifecycle chaincode approveformyorg $(orderer_args) -C "$CHANNEL" -n "$CC_NAME" \
      --version "$CC_VERSION" --sequence "$CC_SEQUENCE" --package-id "$CC_PKGID" --waitForEventTimeout 30s ) \
    >> "$RUN/cc-approve-$1.log" 2>&1
}

# host_approvers: the peer keys whose orgs approved the definition, as the secretariat's peer sees it
host_approvers() {
  local json k; json=$( ( as_admin treaty; peer_cli lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" \
      --version "$CC_VERSION" --sequence "$CC_SEQUENCE" --output json ) 2>/dev/null | tr -d ' \n\t') || return 1
  for k in "${NS_KEYS[@]}"; do pspec "$k"; [[ "$json" == *"\"$P_MSP\":true"* ]] && echo "$k"; done
  return 0
}
host_majority_approved() { (( $(host_approvers | wc -l) * 2 > ${#NS_KEYS[@]} )); }

# host_commit: commit with the approving orgs' peers as endorsers (idempotent)
host_commit() {
  cc_committed treaty >/dev/null 2>&1 && return 0
  local k args=()
  for k in $(host_approvers); do pspec "$k"; args+=(--peerAddresses "$P_HOST:$P_PORT" --tlsRootCertFiles "$P_DIR/tls/ca.crt"); done
  # shellcheck disable=SC2046
  ( as_admin treaty; peer_cli lifecycle chaincode commit $(orderer_args) -C "$CHANNEL" -n "$CC_NAME" \
      --version "$CC_VERSION" --sequence "$CC_SEQUENCE" "${args[@]}" --waitForEventTimeout 30s ) >> "$RUN/cc-commit.log" 2>&1
}
