# Sourced by network.sh: the member organisations, and the channel config updates that remove one from
# the channel or add one, signed by the admins of a MAJORITY of the channel's application orgs.
#
# A member organisation (a fab, a customs agency, a datacenter operator, a licensing authority, the
# inspectorate) has an MSP and
# a CA of its own and runs no nodes: its members submit through the gateway of their country's peer.
# Countries run the peers and orderers. With one MSP per organisation, no country's CA can issue an
# identity that the ledger accepts as another organisation's (docs/design.md, "One MSP per organisation").

# member orgs: key -> "MSPID domain gateway-peer-key"; the domains are cryptogen's (crypto-config.yaml)
MEMBERS=(fab-tw fab-us customs-tw customs-us customs-nl customs-sg dc-us dc-nl dc-sg inspectorate licensing-tw licensing-us)
declare -A MEMBER=(
  [fab-tw]="FabTWMSP fab.tw.treaty tw"
  [fab-us]="FabUSMSP fab.us.treaty us"
  [customs-tw]="CustomsTWMSP customs.tw.treaty tw"
  [customs-us]="CustomsUSMSP customs.us.treaty us"
  [customs-nl]="CustomsNLMSP customs.nl.treaty nl"
  [customs-sg]="CustomsSGMSP customs.sg.treaty sg"
  [dc-us]="DcUSMSP dc.us.treaty us"
  [dc-nl]="DcNLMSP dc.nl.treaty nl"
  [dc-sg]="DcSGMSP dc.sg.treaty sg"
  [inspectorate]="InspectorateMSP inspectorate.treaty treaty"
  [licensing-tw]="LicensingTWMSP licensing.tw.treaty tw"
  [licensing-us]="LicensingUSMSP licensing.us.treaty us"
)
mspec() { read -r M_MSP M_DOM M_GW <<<"${MEMBER[$1]}"
          M_ORGDIR="$CRYPTO/peerOrganizations/$M_DOM"
          M_ADMINMSP="$M_ORGDIR/users/Admin@$M_DOM/msp"; }

# member_props: the member orgs' lines of gateway.properties (their CA, and the peer org they submit through)
member_props() {
  local k list="" props="" ca_key
  for k in "${MEMBERS[@]}"; do
    mspec "$k"; pspec "$M_GW"
    ca_key=$(ls "$M_ORGDIR"/ca/*_sk 2>/dev/null | head -1)
    list+="${list:+,}$M_MSP"
    props+="\nmember.$M_MSP.country=${COUNTRY[$M_GW]}\nmember.$M_MSP.gatewayOrg=$P_MSP\n"
    props+="member.$M_MSP.caCert=$M_ORGDIR/ca/ca.$M_DOM-cert.pem\nmember.$M_MSP.caKey=$ca_key\n"
    props+="member.$M_MSP.adminMspDir=$M_ADMINMSP\n"
  done
  printf '%s' "$props\nmembers=$list\n"
}

# as_org_admin MSPID: the peer CLI's environment acting as that application org's Admin (a peer org's
# own peer, or a member org's gateway peer); run the CLI with peer_cli
as_org_admin() {
  local k
  for k in "${PEERS[@]}"; do pspec "$k"; if [[ "$P_MSP" == "$1" ]]; then as_admin "$k"; return 0; fi; done
  for k in "${MEMBERS[@]}"; do
    mspec "$k"
    if [[ "$M_MSP" == "$1" ]]; then
      as_admin "$M_GW"; export CORE_PEER_LOCALMSPID="$M_MSP" CORE_PEER_MSPCONFIGPATH="$M_ADMINMSP"; return 0
    fi
  done
  die "no application org $1 in this network"
}

# ---- org remove|add MSPID [--signers MSP,MSP,...] ---------------------------------------------------
# Fetches the channel config, removes the org's group from Application (remove) or adds the org's
# definition from configtx.yaml (add), computes the config update, has each signer's Admin sign it (the
# last one submits it to the orderer), and waits until every running peer holds the new config block.
# Signers default to the first MAJORITY of the orgs in the channel (in configtx order), leaving out the
# org being removed. Fewer signers than a MAJORITY is refused by the orderer: the update changes nothing.
cmd_org() {
  local op=${1:-} msp=${2:-} signers=""
  [[ ( "$op" == remove || "$op" == add ) && -n "$msp" ]] || die "usage: $0 org remove|add MSPID [--signers MSP,MSP,...]"
  if [[ "${3:-}" == --signers ]]; then signers=${4:-}; [[ -n "$signers" ]] || die "--signers needs a list"; fi
  [[ -f "$ARTIFACTS/$CHANNEL.block" ]] || die "no network here (network.sh up first)"
  command -v jq >/dev/null || die "jq is needed for channel config updates (apt-get install jq)"
  local tmp="$RUN/org-update" tx="$BIN/configtxlator"
  rm -rf "$tmp"; mkdir -p "$tmp"
  ( as_admin tw; peer_cli channel fetch config "$tmp/config_block.pb" -c "$CHANNEL" $(orderer_args) ) \
    > "$tmp/fetch.log" 2>&1 || { cat "$tmp/fetch.log" >&2; die "could not fetch the $CHANNEL config"; }
  "$tx" proto_decode --input "$tmp/config_block.pb" --type common.Block --output "$tmp/block.json"
  jq '.data.data[0].payload.data.config' "$tmp/block.json" > "$tmp/config.json"
  local present; present=$(jq --arg m "$msp" '.channel_group.groups.Application.groups | has($m)' "$tmp/config.json")
  case "$op" in
    remove)
      [[ "$present" == true ]] || die "$msp is not an org of channel $CHANNEL"
      jq --arg m "$msp" 'del(.channel_group.groups.Application.groups[$m])' "$tmp/config.json" > "$tmp/modified.json" ;;
    add)
      [[ "$present" == false ]] || die "$msp is already an org of channel $CHANNEL"
      orgs_only_configtx "$tmp/printorg"
      FABRIC_CFG_PATH="$tmp/printorg" "$BIN/configtxgen" -printOrg "$msp" > "$tmp/org.json" 2> "$tmp/printorg.log" \
        || { cat "$tmp/printorg.log" >&2; die "configtx.yaml defines no org $msp"; }
      jq --arg m "$msp" --slurpfile o "$tmp/org.json" '.channel_group.groups.Application.groups[$m] = $o[0]' \
        "$tmp/config.json" > "$tmp/modified.json" ;;
  esac
  "$tx" proto_encode --input "$tmp/config.json" --type common.Config --output "$tmp/original.pb"
  "$tx" proto_encode --input "$tmp/modified.json" --type common.Config --output "$tmp/modified.pb"
  "$tx" compute_update --channel_id "$CHANNEL" --original "$tmp/original.pb" --updated "$tmp/modified.pb" --output "$tmp/update.pb"
  "$tx" proto_decode --input "$tmp/update.pb" --type common.ConfigUpdate --output "$tmp/update.json"
  jq -n --arg ch "$CHANNEL" --slurpfile u "$tmp/update.json" \
    '{payload: {header: {channel_header: {channel_id: $ch, type: 2}}, data: {config_update: $u[0]}}}' > "$tmp/envelope.json"
  "$tx" proto_encode --input "$tmp/envelope.json" --type common.Envelope --output "$tmp/envelope.pb"
  if [[ -z "$signers" ]]; then
    local orgs n; orgs=$(jq -r --arg m "$msp" '.channel_group.groups.Application.groups | keys[] | select(. != $m)' "$tmp/config.json")
    n=$(( $(jq '.channel_group.groups.Application.groups | length' "$tmp/config.json") / 2 + 1 ))
    signers=$(ordered_orgs | grep -Fxf <(echo "$orgs") | head -n "$n" | paste -sd, -)
  fi
  local list; IFS=, read -r -a list <<<"$signers"
  local last=$(( ${#list[@]} - 1 )) i
  for (( i = 0; i < last; i++ )); do
    ( as_org_admin "${list[$i]}"; peer_cli channel signconfigtx -f "$tmp/envelope.pb" ) > "$tmp/sign.log" 2>&1 \
      || { cat "$tmp/sign.log" >&2; die "${list[$i]} admin could not sign"; }
  done
  log "org $op $msp: signed by ${list[*]} (the last submits)"
  ( as_org_admin "${list[$last]}"; peer_cli channel update -f "$tmp/envelope.pb" -c "$CHANNEL" $(orderer_args) ) \
    > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; die "the orderer refused the config update"; }
  wait_until "the orderers' $CHANNEL config reflects: org $op $msp" -- config_has "$op" "$msp"
  local height k; height=$(osn_height tw)
  for k in "${PEERS[@]}"; do
    running "$(peer_name "$k")" "$BIN/peer" || continue
    wait_until "$(peer_name "$k") reaches height $height (the config block)" "$(peer_name "$k")" peer_at_least "$k" "$height"
  done
  log "org $op $msp: done; channel $CHANNEL height $height"
}

# config_has remove|add MSPID: the orderers' latest config block no longer has / now has the org
config_has() {
  local want=false; [[ "$1" == add ]] && want=true
  local f="$RUN/org-update/latest.pb"
  ( as_admin tw; peer_cli channel fetch config "$f" -c "$CHANNEL" $(orderer_args) ) >/dev/null 2>&1 || return 1
  [[ "$("$BIN/configtxlator" proto_decode --input "$f" --type common.Block \
        | jq --arg m "$2" '.data.data[0].payload.data.config.channel_group.groups.Application.groups | has($m)')" == "$want" ]]
}

# orgs_only_configtx DIR: DIR/configtx.yaml with configtx.yaml's Organizations section alone, MSPDirs made
# absolute. configtxgen -printOrg on the whole file panics ("BFT configuration did not specify any
# consenter"): it completes the top-level Orderer section, whose consenters live in the profile.
orgs_only_configtx() {
  local src="$NET_DIR/configtx.yaml"
  [[ "$LAYOUT" == netns ]] && src="$(netns_configtx)/configtx.yaml"   # anchor peers at namespace addresses
  mkdir -p "$1"
  awk '/^[A-Za-z]/ { on = /^Organizations:/ } on' "$src" \
    | sed "s#MSPDir: crypto-config/#MSPDir: $CRYPTO/#" > "$1/configtx.yaml"
}

# ordered_orgs: the application orgs' MSP ids in configtx order (peer orgs first, then members)
ordered_orgs() {
  local k
  for k in "${PEERS[@]}"; do pspec "$k"; echo "$P_MSP"; done
  for k in "${MEMBERS[@]}"; do mspec "$k"; echo "$M_MSP"; done
}
