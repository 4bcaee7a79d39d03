#!/usr/bin/env bash
# Smoke test of a running network (network.sh up): the peer CLI acting as an org admin
#   1. query   org.hyperledger.fabric:GetMetadata  (Contract API system function; lists the contracts)
#   2. query   policy:GetPolicy                    (chipledger; on a fresh ledger the chaincode answers
#              with the error "POLICY_NOT_SET: ...": that text coming back proves the round trip
#              client -> peer -> chaincode server -> peer -> client)
#   3. invoke  a submit transaction endorsed by a MAJORITY (3 of 5) of the orgs' peers, ordered by the
#              BFT orderers and committed (waits for the commit event); the channel height grows by one.
#              Default: org.hyperledger.fabric:GetMetadata as a (read-only) transaction, so the test does not
#              depend on the chaincode's business functions; override with SMOKE_INVOKE='{"Args":[...]}'.
#
#   network-config/smoke.sh [MSPID]      (default TWMSP; connection data from run/connection/gateway.properties)
set -euo pipefail
NET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROPS="$NET_DIR/run/connection/gateway.properties"
BIN="$("$NET_DIR/install-fabric.sh" --print-home)/bin"
MSP="${1:-TWMSP}"
[[ -f "$PROPS" ]] || { echo "smoke: $PROPS missing; run network-config/network.sh up first" >&2; exit 1; }
prop() { local v; v=$(grep -m1 "^$1=" "$PROPS" | cut -d= -f2-) && [[ -n "$v" ]] || { echo "smoke: no '$1' in $PROPS" >&2; exit 1; }; echo "$v"; }

CHANNEL=$(prop channel); CC=$(prop chaincode)
IFS=, read -r -a ORGS <<<"$(prop orgs)"
IFS=, read -r -a ORDS <<<"$(prop orderers)"
export FABRIC_CFG_PATH="$NET_DIR/run/config" FABRIC_LOGGING_SPEC=warn CORE_PEER_TLS_ENABLED=true
grep -q "^org.$MSP.peerEndpoint=" "$PROPS" || { echo "smoke: unknown MSP $MSP (known: $(prop orgs))" >&2; exit 1; }
CORE_PEER_ADDRESS=$(prop "org.$MSP.peerEndpoint"); CORE_PEER_TLS_ROOTCERT_FILE=$(prop "org.$MSP.tlsRootCert")
CORE_PEER_MSPCONFIGPATH=$(prop "org.$MSP.adminMspDir")
export CORE_PEER_LOCALMSPID="$MSP" CORE_PEER_ADDRESS CORE_PEER_TLS_ROOTCERT_FILE CORE_PEER_MSPCONFIGPATH
height() { "$BIN/peer" channel getinfo -c "$CHANNEL" | sed -n 's/.*"height":\([0-9]*\).*/\1/p'; }

echo "== as $MSP admin via peer $CORE_PEER_ADDRESS, channel $CHANNEL, chaincode $CC"
echo "-- 1. query org.hyperledger.fabric:GetMetadata"
meta=$("$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}')
echo "   contracts: $(jq -r '.contracts | keys | join(", ")' <<<"$meta")"

echo "-- 2. query policy:GetPolicy"
if out=$("$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC" -c '{"Args":["policy:GetPolicy"]}' 2>&1); then
  echo "   result: $out"
elif msg=$(grep -o 'status:500 message:.*' <<<"$out"); then
  echo "   chaincode answered with an error (round trip OK): $msg"
else
  echo "   FAILED: $out" >&2; exit 1
fi

echo "-- 2b. same query as a user whose certificate carries Fabric CA attributes (role/org/country),"
echo "      issued here with openssl from the org CA key listed in gateway.properties"
U="$NET_DIR/run/smoke/$MSP-user"; rm -rf "$U"; mkdir -p "$U/msp/signcerts" "$U/msp/keystore" "$U/msp/cacerts"
CA_CERT=$(prop "org.$MSP.caCert"); CA_KEY=$(prop "org.$MSP.caKey"); CTRY=$(prop "org.$MSP.country")
ATTRS="{\"attrs\":{\"role\":\"${SMOKE_ROLE:-fab}\",\"org\":\"${SMOKE_ORG:-smoke-org}\",\"country\":\"$CTRY\"}}"
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$U/msp/keystore/key.pem"
openssl req -new -key "$U/msp/keystore/key.pem" -subj "/OU=client/CN=smoke-user" -out "$U/user.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n1.2.3.4.5.6.7.8.1=DER:%s\n' \
  "$(printf '%s' "$ATTRS" | od -An -v -tx1 | tr -d ' \n')" > "$U/ext.cnf"
openssl x509 -req -in "$U/user.csr" -CA "$CA_CERT" -CAkey "$CA_KEY" -CAcreateserial -CAserial "$U/ca.srl" -days 1 -sha256 \
  -extfile "$U/ext.cnf" -out "$U/msp/signcerts/cert.pem" 2>/dev/null
cp "$CA_CERT" "$U/msp/cacerts/"; cp "$(prop "org.$MSP.adminMspDir")/config.yaml" "$U/msp/"
if out=$(CORE_PEER_MSPCONFIGPATH="$U/msp" "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC" -c '{"Args":["policy:GetPolicy"]}' 2>&1); then
  echo "   attrs $ATTRS -> result: $out"
elif msg=$(grep -o 'status:500 message:.*' <<<"$out"); then
  echo "   attrs $ATTRS -> chaincode answered: $msg"
else
  echo "   FAILED: $out" >&2; exit 1
fi

echo "-- 3. invoke, endorsed by a majority of the orgs, ordered (BFT) and committed"
start=-1; for i in "${!ORGS[@]}"; do [[ "${ORGS[$i]}" == "$MSP" ]] && start=$i; done
(( start >= 0 )) || { echo "smoke: unknown MSP $MSP (known: ${ORGS[*]})" >&2; exit 1; }
n=${#ORGS[@]}; need=$(( n / 2 + 1 )); targets=(); endorsers=()
for (( j = 0; j < need; j++ )); do
  o=${ORGS[$(( (start + j) % n ))]}; endorsers+=("$o")
  targets+=(--peerAddresses "$(prop "org.$o.peerEndpoint")" --tlsRootCertFiles "$(prop "org.$o.tlsRootCert")")
done
args="${SMOKE_INVOKE:-{\"Args\":[\"org.hyperledger.fabric:GetMetadata\"]}}"
h0=$(height)
t0=$(date +%s%N)
out=$(FABRIC_LOGGING_SPEC="chaincodeCmd=info:warn" "$BIN/peer" chaincode invoke -o "$(prop "orderer.${ORDS[0]}.endpoint")" --tls --cafile "$(prop "orderer.${ORDS[0]}.tlsRootCert")" \
      -C "$CHANNEL" -n "$CC" "${targets[@]}" --waitForEvent -c "$args" 2>&1) || { echo "   FAILED: $out" >&2; exit 1; }
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
h1=$(height)
echo "   endorsers: ${endorsers[*]} ($need of $n orgs); args: $args"
{ grep -o 'txid \[[0-9a-f]*\] committed with status ([A-Z_]*) at [0-9.:]*' <<<"$out" || true; } | sed 's/^/   /'
echo "   $(grep -o 'Chaincode invoke successful. result: status:[0-9]*' <<<"$out" || echo "result: see output") in ${ms} ms; channel height $h0 -> $h1"
(( h1 > h0 )) || { echo "smoke: FAILED, height did not grow" >&2; exit 1; }
echo "SMOKE OK"
