# Sourced by the benchmarks that need many keys (after bench/local-ledger.sh): secrets of another issuer's shape
# (verified by their hash, as an imported key base would be), 160 random bits each, and their import through
# POST /v1/api_keys/import, 1,000 keys a request, IMPORT_CONNECTIONS requests at a time, printing its rate.
AUTH="Authorization: Bearer $INSTANCE_KEY"
JSON='Content-Type: application/json'
IMPORT_CONNECTIONS="${IMPORT_CONNECTIONS:-4}"
mkdir -p "$WORK/bodies" "$WORK/answers"

make_secrets() { # n: writes $WORK/all-secrets, one a line
  openssl rand -hex $(($1 * 20)) | fold -w 40 | sed 's/^/sk_live_/' >"$WORK/all-secrets"
}

import() { # first last: imports the keys of these lines of the secrets file
  rm -f "$WORK"/bodies/* "$WORK"/answers/*
  sed -n "$1,$2p" "$WORK/all-secrets" | awk -v first="$1" -v dir="$WORK/bodies" '
    function finish() { if (file) { printf "]}" >file; close(file) } }
    (NR - 1) % 1000 == 0 { finish(); file = sprintf("%s/%08d.json", dir, NR); printf "{\"keys\":[" >file; sep = "" }
    { n = first + NR - 1
      printf "%s{\"name\":\"scale-%d\",\"subject\":\"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk\",\"scopes\":[\"read\"],", sep, n >file
      printf "\"claims\":{\"tenant\":\"t_%d\"},\"secret\":\"%s\"}", n % 100, $0 >file; sep = "," }
    END { finish() }'
  local started ended imported
  started=$(date +%s.%N)
  find "$WORK/bodies" -name '*.json' -printf '%f\n' | sort | xargs -P "$IMPORT_CONNECTIONS" -I{} \
    curl -sf --max-time 600 -o "$WORK/answers/{}" -X POST "localhost:$PORT/v1/api_keys/import" -H "$AUTH" -H "$JSON" \
    --data-binary "@$WORK/bodies/{}" || { echo "an import request failed" >&2; exit 1; }
  ended=$(date +%s.%N)
  imported=$(cat "$WORK"/answers/* | grep -o '"imported_count":[0-9]*' | awk -F: '{s += $2} END {print s}')
  [ "$imported" -eq $(($2 - $1 + 1)) ] || { echo "imported $imported of $(($2 - $1 + 1)) keys" >&2; exit 1; }
  awk -v k="$imported" -v s="$(echo "$ended - $started" | bc)" -v c="$IMPORT_CONNECTIONS" \
    'BEGIN { printf "imported %d keys in %.1f s: %.0f keys/s (%d requests at a time)\n", k, s, k / s, c }' |
    tee -a "$WORK/import-rates"
}

rebuild() { # name: rebuilds the query model while the ledger is up; $WORK/<name>.json holds the final status
  curl -sf -o "$WORK/$1.json" -X POST "localhost:$PORT/v1/query_model/rebuild" -H "$AUTH" -H "$JSON" -d '{}' ||
    { echo "the rebuild was refused: $(cat "$WORK/$1.json" 2>/dev/null)" >&2; exit 1; }
  while ! curl -sf "localhost:$PORT/v1/query_model/rebuild" -H "$AUTH" | grep -q '"status":"done"'; do sleep 0.1; done
  curl -sf "localhost:$PORT/v1/query_model/rebuild" -H "$AUTH" >"$WORK/$1.json"
}
rebuild_seconds() { grep -o '"seconds":[0-9.]*' "$WORK/$1.json" | cut -d: -f2; }
