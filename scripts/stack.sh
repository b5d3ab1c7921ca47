#!/usr/bin/env bash
# The whole local stack without Docker: PostgreSQL (the machine's server), Apache Kafka (from
# Maven Central, scripts/kafka.sh), topics, one database per service with its migrations, the
# development organization, a local mail sink, and the five apps in the background.
#
# Usage: scripts/stack.sh <up|down|status|infra>
#   up      everything; prints the gateway URL and the development API key
#   infra   PostgreSQL + Kafka + topics + databases, no apps
#   postgres  only make sure PostgreSQL answers (starts or installs it)
#   down    stops the apps and the broker
#
# Environment: PG_URL [postgresql://postgres@127.0.0.1:5432], KAFKA_PORT [9092],
# GATEWAY_PORT [3000], DB_SUFFIX (appended to every database name, e.g. _test), KAFKA_STATE_DIR,
# PROVIDER_MODE [stubs]: `stubs` runs the local Stripe/Adyen/GoCardless stand-ins on
# PROVIDER_STUBS_PORT [GATEWAY_PORT+10] and points payment-sync at them; `live` calls the real
# providers with the keys of each connection. MAIL_SINK_PORT [1025]: the local SMTP sink that
# catches the webhooks app's emails (written to .local/mail/messages.jsonl) unless SMTP_URL is set.
# APP_NODE_FLAGS: extra node flags for the five apps, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
# (profiles are written when `npm stop` ends them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
PG_URL="${PG_URL:-postgresql://postgres@127.0.0.1:5432}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_PORT
KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
GATEWAY_PORT="${GATEWAY_PORT:-3000}"
DB_SUFFIX="${DB_SUFFIX:-}"
RUN_DIR="$ROOT/.local/run"
LOG_DIR="$ROOT/.local/logs"
KEY_FILE="$ROOT/.local/dev-api-key"
SECRETS_KEY_FILE="$ROOT/.local/payment-secrets-key"
APPS=(customers invoicing payment-sync webhooks gateway)
PROVIDER_MODE="${PROVIDER_MODE:-stubs}"
PROVIDER_STUBS_PORT="${PROVIDER_STUBS_PORT:-$((GATEWAY_PORT + 10))}"
STUBS_URL="http://127.0.0.1:$PROVIDER_STUBS_PORT"
MAIL_SINK_PORT="${MAIL_SINK_PORT:-1025}"
NODE="$ROOT/node_modules/.bin/node"

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

database_of() {
  case "$1" in
    payment-sync) echo "payments$DB_SUFFIX" ;;
    *) echo "$1$DB_SUFFIX" ;;
  esac
}
http_port_of() {
  case "$1" in
    gateway) echo "$GATEWAY_PORT" ;;
    customers) echo $((GATEWAY_PORT + 1)) ;;
    invoicing) echo $((GATEWAY_PORT + 2)) ;;
    payment-sync) echo $((GATEWAY_PORT + 3)) ;;
    webhooks) echo $((GATEWAY_PORT + 4)) ;;
  esac
}

ensure_node_modules() {
  if [[ ! -x "$NODE" ]]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund >/dev/null
  fi
}

ensure_postgres() {
  if pg_isready -q -d "$PG_URL/postgres" 2>/dev/null; then return; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      say "installing PostgreSQL (apt-get)"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      die "PostgreSQL is not reachable at $PG_URL and not installed; install it or set PG_URL"
    fi
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 120); do
    pg_isready -q -d "$PG_URL/postgres" && return
    sleep 0.25
  done
  die "PostgreSQL did not become ready at $PG_URL"
}

build() {
  say "building"
  "$NODE" node_modules/.bin/swc apps libs scripts -d dist -q
}

migrate() {
  for app in "${APPS[@]}"; do
    DATABASE_URL="$PG_URL/$(database_of "$app")" "$NODE" "dist/apps/$app/src/migrate.js"
  done
}

infra() {
  ensure_node_modules
  ensure_postgres
  bash "$ROOT/scripts/kafka.sh" start
  build
  KAFKA_BROKERS="$KAFKA_BROKERS" "$NODE" dist/scripts/create-topics.js
  migrate
}

# The key that seals payment-provider secrets: PAYMENT_SECRETS_KEY when set, else one generated
# once for this checkout under .local (git-ignored). Only payment-sync receives it.
secrets_key_for() {
  [[ "$1" == payment-sync ]] || return 0
  if [[ -n "${PAYMENT_SECRETS_KEY:-}" ]]; then printf '%s' "$PAYMENT_SECRETS_KEY"; return; fi
  if [[ ! -s "$SECRETS_KEY_FILE" ]]; then
    mkdir -p "$(dirname "$SECRETS_KEY_FILE")"
    (umask 077 && "$NODE" -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' >"$SECRETS_KEY_FILE")
  fi
  cat "$SECRETS_KEY_FILE"
}

pid_alive() { [[ -f "$RUN_DIR/$1.pid" ]] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }

# The provider endpoints payment-sync calls: the stand-ins, unless PROVIDER_MODE=live.
provider_env_for() {
  [[ "$1" == payment-sync && "$PROVIDER_MODE" == stubs ]] || return 0
  printf 'STRIPE_API_BASE=%s ADYEN_CHECKOUT_BASE=%s/adyen GOCARDLESS_API_BASE=%s/gocardless' "$STUBS_URL" "$STUBS_URL" "$STUBS_URL"
}

start_stubs() {
  [[ "$PROVIDER_MODE" == stubs ]] || return 0
  if pid_alive provider-stubs; then say "provider stubs already running"; return; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  PROVIDER_STUBS_PORT="$PROVIDER_STUBS_PORT" nohup "$NODE" --enable-source-maps dist/scripts/provider-stubs.js >>"$LOG_DIR/provider-stubs.log" 2>&1 &
  echo $! >"$RUN_DIR/provider-stubs.pid"
  for _ in $(seq 1 80); do
    curl -fsS -X GET "$STUBS_URL/__stub/health" >/dev/null 2>&1 && { say "provider stubs on $STUBS_URL"; return; }
    pid_alive provider-stubs || break
    sleep 0.25
  done
  tail -n 20 "$LOG_DIR/provider-stubs.log" >&2
  die "provider stubs did not start"
}

# Where the webhooks app sends email: SMTP_URL when set, else the local sink.
mail_env_for() {
  [[ "$1" == webhooks ]] || return 0
  printf 'SMTP_URL=%s WEBHOOK_ISSUER=http://127.0.0.1:%s' "${SMTP_URL:-smtp://127.0.0.1:$MAIL_SINK_PORT}" "$GATEWAY_PORT"
}

start_mail_sink() {
  [[ -z "${SMTP_URL:-}" ]] || return 0
  if pid_alive mail-sink; then say "mail sink already running"; return; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  MAIL_SINK_PORT="$MAIL_SINK_PORT" nohup "$NODE" --enable-source-maps dist/scripts/mail-sink.js >>"$LOG_DIR/mail-sink.log" 2>&1 &
  echo $! >"$RUN_DIR/mail-sink.pid"
  for _ in $(seq 1 80); do
    (exec 3<>"/dev/tcp/127.0.0.1/$MAIL_SINK_PORT") 2>/dev/null && { say "mail sink on smtp://127.0.0.1:$MAIL_SINK_PORT (.local/mail/messages.jsonl)"; return; }
    pid_alive mail-sink || break
    sleep 0.25
  done
  tail -n 20 "$LOG_DIR/mail-sink.log" >&2
  die "mail sink did not start"
}

start_app() {
  local app="$1" port
  port="$(http_port_of "$app")"
  if pid_alive "$app"; then say "$app already running (pid $(cat "$RUN_DIR/$app.pid"))"; return; fi
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # shellcheck disable=SC2046
  env DATABASE_URL="$PG_URL/$(database_of "$app")" KAFKA_BROKERS="$KAFKA_BROKERS" HTTP_PORT="$port" \
    KAFKAJS_NO_PARTITIONER_WARNING=1 PAYMENT_SECRETS_KEY="$(secrets_key_for "$app")" $(provider_env_for "$app") $(mail_env_for "$app") \
    nohup "$NODE" ${APP_NODE_FLAGS:-} --enable-source-maps "dist/apps/$app/src/main.js" >>"$LOG_DIR/$app.log" 2>&1 &
  echo $! >"$RUN_DIR/$app.pid"
}

wait_healthy() {
  local app="$1" port deadline
  port="$(http_port_of "$app")"
  deadline=$((SECONDS + 90))
  until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    pid_alive "$app" || { tail -n 40 "$LOG_DIR/$app.log" >&2; die "$app exited during startup (log: $LOG_DIR/$app.log)"; }
    ((SECONDS < deadline)) || { tail -n 40 "$LOG_DIR/$app.log" >&2; die "$app not healthy after 90 s"; }
    sleep 0.25
  done
  say "$app healthy on port $port"
}

up() {
  infra
  local key
  key="$(DATABASE_URL="$PG_URL/$(database_of gateway)" "$NODE" dist/apps/gateway/src/cli/seed-dev.js "$KEY_FILE")"
  start_stubs
  start_mail_sink
  for app in "${APPS[@]}"; do start_app "$app"; done
  for app in "${APPS[@]}"; do wait_healthy "$app"; done
  cat <<MSG

  Gateway:  http://127.0.0.1:$GATEWAY_PORT
  API key:  $key   (development organization; kept in .local/dev-api-key)
  Logs:     .local/logs/<app>.log      Stop: npm stop
  Email:    $([[ -z "${SMTP_URL:-}" ]] && echo "local sink, .local/mail/messages.jsonl" || echo "$SMTP_URL")
  Payment providers: $([[ "$PROVIDER_MODE" == stubs ]] && echo "local stand-ins on $STUBS_URL (PROVIDER_MODE=live for the real ones)" || echo "the real providers")

  curl -s -X POST http://127.0.0.1:$GATEWAY_PORT/api/v1/customers \\
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
    -d '{"customer":{"external_id":"cus_001","name":"Acme","email":"billing@acme.test","currency":"EUR","country":"FR"}}'
MSG
}

down() {
  for app in gateway customers invoicing payment-sync webhooks provider-stubs mail-sink; do
    if pid_alive "$app"; then
      local pid
      pid="$(cat "$RUN_DIR/$app.pid")"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null || true
      say "$app stopped"
    fi
    rm -f "$RUN_DIR/$app.pid"
  done
  bash "$ROOT/scripts/kafka.sh" stop
}

status() {
  for app in "${APPS[@]}"; do
    if pid_alive "$app"; then say "$app running (pid $(cat "$RUN_DIR/$app.pid"))"; else say "$app stopped"; fi
  done
  bash "$ROOT/scripts/kafka.sh" status || true
}

case "${1:-}" in
  up) up ;;
  infra) infra ;;
  postgres) ensure_postgres ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 <up|down|status|infra|postgres>" ;;
esac
